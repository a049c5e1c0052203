"""Synthetic benchmark data: ``python -m bench.generate --plots N``.

Makes (once) the database ``izagis_bench`` (or ``--database``) in the embedded cluster, migrates
it, loads the reference dataset, then adds synthetic zones of 1 ha plots until it holds at least
N synthetic plots (``bench/scale_data.py``: generated inside PostGIS in batches, seeded, with a
progress bar), and computes their distances and adjacency. Run again with a larger N to grow it.
"""

from __future__ import annotations

import argparse
import os

import psycopg
from rich.console import Console
from sqlalchemy import Engine, text

from bench.scale_data import add_synthetic_plots
from izagis import db
from izagis.dataset import is_empty, load_dataset
from izagis.settings import Settings

BENCH_DB = os.environ.get("BENCH_DB", "izagis_bench")


def bench_engine(settings: Settings, name: str = BENCH_DB) -> Engine:
    """The benchmark database (created, migrated and loaded with the reference data first, as
    its owner); the engine connects as the app does."""
    owner = db.owner_url(settings)
    admin = owner.replace("+psycopg", "").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')  # a name from the command line, quoted
    owner_engine = db.make_engine(owner.rsplit("/", 1)[0] + "/" + name)
    db.upgrade(owner_engine.url.render_as_string(hide_password=False))
    if is_empty(owner_engine):
        load_dataset(owner_engine)
    owner_engine.dispose()
    return db.make_engine(db.database_url(settings).rsplit("/", 1)[0] + "/" + name)


def synthetic_plots(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(text("SELECT count(*) FROM plots WHERE code LIKE 'SYN-%'")).scalar_one()
        )


def ensure(engine: Engine, plots: int, seed: int = 0) -> int:
    """At least ``plots`` synthetic plots; returns how many plots the database holds."""
    if synthetic_plots(engine) < plots:
        add_synthetic_plots(engine, plots, seed)
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM plots")).scalar_one())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plots", type=int, default=100_000, help="synthetic plots wanted")
    parser.add_argument("--seed", type=int, default=0, help="status mix (0: the usual one)")
    parser.add_argument("--database", default=BENCH_DB, help="database in the embedded cluster")
    args = parser.parse_args()
    total = ensure(bench_engine(Settings(), args.database), args.plots, args.seed)
    Console().print(f"{args.database}: {total:,} plots")


if __name__ == "__main__":
    main()
