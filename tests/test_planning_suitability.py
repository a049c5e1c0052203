"""The suitability surface: its masked cells are exactly those inside constraint areas and
zones, the best cell's score recomputed independently (pyproj, shapely and the value
functions' breakpoints), the GeoTIFF a Cloud-Optimized GeoTIFF that rasterio opens in UTM 48N,
and the heat layer's map tiles hot where the grid is high and clear where it is masked. (The
time the province's grid takes is measured by ``python -m bench.suitability``.)"""

from __future__ import annotations

import io
import json
from typing import Any

import httpx
import numpy as np
import pytest
import rasterio
import shapely
from matplotlib.image import imread
from pyproj import Transformer
from shapely.geometry import shape
from sqlalchemy import Engine

from izagis import suitability
from izagis.dataset import REFERENCE_DIR
from izagis.needs import PROTECTED_KINDS
from izagis.value_function_defaults import DEFAULTS
from izagis.vocab import Role
from tests.test_planning import bearer, people, server  # noqa: F401  (the fixtures)

TO_UTM = Transformer.from_crs(4326, 32648, always_xy=True)
UTM_TO_MERCATOR = Transformer.from_crs(32648, 3857, always_xy=True)
ACCESS = (
    "expressway_interchange",
    "seaport",
    "river_port",
    "railway_station",
    "national_road",
    "substation",
)


