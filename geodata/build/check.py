"""The self-check: reads the written files back and checks them against ``facts``.

Each ``check_*`` function takes the files as read by ``readback.read_dataset`` and returns
None, or raises ``CheckFailure`` (an ``AssertionError``) naming the first problem it finds.
The spatial checks live here, those of projects and events in ``check_registry``. ``CHECKS``
lists them all in order; ``check_dataset`` reads a folder, runs them and returns a summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon
from shapely.strtree import STRtree

from geodata.build.check_registry import check_events, check_occupancy, check_projects
from geodata.build.facts import (
    GK_EXTENSION_HA,
    LEGAL_1499,
    LEGAL_1499_AREA_HA,
    NOT_BUILT,
    OPERATING,
    PLAN_AREA_ABOVE_HA,
    ZONE_BY_CODE,
    ZONE_COUNT,
)
from geodata.build.geometry import METRIC_EPSG, parts
from geodata.build.phases import check_phases
from geodata.build.readback import (
    Dataset,
    check,
    free_share,
    in_gk_extension,
    metric_areas_ha,
    plot_columns,
    read_dataset,
    zone_areas,
)
from izagis.vocab import ConstraintKind, InfrastructureKind, LandUse, PlotStatus, ZoneStatus, values

LINEAR_INFRASTRUCTURE = (
    InfrastructureKind.EXPRESSWAY,
    InfrastructureKind.NATIONAL_ROAD,
    InfrastructureKind.RAILWAY,
)
IN_USE = (PlotStatus.OPERATING, PlotStatus.BUILDING, PlotStatus.DELAYED)


def check_geometry(data: Dataset) -> None:
    """Every layer: valid geometries, CCW exterior rings, 7 decimals, lon/lat."""
    for name, layer in data.layers().items():
        geoms = layer.geoms
        bad = np.flatnonzero(~shapely.is_valid(geoms))
        check(bad.size == 0, f"{name}: invalid geometries at {bad[:5].tolist()}")
        polys = [g for g in geoms if isinstance(g, (Polygon, MultiPolygon))]
        rings = [p.exterior for g in polys for p in parts(g)]
        check(all(shapely.is_ccw(r) for r in rings), f"{name}: exterior ring not CCW")
        coords = shapely.get_coordinates(geoms)
        check(
            bool(np.all(np.abs(np.round(coords, 7) - coords) < 1e-12)),
            f"{name}: coordinates not rounded to 7 decimals",
        )
        check(
            bool(
                np.all(
                    (coords[:, 0] > 100)
                    & (coords[:, 0] < 110)
                    & (coords[:, 1] > 8)
                    & (coords[:, 1] < 24)
                )
            ),
            f"{name}: not lon/lat",
        )


def check_zones(data: Dataset) -> None:
    """The 11 zones: codes, legal areas, measured areas, utilities, no overlap, in province."""
    zprops, zgeoms = data.zones.props, data.zones.geoms
    check(len(zprops) == ZONE_COUNT, f"zones: expected {ZONE_COUNT}")
    zcode = [p["code"] for p in zprops]
    check(set(zcode) == set(ZONE_BY_CODE), "zones: codes")
    check(all(isinstance(g, MultiPolygon) for g in zgeoms), "zones: MultiPolygon expected")
    zp = {p["code"]: p for p in zprops}
    seven = sum(zp[c]["planned_area_ha"] for c in zcode if zp[c]["legal_basis"] == LEGAL_1499)
    check(
        seven == LEGAL_1499_AREA_HA,
        f"zones: the seven 1499 zones sum to {seven}, not {LEGAL_1499_AREA_HA}",
    )
    check(
        sum(p["planned_area_ha"] for p in zprops) > PLAN_AREA_ABOVE_HA,
        f"zones: total not above {PLAN_AREA_ABOVE_HA:,} ha",
    )
    areas = zone_areas(data)
    for c in zcode:
        p = zp[c]
        check(p["status"] in values(ZoneStatus), f"zones: {c} status {p['status']!r}")
        want = p["planned_area_ha"] + (GK_EXTENSION_HA if c == "GK" else 0)
        check(abs(areas[c] - want) <= 0.1 * want, f"zones: {c} area {areas[c]:.1f} vs {want}")
        for cap, used in (
            ("power_mva", "power_used_mva"),
            ("water_m3_day", "water_used_m3_day"),
            ("wastewater_m3_day", "wastewater_used_m3_day"),
        ):
            check(p[used] < p[cap], f"zones: {c} {used} not below capacity")
            if p["status"] in NOT_BUILT:
                check(p[used] == 0, f"zones: {c} {used} should be 0")
        check(40 <= p["lease_price_usd_m2"] <= 110, f"zones: {c} lease price")
        check(
            not set(p["target_industries"]) & set(p["excluded_industries"]),
            f"zones: {c} targets excluded industries",
        )
    a, b = STRtree(zgeoms).query(zgeoms, predicate="intersects")
    check(bool(np.all(a == b)), "zones: two zones intersect")
    vprops, vgeoms = data.province.props, data.province.geoms
    check(len(vprops) == 1 and vprops[0]["code"] == "NB", "province: one feature NB")
    km2 = metric_areas_ha(vgeoms)[0] / 100
    check(1300 <= km2 <= 1480, f"province: area {km2:.0f} km²")
    check(bool(np.all(shapely.covered_by(zgeoms, vgeoms[0]))), "zones: not inside province")


def check_constraints(data: Dataset) -> None:
    """Every constraint kind present, none touching a zone; protected areas at their size."""
    zgeoms, cgeoms = data.zones.geoms, data.constraints.geoms
    ckind = np.array([p["kind"] for p in data.constraints.props])
    unknown = set(ckind.tolist()) - set(values(ConstraintKind))
    check(not unknown, f"constraints: unknown kinds {sorted(unknown)}")
    for kind in values(ConstraintKind):
        sel = cgeoms[ckind == kind]
        check(sel.size > 0, f"constraints: no {kind}")
        hit = shapely.intersects(zgeoms[:, None], sel[None, :])
        check(not hit.any(), f"constraints: a zone intersects {kind}")
    cutm = gpd.GeoSeries(list(cgeoms), crs=4326).to_crs(METRIC_EPSG)
    for kind, km2_want, tol in (
        (ConstraintKind.HERITAGE_PROPERTY, 62, 0.1),
        (ConstraintKind.HERITAGE_BUFFER, 60, 0.15),
        (ConstraintKind.NATIONAL_PARK, 222, 0.1),
        (ConstraintKind.RAMSAR_WETLAND, 27, 0.15),
    ):
        got = cutm[ckind == kind].area.sum() / 1e6
        check(abs(got - km2_want) <= tol * km2_want, f"constraints: {kind} {got:.1f} km²")
    zutm = gpd.GeoSeries(list(zgeoms), crs=4326).to_crs(METRIC_EPSG)
    gk_utm = zutm.iloc[[p["code"] for p in data.zones.props].index("GK")]
    buffer_utm = cutm[ckind == ConstraintKind.HERITAGE_BUFFER].union_all()
    check(gk_utm.distance(buffer_utm) >= 300, "constraints: heritage buffer within 300 m of GK")


def check_plots(data: Dataset) -> None:
    """Plots: vocabulary, inside their zone, no overlaps or slivers, tile the zone, dry."""
    pprops, pgeoms = data.plots.props, data.plots.geoms
    n_plots = len(pprops)
    check(300 <= n_plots <= 700, f"plots: {n_plots} plots")
    codes = [p["code"] for p in pprops]
    check(len(set(codes)) == n_plots, "plots: duplicate codes")
    check(all(isinstance(g, Polygon) for g in pgeoms), "plots: Polygon expected")
    for p in pprops:
        check(p["land_use"] in values(LandUse), f"plots: {p['code']} land_use")
        check(p["status"] in values(PlotStatus), f"plots: {p['code']} status")
        check(
            (p["leasable_year"] is not None) == (p["status"] == PlotStatus.PLANNED),
            f"plots: {p['code']} leasable_year only for planned",
        )
    zone_geom = dict(zip([p["code"] for p in data.zones.props], data.zones.geoms, strict=True))
    pzone, _, _, parea = plot_columns(data)
    owners = np.array([zone_geom[c] for c in pzone], dtype=object)
    outside = np.flatnonzero(~shapely.covered_by(pgeoms, owners))
    check(outside.size == 0, f"plots: not covered by zone: {[codes[i] for i in outside[:5]]}")
    a, b = STRtree(pgeoms).query(pgeoms, predicate="intersects")
    keep = a < b
    inner = shapely.relate_pattern(pgeoms[a[keep]], pgeoms[b[keep]], "T********")
    check(not inner.any(), f"plots: {int(inner.sum())} overlapping pairs")
    check(parea.min() >= 0.05, f"plots: sliver of {parea.min():.3f} ha")
    areas = zone_areas(data)
    for c, zone_ha in areas.items():  # plots tile their zone
        covered = parea[pzone == c].sum()
        check(abs(covered - zone_ha) < 0.01 * zone_ha, f"plots: {c} not tiled")
    ckind = np.array([p["kind"] for p in data.constraints.props])
    river = data.constraints.geoms[ckind == ConstraintKind.RIVER]
    check(not shapely.intersects(pgeoms[:, None], river[None, :]).any(), "plots: in a river")


def largest_free_gk_group(data: Dataset) -> float:
    """Area (ha) of the largest group of edge-adjacent free leasable GK plots."""
    pzone, status, lease, parea = plot_columns(data)
    pgeoms = data.plots.geoms
    gk_free = np.flatnonzero((pzone == "GK") & (status == PlotStatus.FREE) & lease)
    best = 0.0
    for i in gk_free:
        group, todo = {int(i)}, [int(i)]
        while todo:
            k = todo.pop()
            for j in gk_free:
                if int(j) not in group and shapely.relate_pattern(
                    pgeoms[k], pgeoms[j], "F***1****"
                ):
                    group.add(int(j))
                    todo.append(int(j))
        best = max(best, float(parea[list(group)].sum()))
    return best


def check_land(data: Dataset) -> None:
    """Plot statuses: planned zones, the GK extension, the free share, TD2's occupancy."""
    pzone, status, lease, parea = plot_columns(data)
    for z in data.zones.props:
        if z["status"] in NOT_BUILT:
            c = z["code"]
            sel = pzone == c
            check(bool(np.all(status[sel] == PlotStatus.PLANNED)), f"plots: {c} not all planned")
            years = [p["leasable_year"] for p, s in zip(data.plots.props, sel, strict=True) if s]
            check(min(years) >= 2026 and max(years) <= 2030, f"plots: {c} leasable years")
    # the GK extension: free lots, one >= 10 ha, edge-adjacent free lots above 20 ha
    gk_free = (pzone == "GK") & (status == PlotStatus.FREE) & lease
    check(parea[gk_free].max() >= 10, "plots: GK has no free lot of 10 ha")
    best = largest_free_gk_group(data)
    check(best > 20, f"plots: largest edge-adjacent free GK group {best:.1f} ha")
    share = free_share(data)
    check(0.015 <= share <= 0.03, f"plots: operating zones free share {share:.3%}")
    in_ext = in_gk_extension(data)
    check(parea[in_ext & lease].sum() >= 25, "plots: GK extension has too little free land")
    td2 = (pzone == "TD2") & lease
    free_td2 = parea[td2 & (status == PlotStatus.FREE)].sum()
    check(free_td2 > 0.25 * parea[td2].sum(), "plots: TD2 free")
    in_use = parea[td2 & np.isin(status, [str(s) for s in IN_USE])].sum()
    check(in_use > 0.05 * parea[td2].sum(), "plots: TD2 occupied")


