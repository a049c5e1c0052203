"""The loader on the small world: what one load writes, idempotent reloads, VN-2000 layers
reprojected, lying CRS refused with a hint, bad files rolled back whole, optional columns."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.affinity import translate
from shapely.geometry import Polygon
from sqlalchemy import Engine, text

from izagis.dataset import check_topology, load_dataset
from izagis.errors import DatasetError
from tests.behaviour import world
from tests.dataset_checks import assert_geometry_clean

TABLES = (
    "zones",
    "plots",
    "projects",
    "project_events",
    "infrastructure",
    "constraint_areas",
    "boundaries",
)
WORLD_COUNTS = {
    "zones": len(world.ZONES),
    "projects": len(world.PROJECTS),
    "project_events": len(world.EVENTS),
    "plots": len(world.PLOTS),
    "infrastructure": len(world.INFRASTRUCTURE),
    "constraint_areas": len(world.CONSTRAINTS),
    "boundaries": 1,
}


def _snapshot(engine: Engine) -> dict[str, tuple[int, str | None]]:
    with engine.connect() as conn:
        snapshot: dict[str, tuple[int, str | None]] = {}
        for table in TABLES:
            count, digest = conn.execute(
                text(f"SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t.id)) FROM {table} t")
            ).one()
            snapshot[table] = (int(count), digest)
        return snapshot


def _write(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Replace a layer of a dataset folder by ``frame`` (GeoJSON or GeoPackage by suffix)."""
    for old in path.parent.glob(f"{path.stem}.*"):
        old.unlink()
    frame.to_file(path, driver="GPKG" if path.suffix == ".gpkg" else "GeoJSON", engine="pyogrio")


def test_geometries_valid_and_topology_clean(world_engine: Engine) -> None:
    with world_engine.connect() as conn:
        assert_geometry_clean(conn)


def test_one_load_writes_the_world(world_engine: Engine) -> None:
    snapshot = _snapshot(world_engine)
    assert {table: count for table, (count, _) in snapshot.items()} == WORLD_COUNTS
    with world_engine.connect() as conn:
        areas: dict[str, float] = dict(
            conn.execute(text("SELECT code, area_m2 / 1e4 FROM plots")).all()
        )
        held = conn.execute(
            text("SELECT p.code FROM holds h JOIN plots p ON p.id = h.plot_id ORDER BY 1")
        )
        assert held.scalars().all() == [p.code for p in world.PLOTS if p.status == "reserved"]
        stored: dict[str, str] = dict(conn.execute(text("SELECT code, status FROM plots")).all())
    for plot in world.PLOTS:
        assert areas[plot.code] == pytest.approx(plot.area_ha, abs=1e-4), plot.code
        # "reserved" is stored free with an open hold; every other status as the file says.
        assert stored[plot.code] == ("free" if plot.status == "reserved" else plot.status)


def test_load_is_idempotent(scratch: Engine, world_copy: Path) -> None:
    first = load_dataset(scratch, world_copy)
    before = _snapshot(scratch)
    second = load_dataset(scratch, world_copy)
    assert first == second == WORLD_COUNTS
    assert _snapshot(scratch) == before


@pytest.mark.parametrize("epsg", [5897, 3405, 4756])
def test_vn2000_geopackage_is_reprojected(scratch: Engine, world_copy: Path, epsg: int) -> None:
    layers = world.layers()
    for name in ("zones", "plots"):
        _write(layers[name].to_crs(epsg), world_copy / f"{name}.gpkg")
    load_dataset(scratch, world_copy)
    with scratch.connect() as conn:
        area = conn.execute(text("SELECT sum(area_m2) FROM zones")).scalar_one() / 1e4
        plots: dict[str, float] = dict(
            conn.execute(text("SELECT code, area_m2 / 1e4 FROM plots")).all()
        )
        check_topology(conn)
    expected = sum(z.area_ha for z in world.ZONES)
    assert abs(area - expected) / expected < 0.002
    for plot in world.PLOTS:
        assert plots[plot.code] == pytest.approx(plot.area_ha, rel=0.002), plot.code


