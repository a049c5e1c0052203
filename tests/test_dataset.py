"""The reference dataset: geometry, topology, FACTS.md consistency, idempotent and safe loads."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
from sqlalchemy import Engine, text

from izagis.dataset import REFERENCE_DIR, check_topology, load_dataset
from izagis.errors import DatasetError

SEVEN_1499 = {"KP", "GK", "PS", "TD1", "TD2", "KC", "KS"}


def _snapshot(engine: Engine) -> dict[str, object]:
    with engine.connect() as conn:
        return {
            table: conn.execute(
                text(f"SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t.id)) FROM {table} t")
            ).one()
            for table in (
                "zones",
                "plots",
                "projects",
                "project_events",
                "infrastructure",
                "constraint_areas",
                "boundaries",
            )
        }


def test_geometries_valid_and_topology_clean(engine: Engine) -> None:
    with engine.connect() as conn:
        for table in ("zones", "plots", "infrastructure", "constraint_areas", "boundaries"):
            invalid = conn.execute(text(f"SELECT count(*) FROM {table} WHERE NOT ST_IsValid(geom)"))
            assert invalid.scalar_one() == 0, table
        check_topology(conn)
        srids = (
            conn.execute(
                text("SELECT DISTINCT srid FROM geometry_columns WHERE f_table_schema = 'public'")
            )
            .scalars()
            .all()
        )
        assert set(srids) == {4326, 32648, 3857}
        unindexed = (
            conn.execute(
                text(
                    "SELECT g.f_table_name || '.' || g.f_geometry_column FROM geometry_columns g "
                    "WHERE g.f_table_schema = 'public' AND NOT EXISTS (SELECT 1 FROM pg_indexes i "
                    "WHERE i.tablename = g.f_table_name AND i.indexdef ILIKE '%USING gist%' "
                    "AND i.indexdef LIKE '%(' || g.f_geometry_column || ')%')"
                )
            )
            .scalars()
            .all()
        )
        assert unindexed == [], "every geometry column has a GiST index"


def test_zone_areas_match_the_plan(engine: Engine) -> None:
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT code, planned_area_ha::float8, area_m2 / 1e4 FROM zones")
        ).all()
    planned = {code: p for code, p, _ in rows}
    assert len(rows) == 11
    assert sum(planned[c] for c in SEVEN_1499) == 1472
    assert sum(planned.values()) > 2800
    for code, plan, area in rows:
        extra = 35 if code == "GK" else 0  # the 35 ha extension is mapped with Gián Khẩu
        assert abs(area - plan - extra) <= 0.1 * plan, (code, plan, area)


def test_zones_avoid_protected_land_and_stay_in_the_province(engine: Engine) -> None:
    with engine.connect() as conn:
        clash = conn.execute(
            text(
                "SELECT z.code, c.kind FROM zones z JOIN constraint_areas c "
                "ON ST_Intersects(z.geom, c.geom) "
                "AND ST_Area(ST_Intersection(z.geom_m, c.geom_m)) > 1"
                " WHERE c.kind IN ('heritage_property', 'heritage_buffer', 'national_park', "
                "'ramsar_wetland', 'residential')"
            )
        ).all()
        assert clash == []
        outside = (
            conn.execute(
                text(
                    "SELECT z.code FROM zones z, boundaries b WHERE b.kind = 'province' "
                    "AND NOT ST_CoveredBy(z.geom, b.geom)"
                )
            )
            .scalars()
            .all()
        )
        assert outside == []


def test_plots_follow_their_projects(engine: Engine) -> None:
    with engine.connect() as conn:
        mismatched = (
            conn.execute(
                text(
                    "SELECT p.code FROM plots p JOIN projects pr ON pr.id = p.project_id "
                    "WHERE p.status <> pr.status OR p.zone_id <> pr.zone_id"
                )
            )
            .scalars()
            .all()
        )
        assert mismatched == []
        homeless = (
            conn.execute(
                text(
                    "SELECT pr.code FROM projects pr WHERE pr.kind = 'secondary' AND NOT EXISTS "
                    "(SELECT 1 FROM plots p WHERE p.project_id = pr.id)"
                )
            )
            .scalars()
            .all()
        )
        assert homeless == []


def test_load_is_idempotent(scratch: Engine) -> None:
    first = load_dataset(scratch)
    before = _snapshot(scratch)
    second = load_dataset(scratch)
    assert first == second
    assert _snapshot(scratch) == before


def _copy_reference(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(REFERENCE_DIR, folder, ignore=shutil.ignore_patterns("*.py", "*.md"))
    return folder


def _write_layer(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Lists travel as JSON text (GeoPackage has no list type; geopandas would str() them)."""
    for column in ("target_industries", "excluded_industries"):
        if column in frame:
            frame[column] = frame[column].map(lambda v: json.dumps(list(v)))
    frame.to_file(path, driver="GPKG" if path.suffix == ".gpkg" else "GeoJSON")


def test_vn2000_geopackage_is_reprojected(scratch: Engine, tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path, "vn2000")
    for name in ("zones", "plots"):
        frame = gpd.read_file(folder / f"{name}.geojson").to_crs(5897)
        (folder / f"{name}.geojson").unlink()
        _write_layer(frame, folder / f"{name}.gpkg")
    load_dataset(scratch, folder)
    with scratch.connect() as conn:
        area = conn.execute(text("SELECT sum(area_m2) FROM zones")).scalar_one()
        check_topology(conn)
    ref = gpd.read_file(REFERENCE_DIR / "zones.geojson").to_crs(32648).area.sum()
    assert abs(area - ref) / ref < 0.002


def test_wrong_crs_is_refused_with_a_hint(scratch: Engine, tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path, "lying")
    zones = gpd.read_file(folder / "zones.geojson").to_crs(5897)
    zones = zones.set_crs(4326, allow_override=True)  # VN-2000 TM-3 metres claimed as lon/lat
    (folder / "zones.geojson").unlink()
    _write_layer(zones, folder / "zones.gpkg")
    with pytest.raises(DatasetError, match="do not fall in Vietnam.*EPSG:5897"):
        load_dataset(scratch, folder)


def test_bad_plot_rolls_back_everything(scratch: Engine, tmp_path: Path) -> None:
    folder = _copy_reference(tmp_path, "bad")
    plots = gpd.read_file(folder / "plots.geojson")
    plots.loc[0, "geometry"] = plots.geometry[0].buffer(0.01)  # ~1 km beyond its zone
    plots.to_file(folder / "plots.geojson", driver="GeoJSON")
    with pytest.raises(DatasetError, match="outside their zone"):
        load_dataset(scratch, folder)
    assert _snapshot(scratch)["zones"][0] == 0  # type: ignore[index]


def test_optional_columns_may_be_left_out_required_ones_not(
    scratch: Engine, tmp_path: Path
) -> None:
    folder = _copy_reference(tmp_path, "sparse")
    zones = gpd.read_file(folder / "zones.geojson")
    zones = zones.drop(columns=["developer", "power_used_mva"]).assign(surveyor="IZA 2024")
    _write_layer(zones, folder / "zones.geojson")
    load_dataset(scratch, folder)
    with scratch.connect() as conn:
        row = conn.execute(text("SELECT developer, power_used_mva FROM zones WHERE code = 'GK'"))
        assert tuple(row.one()) == (None, 0)

    broken = _copy_reference(tmp_path, "broken")
    _write_layer(
        gpd.read_file(broken / "zones.geojson").drop(columns=["name_vi"]), broken / "zones.geojson"
    )
    with pytest.raises(DatasetError, match="zones: .*name_vi"):
        load_dataset(scratch, broken)
