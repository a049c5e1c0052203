"""The proposal check (POST /api/v1/proposals/check) on boundaries built for the test: its
area, overlaps and distances re-measured with shapely and pyproj, a boundary cutting into the
Tràng An buffer refused with the hectares of overlap, the Gián Khẩu extension passing the
location rules, invalid boundaries refused, and planners and admins only."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import geopandas as gpd
import httpx
import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import Polygon, mapping, shape
from shapely.geometry.base import BaseGeometry

from izagis.crs import pinned_transformer
from izagis.dataset import REFERENCE_DIR
from izagis.proposals import default_rules
from izagis.vocab import Role
from tests.test_planning import bearer, people, server  # noqa: F401  (the fixtures)

GEOD = Geod(ellps="WGS84")
TO_UTM = Transformer.from_crs(4326, 32648, always_xy=True)
LOCATION_CHECKS = ("max_overlap_ha", "min_distance_m", "max_distance_km")


def features(layer: str) -> list[dict[str, Any]]:
    data = json.loads((REFERENCE_DIR / f"{layer}.geojson").read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = data["features"]
    return found


def one(layer: str, **where: str) -> dict[str, Any]:
    return next(f for f in features(layer) if where.items() <= f["properties"].items())


def geodesic_ha(geom: BaseGeometry) -> float:
    return abs(GEOD.geometry_area_perimeter(geom)[0]) / 1e4


def utm(geom: BaseGeometry) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: list(zip(*TO_UTM.transform(*xy.T), strict=True)))


@pytest.fixture(scope="module")
def planner(server: httpx.Client) -> dict[str, str]:  # noqa: F811
    return bearer(server, Role.PLANNER)


def post(client: httpx.Client, body: object, headers: dict[str, str]) -> httpx.Response:
    return client.post("/api/v1/proposals/check", json=body, headers=headers)


def across_the_buffer() -> Polygon:
    """A 1.2 km square centred on the Tràng An buffer's outline, half in, half out."""
    buffer = shape(one("constraints", kind="heritage_buffer")["geometry"])
    ring = buffer.exterior if buffer.geom_type == "Polygon" else buffer.geoms[0].exterior
    centre = ring.interpolate(0.35, normalized=True)
    return Polygon(centre.buffer(0.0055, cap_style="square").exterior.coords)


def test_a_proposal_cutting_into_the_trang_an_buffer_fails_with_its_hectares(
    server: httpx.Client,  # noqa: F811
    planner: dict[str, str],
) -> None:
    proposal = across_the_buffer()
    buffer = shape(one("constraints", kind="heritage_buffer")["geometry"])
    area, cut = geodesic_ha(proposal), geodesic_ha(proposal.intersection(buffer))
    assert 0 < cut < area
    res = post(
        server, {"type": "Feature", "properties": {}, "geometry": mapping(proposal)}, planner
    )
    answer = res.json()
    assert res.status_code == 200, answer
    assert answer["area_ha"] == pytest.approx(area, rel=1e-4)
    overlap = next(o for o in answer["overlaps"] if o["kind"] == "heritage_buffer")
    assert overlap["overlap_ha"] == pytest.approx(cut, rel=1e-3)
    assert overlap["share_pct"] == pytest.approx(100 * cut / area, rel=1e-3)
    assert answer["passed"] is False
    verdict = next(r for r in answer["rules"] if r["rule"] == "no overlap with a heritage buffer")
    assert verdict["passed"] is False
    assert f"{cut:.2f} ha" in verdict["detail"]
    # Distances are from the boundary: 0 to the buffer it cuts, and the interchange's
    # distance as shapely measures it in UTM 48N.
    assert answer["distances_km"]["heritage_buffer"] == 0
    interchanges = [
        shape(f["geometry"])
        for f in features("infrastructure")
        if f["properties"]["kind"] == "expressway_interchange"
    ]
    nearest = min(utm(proposal).distance(utm(p)) for p in interchanges) / 1000
    assert answer["distances_km"]["expressway_interchange"] == pytest.approx(nearest, abs=0.002)
    assert answer["distances_km"]["hanoi"] > 50


def test_the_gian_khau_extension_passes_the_location_rules(
    server: httpx.Client,  # noqa: F811
    planner: dict[str, str],
) -> None:
    extension = one("zone_phases", code="GK-2")
    answer = post(server, extension, planner).json()
    outline = shape(extension["geometry"])
    assert answer["area_ha"] == pytest.approx(geodesic_ha(outline), rel=1e-4)
    location = [
        r
        for r in answer["rules"]
        if any(r["rule"] == rule.rule for rule in default_rules() if rule.check in LOCATION_CHECKS)
    ]
    assert len(location) == 4 and all(r["passed"] for r in location), location
    # It lies in Gián Khẩu: an overlap of kind "zone", all of its area.
    zones = [o for o in answer["overlaps"] if o["kind"] == "zone"]
    assert [o["code"] for o in zones] == ["GK"]
    assert zones[0]["share_pct"] == pytest.approx(100, abs=0.01)
    assert not [o for o in answer["overlaps"] if o["kind"] != "zone"]
    # It holds plots, so the land-use shares are judged too, each with its source.
    shares = [r for r in answer["rules"] if r not in location]
    assert len(shares) == 3 and all("QCVN 01:2021/BXD" in r["source"] for r in shares)