def check_infrastructure(data: Dataset) -> None:
    """Every infrastructure kind present, lines and points as they should be, plants."""
    ikind = Counter(p["kind"] for p in data.infrastructure.props)
    check(set(ikind) == set(values(InfrastructureKind)), f"infrastructure: kinds {sorted(ikind)}")
    for p, g in zip(data.infrastructure.props, data.infrastructure.geoms, strict=True):
        linear = p["kind"] in LINEAR_INFRASTRUCTURE
        check(
            isinstance(g, LineString) if linear else isinstance(g, Point),
            f"infrastructure: {p['code']} geometry type",
        )
    check(
        ikind[InfrastructureKind.WASTEWATER_PLANT] == len(OPERATING),
        "infrastructure: one WWTP per zone",
    )
    check(
        ikind[InfrastructureKind.WATER_PLANT] == len(OPERATING),
        "infrastructure: one water plant per zone",
    )


CHECKS: tuple[Callable[[Dataset], None], ...] = (
    check_geometry,
    check_zones,
    check_constraints,
    check_plots,
    check_land,
    check_projects,
    check_occupancy,
    check_events,
    check_infrastructure,
)


def run_checks(data: Dataset) -> None:
    """Run every check in order; the first failure raises ``CheckFailure``."""
    for check_one in CHECKS:
        check_one(data)


