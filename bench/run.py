"""Benchmarks at scale, each a ratio against a baseline measured in the same run.

    python -m bench.run --plots 100000

Uses a database ``izagis_bench`` in the embedded cluster (created, migrated and loaded with the
reference data plus synthetic plots on first use; reused afterwards).

- map view, tile vs GeoJSON: one vector tile of plots (what the map loads) against the GeoJSON
  of the same extent (the plain way), on a pan across the synthetic zones at zoom 14 and 12;
- ``/healthz`` while the heaviest valid search runs in other clients, against idle;
- site search: the engine (distances precomputed in ``plot_access``, numpy ranking) against the
  same hard distance needs answered by per-plot nearest-neighbour SQL at request time;
- robustness (SMAA, ``bench/robustness.py``): 1,000 weight samples over 1,000 candidates,
  vectorised, against a loop that ranks one sample at a time.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import psycopg
from rich.console import Console
from rich.table import Table
from sqlalchemy import Connection, Engine, text

from bench import healthz_under_load, robustness
from bench.scale_data import ORIGIN, PLOTS_PER_SIDE, ZONE_M, add_synthetic_plots
from izagis import db, registry, tiles
from izagis.dataset import is_empty, load_dataset
from izagis.needs import MIN_DISTANCE_KINDS, NEARBY_KINDS, SiteNeeds
from izagis.search import site_search
from izagis.settings import Settings

BENCH_DB = "izagis_bench"
OUT = Path(__file__).resolve().parent / "out"
NEEDS = {
    "area_ha": {"min": 0.9, "max": 3},
    "max_distance_km": {"expressway_interchange": 40, "national_road": 20},
    "limit": 50,
}
# Synthetic plots are 1 ha: 10-20 ha can only be met by assembling neighbours.
ASSEMBLY_NEEDS = {"area_ha": {"min": 10, "max": 20}, "limit": 50}
# What plot_adjacency saves: the shared edges of the free plots, computed at request time.
NAIVE_ADJACENCY = """
    SELECT a.id, b.id, ST_Length(ST_Intersection(ST_Boundary(a.geom_m),
                                                 ST_Buffer(b.geom_m, 0.5, 'quad_segs=1')))
    FROM plots a JOIN plots b ON ST_DWithin(a.geom_m, b.geom_m, 0.5) AND a.id < b.id
     AND a.zone_id = b.zone_id
    WHERE a.status = 'free' AND b.status = 'free'
