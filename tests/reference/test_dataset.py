"""The reference dataset as loaded: valid geometry and clean topology, the zone areas of the plan
(FACTS.md), zones clear of protected land and inside the province, plots following their
projects. How the loader behaves (idempotent, reprojecting, refusing and rolling back bad
files) is tested on the small world in ``tests/behaviour/test_dataset.py``."""

from __future__ import annotations

from sqlalchemy import Engine, text

from tests.dataset_checks import assert_geometry_clean

SEVEN_1499 = {"KP", "GK", "PS", "TD1", "TD2", "KC", "KS"}


def test_geometries_valid_and_topology_clean(engine: Engine) -> None:
    with engine.connect() as conn:
        assert_geometry_clean(conn)


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