def test_wrong_crs_is_refused_with_a_hint(scratch: Engine, world_copy: Path) -> None:
    zones = world.layers()["zones"].to_crs(5897)
    zones = zones.set_crs(4326, allow_override=True)  # VN-2000 TM-3 metres claimed as lon/lat
    _write(zones, world_copy / "zones.gpkg")
    with pytest.raises(DatasetError, match="do not fall in Vietnam.*EPSG:5897"):
        load_dataset(scratch, world_copy)


def _outside(plots: gpd.GeoDataFrame) -> None:
    plots.loc[0, "geometry"] = plots.geometry[0].buffer(0.01)  # ~1 km beyond its zone


def _overlapping(plots: gpd.GeoDataFrame) -> None:
    """ZA-09 drawn 50 m west, over half of ZA-08 (still inside ZA)."""
    i = plots.index[plots["code"] == "ZA-09"][0]
    moved = translate(world.plot("ZA-09").shape, xoff=-50)
    plots.loc[i, "geometry"] = world.to_wgs84(moved)


def _unknown_zone(plots: gpd.GeoDataFrame) -> None:
    plots.loc[plots["code"] == "ZC-05", "zone_code"] = "ZX"


def _invalid(plots: gpd.GeoDataFrame) -> None:
    x0, y0, x1, y1 = plots.geometry[3].bounds
    plots.loc[3, "geometry"] = Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])  # a bow tie


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (_outside, "feature 1 \\(ZA-01\\): outside its zone ZA"),
        (_overlapping, "\\(ZA-08\\): overlaps ZA-09 \\(feature 9\\) by 15000.0 m²"),
        (_unknown_zone, "\\(ZC-05\\): unknown zone_code ZX"),
        (_invalid, "\\(ZA-04\\): invalid geometry \\(Self-intersection"),
    ],
)
def test_bad_plot_rolls_back_everything(
    scratch: Engine,
    world_copy: Path,
    spoil: Callable[[gpd.GeoDataFrame], None],
    message: str,
) -> None:
    plots = world.layers()["plots"]
    spoil(plots)
    _write(plots, world_copy / "plots.geojson")
    with pytest.raises(DatasetError, match=message):
        load_dataset(scratch, world_copy)
    assert _snapshot(scratch)["zones"][0] == 0


def test_a_bad_reload_leaves_the_loaded_data_alone(
    scratch: Engine, world_copy: Path, tmp_path: Path
) -> None:
    load_dataset(scratch, world_copy)
    before = _snapshot(scratch)
    spoiled = world.write(tmp_path / "spoiled")
    zones = world.layers()["zones"]
    zones.loc[0, "lease_price_usd_m2"] = 1.0  # a change that would be written...
    _write(zones, spoiled / "zones.geojson")
    plots = world.layers()["plots"]
    _outside(plots)  # ...were it not for a plot outside its zone
    _write(plots, spoiled / "plots.geojson")
    with pytest.raises(DatasetError, match="outside its zone"):
        load_dataset(scratch, spoiled)
    assert _snapshot(scratch) == before


def test_optional_columns_may_be_left_out_required_ones_not(
    scratch: Engine, world_copy: Path, tmp_path: Path
) -> None:
    zones = world.layers()["zones"]
    sparse = zones.drop(columns=["developer", "power_used_mva"]).assign(surveyor="IZA 2024")
    _write(sparse, world_copy / "zones.geojson")
    load_dataset(scratch, world_copy)
    with scratch.connect() as conn:
        row = conn.execute(text("SELECT developer, power_used_mva FROM zones WHERE code = 'ZA'"))
        assert tuple(row.one()) == (None, 0)

    broken = world.write(tmp_path / "broken")
    _write(zones.drop(columns=["name_vi"]), broken / "zones.geojson")
    with pytest.raises(DatasetError, match="zones: .*name_vi"):
        load_dataset(scratch, broken)
