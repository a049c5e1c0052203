"""The query plans behind the benchmarks, kept in ``bench/plans/``:

    python -m bench.plans [--database izagis_bench]

``EXPLAIN (ANALYZE, BUFFERS)`` of site search's one pass (the counts of each hard need and the
passing plots' ids), of the same pass for a search by assembly (with what assembly needs of
the plots that fail only the area), of the assembly's read of the pairs of neighbours, of the
floor query, and of plot tiles at zoom 12 and 14.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from sqlalchemy import Connection, text

from bench.floor import FLOOR_SQL
from bench.generate import BENCH_DB, bench_engine
from bench.run import ASSEMBLY_NEEDS, NEEDS, _tiles_at
from izagis import hard_needs, search, tiles
from izagis.needs import SiteNeeds
from izagis.settings import Settings

PLANS = Path(__file__).resolve().parent / "plans"


LONG_ARRAY = re.compile(r"'\{[^}']{200,}\}'")


def _explain(conn: Connection, sql: str, params: dict[str, object], jit: bool = True) -> str:
    conn.rollback()
    conn.execute(text(f"SET LOCAL jit = {'on' if jit else 'off'}"))
    rows = conn.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql), params)
    plan = "\n".join(r[0] for r in rows)
    conn.rollback()
    return shorten(plan)


def shorten(plan: str) -> str:
    """The plan with long array literals (the ids a query was given) cut to their count."""
    return LONG_ARRAY.sub(lambda m: f"'{{... {m.group(0).count(',') + 1:,} values ...}}'", plan)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", default=BENCH_DB)
    args = parser.parse_args()
    engine = bench_engine(Settings(), args.database)
    PLANS.mkdir(exist_ok=True)
    with engine.connect() as conn:
        plots = conn.execute(text("SELECT count(*) FROM plots")).scalar_one()
        out: dict[str, str] = {}
        needs = SiteNeeds.model_validate({**NEEDS, "allow_assembly": False})
        hard = hard_needs.hard_needs(needs)
        params = {**hard.params, "statuses": list(needs.availability), "held_for": None}
        out["search_pass"] = _explain(conn, hard_needs.pass_query(hard), params, jit=False)
        needs = SiteNeeds.model_validate(ASSEMBLY_NEEDS)
        hard = hard_needs.hard_needs(needs)
        params = {**hard.params, "statuses": list(needs.availability), "held_for": None}
        sql = hard_needs.pass_query(hard, search._ELIGIBLE)
        out["search_assembly_pass"] = _explain(conn, sql, params, jit=False)
        ids = conn.execute(
            text(f"SELECT array_agg(ids.id) FROM (SELECT p.id {hard_needs.available_sql()}) ids"),
            params,
        ).scalar_one()
        sql = search.ADJACENCY_SQL
        out["search_assembly_pairs"] = _explain(conn, sql, {"ids": ids}, jit=False)
        out["floor"] = _explain(conn, FLOOR_SQL, {})
        for z in (12, 14):
            sql, params = tiles.statement("plots", *_tiles_at(z)[0])
            out[f"tile_plots_z{z}"] = _explain(conn, sql, params, jit=False)
    for name, plan in out.items():
        (PLANS / f"{name}.txt").write_text(
            f"-- {args.database}, {plots:,} plots; EXPLAIN (ANALYZE, BUFFERS)\n{plan}\n"
        )
        print(f"bench/plans/{name}.txt")


if __name__ == "__main__":
    main()
