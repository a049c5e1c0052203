"""Synthetic scale data: square zones of 1 ha plots laid out by PostGIS, set-based.

Synthetic zones (codes ``SYN-0001``...) fill a grid over the merged Ninh Bình - Hà Nam - Nam
Định area; each holds ``PLOTS_PER_SIDE`` x ``PLOTS_PER_SIDE`` plots with a random but seeded
status mix. Everything is generated inside PostgreSQL in batches, with progress shown.
"""

from __future__ import annotations

import math

from rich.progress import Progress
from sqlalchemy import Engine, text

from izagis import derived, plot_state

PLOTS_PER_SIDE = 20  # 400 plots a zone
PLOT_M = 100.0  # 1 ha plots
ZONE_M = PLOTS_PER_SIDE * PLOT_M
# South-west corner of the synthetic zones' grid, UTM 48N metres (about 106.15E, 19.9N,
# clear of protected areas).
ORIGIN = (620_000.0, 2_200_000.0)
ZONES_PER_ROW = 40
GAP_M = 1_000.0
BATCH_ZONES = 25

_ZONES = """
    INSERT INTO zones (code, name_vi, name_en, status, planned_area_ha, target_industries,
                       lease_price_usd_m2, power_mva, water_m3_day, wastewater_m3_day, geom)
    SELECT format('SYN-%s', lpad(i::text, 4, '0')), format('KCN tổng hợp %s', i),
           format('Synthetic zone %s', i), 'operating', :zone_ha, ARRAY['25', '29', '26'],
           60 + (i % 40), 100, 10000, 8000,
           ST_Multi(ST_Transform(ST_MakeEnvelope(
               :x0 + (i % :per_row) * (:zone_m + :gap),
               :y0 + (i / CAST(:per_row AS int)) * (:zone_m + :gap),
               :x0 + (i % :per_row) * (:zone_m + :gap) + :zone_m,
               :y0 + (i / CAST(:per_row AS int)) * (:zone_m + :gap) + :zone_m, 32648), 4326))
    FROM generate_series(CAST(:first AS int), CAST(:last AS int)) AS i
    ON CONFLICT (code) DO NOTHING
"""
# Plots are cut from the zone's own WGS 84 shape in UTM cells, so they stay inside it.
_PLOTS = """
    INSERT INTO plots (code, zone_id, land_use, status, leasable_year, geom)
    SELECT format('%s-%s', z.code, lpad((r * :side + c)::text, 3, '0')), z.id, 'industrial',
           (ARRAY['free', 'operating', 'operating', 'operating', 'delayed', 'planned'])
               [1 + abs(hashtext(z.code || r || c || :salt)) % 6],
           CASE WHEN abs(hashtext(z.code || r || c || :salt)) % 6 = 5 THEN 2028 END,
           ST_Multi(ST_Transform(ST_MakeEnvelope(
               ST_XMin(z.geom_m) + c * :cell, ST_YMin(z.geom_m) + r * :cell,
               ST_XMin(z.geom_m) + (c + 1) * :cell - 0.01,
               ST_YMin(z.geom_m) + (r + 1) * :cell - 0.01, 32648), 4326))
    FROM zones z, generate_series(0, CAST(:side AS int) - 1) AS r,
         generate_series(0, CAST(:side AS int) - 1) AS c
    WHERE z.code = ANY(:codes)
    ON CONFLICT (code) DO NOTHING
"""


def add_synthetic_plots(engine: Engine, plots: int, seed: int = 0) -> int:
    """Add synthetic zones until the database holds at least ``plots`` synthetic plots; the
    status mix follows ``seed`` (0: the mix the benchmarks have always used)."""
    zones = math.ceil(plots / PLOTS_PER_SIDE**2)
    params = {
        "x0": ORIGIN[0],
        "y0": ORIGIN[1],
        "zone_m": ZONE_M,
        "gap": GAP_M,
        "per_row": ZONES_PER_ROW,
        "zone_ha": ZONE_M**2 / 1e4,
    }
    with Progress() as progress:
        task = progress.add_task("synthetic plots", total=zones * PLOTS_PER_SIDE**2)
        for first in range(0, zones, BATCH_ZONES):
            last = min(first + BATCH_ZONES, zones) - 1
            codes = [f"SYN-{i:04d}" for i in range(first, last + 1)]
            with engine.begin() as conn:
                conn.execute(text(_ZONES), {**params, "first": first, "last": last})
                conn.execute(
                    text(_PLOTS),
                    {
                        "side": PLOTS_PER_SIDE,
                        "cell": PLOT_M,
                        "codes": codes,
                        "salt": f":{seed}" if seed else "",
                    },
                )
            progress.advance(task, len(codes) * PLOTS_PER_SIDE**2)
        task = progress.add_task("distances and adjacency", total=None)
        with engine.begin() as conn:
            plot_state.record_imported_statuses(conn)
            derived.rebuild(conn)
            conn.execute(text("ANALYZE"))
        progress.update(task, total=1, completed=1)
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM plots")).scalar_one())