def test_every_default_rule_cites_its_source() -> None:
    rules = default_rules()
    assert len(rules) >= 5
    for rule in rules:
        assert len(rule.source) > 30, rule
        assert "ILLUSTRATIVE" in rule.source or "28/2001/QH10" in rule.source, rule


def test_a_bare_geometry_is_accepted_and_bad_boundaries_are_refused(
    server: httpx.Client,  # noqa: F811
    planner: dict[str, str],
) -> None:
    square = across_the_buffer()
    assert post(server, mapping(square), planner).status_code == 200
    x0, y0, x1, y1 = square.bounds
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]],
    }
    res = post(server, bowtie, planner)
    assert res.status_code == 422 and res.json()["field"] == "geometry"
    assert "not a valid polygon" in res.json()["message"]
    paris = {
        "type": "Polygon",
        "coordinates": [[[2.3, 48.8], [2.4, 48.8], [2.4, 48.9], [2.3, 48.8]]],
    }
    res = post(server, paris, planner)
    assert res.status_code == 422 and "not in Vietnam" in res.json()["message"]
    point = {"type": "Point", "coordinates": [105.9, 20.2]}
    assert post(server, point, planner).status_code == 422


def test_proposals_are_for_planners_and_admins(server: httpx.Client) -> None:  # noqa: F811
    body = mapping(across_the_buffer())
    assert post(server, body, {}).status_code == 401
    assert post(server, body, bearer(server, Role.STAFF)).status_code == 403
    assert post(server, body, bearer(server, Role.ADMIN)).status_code == 200


def _file(folder: Path, kind: str, boundary: Polygon) -> Path:
    """``boundary`` written as an import would receive it: GeoJSON and KML in WGS 84, a
    zipped Shapefile and a GeoPackage in VN-2000 / TM-3 105° (EPSG:5897), moved there
    through EPSG:6960 as izagis moves it back."""
    to_vn2000 = pinned_transformer(4326, 5897)
    vn2000 = shapely.transform(boundary, lambda xy: np.column_stack(to_vn2000.transform(*xy.T)))
    if kind in ("geojson", "kml"):
        frame = gpd.GeoDataFrame({"name": ["proposal"]}, geometry=[boundary], crs=4326)
    else:
        frame = gpd.GeoDataFrame({"name": ["proposal"]}, geometry=[vn2000], crs=5897)
    if kind == "shp.zip":
        frame.to_file(folder / "boundary.shp")
        path = folder / "boundary.shp.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for part in folder.glob("boundary.*"):
                if part.suffix != ".zip":
                    archive.write(part, part.name)
        return path
    path = folder / f"boundary.{kind}"
    frame.to_file(path, driver={"geojson": "GeoJSON", "kml": "KML", "gpkg": "GPKG"}[kind])
    return path


@pytest.mark.parametrize("kind", ["geojson", "kml", "shp.zip", "gpkg"])
def test_a_boundary_uploaded_as_a_file_is_checked_the_same(
    server: httpx.Client,  # noqa: F811
    planner: dict[str, str],
    tmp_path: Path,
    kind: str,
) -> None:
    boundary = across_the_buffer()
    drawn = post(server, mapping(boundary), planner).json()
    path = _file(tmp_path, kind, boundary)
    res = server.post(
        "/api/v1/proposals/check-file",
        files={"file": (path.name, path.read_bytes())},
        headers=planner,
    )
    answer = res.json()
    assert res.status_code == 200, answer
    assert answer["area_ha"] == pytest.approx(drawn["area_ha"], rel=1e-4)
    cut = next(o for o in answer["overlaps"] if o["kind"] == "heritage_buffer")
    drawn_cut = next(o for o in drawn["overlaps"] if o["kind"] == "heritage_buffer")
    assert cut["overlap_ha"] == pytest.approx(drawn_cut["overlap_ha"], rel=1e-3)
    assert answer["passed"] is False
    # the boundary as read, in WGS 84, so that the page draws it and saves it
    read = shape(answer["boundary"])
    assert answer["boundary"]["type"] == "MultiPolygon"
    assert read.hausdorff_distance(boundary) < 1e-6  # degrees: about 10 cm, through VN-2000


def test_an_unreadable_upload_is_refused_with_its_reason(
    server: httpx.Client,  # noqa: F811
    planner: dict[str, str],
) -> None:
    res = server.post(
        "/api/v1/proposals/check-file",
        files={"file": ("boundary.txt", b"not a map")},
        headers=planner,
    )
    assert res.status_code == 422 and res.json()["field"] == "file"
    assert "extension" in res.json()["message"]
