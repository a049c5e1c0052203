"""The small world says what it holds: these checks keep its stated facts (``world.py``'s
docstring) true, so that no behaviour test passes because its scenario silently vanished."""

from __future__ import annotations

import itertools

import pytest
from shapely.ops import unary_union

from tests.behaviour import world


def test_plots_tile_their_zones_without_overlap() -> None:
    for zone in world.ZONES:
        plots = world.plots_of(zone.code)
        assert plots, zone.code
        union = unary_union([p.shape for p in plots])
        assert union.area == pytest.approx(sum(p.shape.area for p in plots))
        assert union.equals(zone.shape) and union.geom_type == "Polygon"
        # planned_area_ha is the drawn (planar) area, to the hectare
        assert abs(zone.shape.area / 1e4 - zone.planned_area_ha) < 1, zone.code
    for a, b in itertools.combinations(world.PLOTS, 2):
        assert a.shape.intersection(b.shape).area < 1e-6, (a.code, b.code)
    codes = [p.code for p in world.PLOTS]
    assert len(codes) == len(set(codes))


def test_the_free_land_is_as_stated() -> None:
    free = [p.code for p in world.PLOTS if p.leasable and p.status == "free"]
    assert free == ["ZA-08", "ZA-09", "ZA-10", "ZA-11", "ZA-13", "ZB-02", "ZB-05", "ZB-06", "ZB-07"]
    assert [p.code for p in world.PLOTS if p.status == "reserved"] == ["ZA-06"]
    assert all(world.plot(c).area_ha < 10 for c in free if c.startswith("ZA"))
    assert round(world.plot("ZB-02").area_ha) == 12 and round(world.plot("ZB-06").area_ha) == 15
    years = {p.leasable_year for p in world.PLOTS if p.status == "planned"}
    assert years == {2028, 2030}
    assert all((p.status == "planned") == (p.leasable_year is not None) for p in world.PLOTS)


def test_adjacency_across_zones_and_at_corners() -> None:
    za13, zb05 = world.plot("ZA-13"), world.plot("ZB-05")
    assert za13.zone != zb05.zone and world.shared_edge_m(za13, zb05) == pytest.approx(260)
    zc01, zc04 = world.plot("ZC-01"), world.plot("ZC-04")
    assert zc01.shape.touches(zc04.shape) and world.shared_edge_m(zc01, zc04) == 0
    assert world.shared_edge_m(world.plot("ZB-05"), world.plot("ZB-06")) == pytest.approx(300)


def test_the_protected_area_covers_one_leasable_plot() -> None:
    protected = [c for c in world.CONSTRAINTS if c.kind in world.PROTECTED_KINDS]
    assert [c.code for c in protected] == ["NP-01"]
    inside = [p.code for p in world.PLOTS if p.leasable and p.shape.intersects(protected[0].shape)]
    assert inside == ["ZB-07"]


def test_zone_terms_as_stated() -> None:
    za, zb, zc = (world.zone(c) for c in ("ZA", "ZB", "ZC"))
    assert [za.free("power"), za.free("water"), za.free("wastewater")] == [15, 1000, 600]
    assert [zb.free("power"), zb.free("water"), zb.free("wastewater")] == [1, 400, 200]
    assert [zc.free("power"), zc.free("water"), zc.free("wastewater")] == [30, 2000, 1500]
    assert [z.admits("2930") for z in (za, zb, zc)] == [True, True, False]
    assert [z.admits("2610") for z in (za, zb, zc)] == [False, True, True]
    assert [z.admits("20") for z in (za, zb, zc)] == [False, False, True]


def test_projects_hold_the_plots_that_follow_them() -> None:
    projects = {p.code: p for p in world.PROJECTS}
    for plot in world.PLOTS:
        if plot.project is not None:
            project = projects[plot.project]
            assert (plot.status, plot.zone) == (project.status, project.zone_code), plot.code
    tenants = {p.code for p in world.PROJECTS if p.kind == "secondary"}
    assert tenants == {p.project for p in world.PLOTS if p.project}
    assert all(p.capital_usd_m is not None for p in world.PROJECTS if p.is_fdi)
    assert {e.project_code for e in world.EVENTS} <= set(projects)
    assert {e.year for e in world.EVENTS} == {2023, 2024}


def test_distances_are_as_drawn() -> None:
    """A few distances, by the arithmetic of the map (metres)."""
    za08, za10, zb06, zc01 = (world.plot(c) for c in ("ZA-08", "ZA-10", "ZB-06", "ZC-01"))
    assert world.distance_m(za08.shape, "residential") == pytest.approx(500)
    assert world.distance_m(za08.shape, "national_road") == pytest.approx(2320)
    assert world.distance_m(za10.shape, "expressway_interchange") == pytest.approx(1860)
    assert world.distance_m(zb06.shape, "national_park") == pytest.approx(50)
    assert world.distance_m(zc01.shape, "expressway_interchange") == pytest.approx(
        (4500**2 + 1500**2) ** 0.5
    )
    assert world.distance_m(za08.shape, "ramsar_wetland") is None
    hanoi = world.distance_m(za08.shape, "hanoi")
    assert hanoi is not None and 79_000 < hanoi < 81_000