"""
# The baseline answers the same needs without plot_access: every available plot's distances to
# the nearest feature of each kind the engine reads, by nearest-neighbour SQL at request time.
NAIVE_SEARCH = (
    "SELECT p.id, p.area_m2, "
    + ", ".join(
        f"(SELECT ST_Distance(p.geom_m, f.geom_m) FROM {table} f WHERE f.kind = '{kind}' "
        f"ORDER BY p.geom_m <-> f.geom_m LIMIT 1) AS d_{kind}"
        for table, kinds in (
            ("infrastructure", NEARBY_KINDS),
            ("constraint_areas", MIN_DISTANCE_KINDS),
        )
        for kind in kinds
    )
    + " FROM plots p WHERE p.status = 'free' AND p.land_use IN ('industrial', 'warehouse')"
)
PASSES = (
    "SELECT count(*) FROM ({naive}) d WHERE d.area_m2 BETWEEN 0.9e4 AND 3e4 "
    "AND d.d_expressway_interchange <= 40000 AND d.d_national_road <= 20000 "
    "AND d.d_heritage_property > 0 AND d.d_heritage_buffer > 0 AND d.d_national_park > 0 "
    "AND d.d_ramsar_wetland > 0"
)


def bench_engine(settings: Settings) -> Engine:
    base = db.database_url(settings)
    admin = base.replace("+psycopg", "").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (BENCH_DB,)).fetchone()
            is None
        ):
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    url = base.rsplit("/", 1)[0] + "/" + BENCH_DB
    db.upgrade(url)
    engine = db.make_engine(url)
    if is_empty(engine):
        load_dataset(engine)
    return engine


def median_ms(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    fn()  # warm the caches once
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def tile_xy(x_m: float, y_m: float, z: int) -> tuple[int, int]:
    from pyproj import Transformer

    lon, lat = Transformer.from_crs(32648, 4326, always_xy=True).transform(x_m, y_m)
    n = 2**z
    return int((lon + 180) / 360 * n), int(
        (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    )


def tile_bbox(z: int, x: int, y: int) -> tuple[float, float, float, float]:
    n = 2**z

    def lat(yy: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * yy / n))))

    return x / n * 360 - 180, lat(y + 1), (x + 1) / n * 360 - 180, lat(y)


def pan(conn: Connection, z: int, steps: int) -> tuple[float, float, int, int]:
    """Median ms for tile and GeoJSON over a pan; bytes of each, summed."""
    x0, y0 = tile_xy(ORIGIN[0] + ZONE_M / 2, ORIGIN[1] + ZONE_M / 2, z)
    views = [(z, x0 + i, y0) for i in range(steps)]
    page = registry.Page(limit=10**9)
    t_tile, t_json, b_tile, b_json = [], [], 0, 0
    for view in views:
        ms, data = median_ms(partial(tiles.tile, conn, "plots", *view), 3)
        t_tile.append(ms)
        b_tile += len(data)
        filters = registry.PlotFilter(bbox=tile_bbox(*view))
        ms, body = median_ms(partial(registry.plots_geojson, conn, page=page, filters=filters), 3)
        t_json.append(ms)
        b_json += len(body)
    return statistics.median(t_tile), statistics.median(t_json), b_tile, b_json


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plots", type=int, default=100_000, help="synthetic plots wanted")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    console = Console()
    engine = bench_engine(Settings())
    with engine.connect() as conn:
        have = conn.execute(text("SELECT count(*) FROM plots WHERE code LIKE 'SYN-%'")).scalar_one()
    if have < args.plots:
        add_synthetic_plots(engine, args.plots)
    rows: list[dict[str, Any]] = []
    with engine.connect() as conn:
        total = conn.execute(text("SELECT count(*) FROM plots")).scalar_one()
        for z, steps in ((14, 8), (12, 4)):
            tile_ms, json_ms, tile_b, json_b = pan(conn, z, steps)
            rows.append(
                {
                    "measure": f"map view z{z}: vector tile vs GeoJSON of the same extent",
                    "izagis_ms": tile_ms,
                    "baseline_ms": json_ms,
                    "ratio": json_ms / tile_ms,
                    "bytes_ratio": json_b / max(tile_b, 1),
                }
            )
        needs = SiteNeeds.model_validate(NEEDS)
        engine_ms, answer = median_ms(lambda: site_search(conn, needs), args.repeat)
        naive_ms, _ = median_ms(lambda: conn.execute(text(NAIVE_SEARCH)).all(), args.repeat)
        passes = conn.execute(text(PASSES.format(naive=NAIVE_SEARCH))).scalar_one()
        assert answer.passed == passes, "the baseline must find the same sites"
        rows.append(
            {
                "measure": "site search, 0.9-3 ha: engine vs distances by nearest-neighbour SQL",
                "izagis_ms": engine_ms,
                "baseline_ms": naive_ms,
                "ratio": naive_ms / engine_ms,
                "bytes_ratio": None,
            }
        )
        needs = SiteNeeds.model_validate(ASSEMBLY_NEEDS)
        engine_ms, _ = median_ms(lambda: site_search(conn, needs), args.repeat)
        adjacency_ms, _ = median_ms(lambda: conn.execute(text(NAIVE_ADJACENCY)).all(), args.repeat)
        rows.append(
            {
                "measure": "site search, 10-20 ha by land assembly: engine vs the distances and "
                "adjacency computed per request",
                "izagis_ms": engine_ms,
                "baseline_ms": naive_ms + adjacency_ms,
                "ratio": (naive_ms + adjacency_ms) / engine_ms,
                "bytes_ratio": None,
            }
        )
    health = healthz_under_load.measure(engine)
    rows.append(
        {
            "measure": f"/healthz while worst-case searches run ({health['search_median_ms']:.0f}"
            f" ms each) vs idle; worst probe {health['loaded_max_ms']:.1f} ms",
            "izagis_ms": health["loaded_median_ms"],
            "baseline_ms": health["idle_median_ms"],
            "ratio": health["idle_median_ms"] / health["loaded_median_ms"],
            "bytes_ratio": None,
        }
    )
    smaa = robustness.measure(args.repeat)
    rows.append(
        {
            "measure": "robustness (SMAA), 1,000 weight samples x 1,000 candidates: vectorised "
            "vs a per-sample loop",
            "izagis_ms": smaa["smaa_ms"],
            "baseline_ms": smaa["loop_ms"],
            "ratio": smaa["loop_ms"] / smaa["smaa_ms"],
            "bytes_ratio": None,
        }
    )
    table = Table(
        title=f"izagis benchmarks, {total:,} plots ({PLOTS_PER_SIDE**2} a synthetic zone)"
    )
    for col in ("measure", "izagis ms", "baseline ms", "speed-up", "bytes saved x"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["measure"],
            f"{r['izagis_ms']:.1f}",
            f"{r['baseline_ms']:.1f}",
            f"{r['ratio']:.1f}x",
            "" if r["bytes_ratio"] is None else f"{r['bytes_ratio']:.1f}x",
        )
    console.print(table)
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps({"plots": total, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