def summary(data: Dataset) -> str:
    """A few lines per zone: area, plots, free leasable land, plot statuses."""
    pzone, status, lease, parea = plot_columns(data)
    areas = zone_areas(data)
    lines = [
        f"{len(data.zones.props)} zones, {len(data.plots.props)} plots,"
        f" {len(data.projects)} projects, {len(data.events)} events,"
        f" {len(data.infrastructure.props)} infrastructure,"
        f" {len(data.constraints.props)} constraints"
    ]
    for c, zone_ha in areas.items():
        sel = pzone == c
        st = Counter(status[sel].tolist())
        free_ha = parea[sel & lease & (status == PlotStatus.FREE)].sum()
        lines.append(
            f"  {c:4s} {zone_ha:6.1f} ha  plots {int(sel.sum()):3d}  free "
            f"{free_ha:5.1f} ha  " + " ".join(f"{k}={v}" for k, v in sorted(st.items()))
        )
    gk_free = parea[(pzone == "GK") & lease & (status == PlotStatus.FREE)].sum()
    lines.append(
        f"  operating zones free share (without GK extension): {free_share(data):.2%};"
        f" GK free incl. extension {gk_free:.1f} ha"
    )
    return "\n".join(lines)


def check_dataset(folder: Path) -> str:
    """Read the dataset in ``folder``, run every check and return a short summary."""
    data = read_dataset(folder)
    run_checks(data)
    check_phases(folder)
    return summary(data)