def layer(name: str) -> list[dict[str, Any]]:
    data = json.loads((REFERENCE_DIR / f"{name}.geojson").read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = data["features"]
    return found


def utm(feature: dict[str, Any]) -> shapely.Geometry:
    return shapely.transform(
        shape(feature["geometry"]), lambda xy: np.column_stack(TO_UTM.transform(*xy.T))
    )


@pytest.fixture(scope="module")
def surface(people: Engine) -> suitability.Surface:  # noqa: F811
    with people.connect() as conn:
        return suitability.surface(conn, suitability.parse_weights(None))


def centres(result: suitability.Surface) -> tuple[np.ndarray, np.ndarray]:
    rows, cols = result.scores.shape
    xs = result.west + (np.arange(cols) + 0.5) * result.cell_m
    ys = result.north - (np.arange(rows) + 0.5) * result.cell_m
    return np.meshgrid(xs, ys)


def test_masked_cells_are_those_in_constraint_areas_and_zones(
    surface: suitability.Surface,
) -> None:
    gx, gy = centres(surface)
    province = shapely.union_all([utm(f) for f in layer("province")])
    inside = shapely.contains_xy(province, gx, gy)
    blocked = np.zeros_like(inside)
    for f in [*layer("constraints"), *layer("zones")]:
        blocked |= shapely.contains_xy(utm(f), gx, gy)
    nodata = surface.scores == suitability.NODATA
    assert np.array_equal(nodata, ~inside | blocked)
    live = int((~nodata).sum())
    assert 90_000 < live and int(inside.sum()) > 130_000  # about 1,390 km² at 100 m
    assert surface.scores[~nodata].min() >= 0 and surface.scores[~nodata].max() <= 1


def test_the_best_cell_s_score_recomputed_independently(surface: suitability.Surface) -> None:
    row, col = np.unravel_index(np.argmax(surface.scores), surface.scores.shape)
    x, y = surface.centre(int(row), int(col))
    point = shapely.Point(x, y)
    infrastructure, constraints = layer("infrastructure"), layer("constraints")

    def km(features: list[dict[str, Any]]) -> float:
        return min(point.distance(utm(f)) for f in features) / 1000

    values = {
        kind: km([f for f in infrastructure if f["properties"]["kind"] == kind]) for kind in ACCESS
    }
    values["hanoi"] = km([f for f in infrastructure if f["properties"]["name_en"] == "Hanoi"])
    values["labour_pool"] = km([f for f in constraints if f["properties"]["kind"] == "residential"])
    values["constraint_margin"] = km(
        [f for f in constraints if f["properties"]["kind"] in PROTECTED_KINDS]
    )
    weights = {
        "expressway_interchange": 2.0,
        "seaport": 1.0,
        "river_port": 0.5,
        "railway_station": 0.5,
        "national_road": 1.0,
        "substation": 1.0,
        "hanoi": 1.0,
        "labour_pool": 1.0,
        "constraint_margin": 1.0,
    }  # the general profile's, from izagis/criteria.py, for the criteria a cell has
    expected = sum(
        w
        * np.interp(
            values[name],
            [b.x for b in DEFAULTS[name].breakpoints],
            [b.value for b in DEFAULTS[name].breakpoints],
        )
        for name, w in weights.items()
    ) / sum(weights.values())
    assert surface.scores[row, col] == pytest.approx(expected, abs=1e-5)


def test_the_geotiff_is_a_cog_in_utm_and_weights_change_it(
    server: httpx.Client,  # noqa: F811
) -> None:
    headers = bearer(server, Role.PLANNER)
    res = server.get("/api/v1/planning/suitability.tif", headers=headers)
    assert res.status_code == 200 and res.headers["content-type"] == "image/tiff"
    with rasterio.open(io.BytesIO(res.content)) as src:
        assert src.crs.to_epsg() == 32648 and src.res == (100.0, 100.0)
        assert src.nodata == suitability.NODATA and src.profile["tiled"]
        assert src.overviews(1)  # cloud-optimised: internal overviews
        general = src.read(1)
        assert "expressway_interchange" in json.loads(src.tags()["weights"])
    only_hanoi = server.get(
        "/api/v1/planning/suitability.tif",
        params={"weights": json.dumps({"hanoi": 1})},
        headers=headers,
    )
    with rasterio.open(io.BytesIO(only_hanoi.content)) as src:
        near_hanoi = src.read(1)
    assert not np.array_equal(general, near_hanoi)
    assert np.array_equal(general == suitability.NODATA, near_hanoi == suitability.NODATA)
    image = server.get("/api/v1/planning/suitability.png", headers=headers)
    assert image.content.startswith(b"\x89PNG")
    south, west, north, east = (float(v) for v in image.headers["x-bounds"].split(","))
    assert 19.8 < south < north < 20.6 and 105.4 < west < east < 106.3
    for bad in ("not json", json.dumps({"nope": 1}), json.dumps({"hanoi": -1}), "{}"):
        refused = server.get(
            "/api/v1/planning/suitability.tif", params={"weights": bad}, headers=headers
        )
        assert refused.status_code == 422 and refused.json()["field"] == "weights", bad


def pixel(x: float, y: float, z: int) -> tuple[int, int, int, int]:
    """The XYZ tile holding the UTM 48N point (x, y) at zoom ``z``, and the pixel in it."""
    mx, my = UTM_TO_MERCATOR.transform(x, y)
    size = 2 * suitability.WEB_MERCATOR_HALF / 2**z
    fx = (mx + suitability.WEB_MERCATOR_HALF) / size
    fy = (suitability.WEB_MERCATOR_HALF - my) / size
    return int(fx), int(fy), int((fx % 1) * 256), int((fy % 1) * 256)


def test_the_heat_tiles_are_hot_where_the_grid_is_high(
    server: httpx.Client,  # noqa: F811
    surface: suitability.Surface,
) -> None:
    """The tile over the best cell shows, at that cell's centre, the ramp's colour of its
    score; the tile over a zone's masked centre is clear there; tiles far away are empty."""
    headers = bearer(server, Role.PLANNER)
    z = 14
    row, col = np.unravel_index(np.argmax(surface.scores), surface.scores.shape)
    best = float(surface.scores[row, col])
    tx, ty, px, py = pixel(*surface.centre(int(row), int(col)), z)
    res = server.get(f"/api/v1/planning/suitability/{z}/{tx}/{ty}.png", headers=headers)
    assert res.status_code == 200 and res.headers["content-type"] == "image/png", res.text
    rgba = (imread(io.BytesIO(res.content)) * 255).round().astype(int)
    assert rgba.shape == (256, 256, 4)
    expected = suitability.heat_colours(np.array([[best]], dtype=np.float32))[0, 0]
    assert np.abs(rgba[py, px] - expected).max() <= 1
    assert best > 0.5 and rgba[py, px, 3] == suitability.HEAT_ALPHA
    # a masked cell: the centre of a zone
    zone = next(f for f in layer("zones") if f["properties"]["code"] == "KP")
    centre = utm(zone).representative_point()
    r = int((surface.north - centre.y) // surface.cell_m)
    c = int((centre.x - surface.west) // surface.cell_m)
    assert surface.scores[r, c] == suitability.NODATA
    tx, ty, px, py = pixel(centre.x, centre.y, z)
    masked = server.get(f"/api/v1/planning/suitability/{z}/{tx}/{ty}.png", headers=headers)
    assert (imread(io.BytesIO(masked.content)) * 255).round()[py, px, 3] == 0
    far = server.get("/api/v1/planning/suitability/3/0/0.png", headers=headers)
    assert far.status_code == 200 and (imread(io.BytesIO(far.content))[..., 3] == 0).all()
    outside = server.get("/api/v1/planning/suitability/3/8/0.png", headers=headers)
    assert outside.status_code == 422 and outside.json()["field"] == "x"
    assert server.get(f"/api/v1/planning/suitability/{z}/{tx}/{ty}.png").status_code == 401


def test_tiles_asked_at_once_compute_the_surface_once(
    people: Engine,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A map asks for a dozen tiles at once: one computes the surface, the rest wait for it."""
    import threading

    computed: list[int] = []
    real = suitability.compute

    def counted(*args: Any, **kwargs: Any) -> suitability.Surface:
        computed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(suitability, "compute", counted)
    weights = {"hanoi": 1.0, "seaport": 2.0}  # weights no other test uses: not cached yet
    results: list[suitability.Surface] = []

    def tile() -> None:
        with people.connect() as conn:
            results.append(suitability.surface(conn, weights))

    threads = [threading.Thread(target=tile) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 6 and len(computed) == 1
    assert all(r is results[0] for r in results)
