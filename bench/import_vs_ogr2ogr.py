"""Importing 100,000 plots from a GeoPackage: ``izagis import`` against ``ogr2ogr`` loading the
same file into a staging table of the same columns in the same PostGIS, side by side.

    python -m bench.import_vs_ogr2ogr --plots 100000      (make bench-import)

The plots of the benchmark database (``bench.generate``) are exported to a GeoPackage; a fresh
database ``izagis_bench_import`` in the embedded cluster gets the zones and projects, then:

- ``ogr2ogr`` (Debian's ``gdal-bin``): the file into a new table (COPY, with its GiST index);
- ``izagis import plots``, every plot new: read, checks (per feature and in PostGIS: zones,
  overlaps), the change set, inserts, dated status events, the history, the audit rows; the
  derived-data update (distances and adjacency of the new plots) timed apart;
- the same file again (nothing changes: the checks and the change set only).

The target: the import without the derived update within 1.5x of ogr2ogr. A second baseline
shows where the gap comes from: ``ogr2ogr``'s load followed by one ``INSERT ... SELECT`` into a
table made ``LIKE plots INCLUDING ALL`` (its derived geometries and area, checks and indexes; no
foreign keys, triggers, checks of the features or audit): what writing rows of that shape
costs at the least.
Prints a table and writes ``bench/out/import.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from bench.generate import bench_engine, ensure
from izagis import db
from izagis.dataset import REFERENCE_DIR
from izagis.export import export_layer
from izagis.imports import Options, import_file
from izagis.settings import Settings

OUT = Path(__file__).resolve().parent / "out"
TARGET_DB = "izagis_bench_import"
AS_OF = dt.date(2024, 1, 1)  # the synthetic statuses' day


def _fresh(settings: Settings) -> Engine:
    """An empty, migrated ``TARGET_DB`` (dropped and made again), as the owner."""
    base = db.owner_url(settings)
    admin = base.replace("+psycopg", "").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{TARGET_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{TARGET_DB}"')
    url = base.rsplit("/", 1)[0] + "/" + TARGET_DB
    db.upgrade(url)
    return db.make_engine(url)


# The second baseline's table: ``plots``'s own shape (its columns, generated metric and Web
# Mercator copies and geodesic area, checks and indexes), without its foreign keys and triggers.
SHAPED = "CREATE TABLE staging_shaped (LIKE plots INCLUDING ALL)"


def _ogr2ogr(engine: Engine, gpkg: Path) -> float:
    """Seconds ``ogr2ogr`` takes to load the file's plots into a new table of its columns."""
    url = make_url(engine.url.render_as_string(hide_password=False))
    target = (
        f"PG:dbname={url.database} host={url.host} port={url.port} user={url.username} "
        f"password={url.password}"
    )
    how = ["-nln", "staging_plots", "-lco", "GEOMETRY_NAME=geom", "-overwrite"]
    started = time.perf_counter()
    subprocess.run(["ogr2ogr", "-f", "PostgreSQL", target, str(gpkg), "plots", *how], check=True)
    return time.perf_counter() - started


def _into_shaped(engine: Engine) -> float:
    """Seconds one INSERT ... SELECT takes to move ogr2ogr's staged plots into ``SHAPED``'s
    table: what a load that neither checks nor audits would add to ogr2ogr."""
    with engine.begin() as conn:
        conn.execute(text(SHAPED))
    with engine.begin() as conn:
        started = time.perf_counter()
        conn.execute(
            text(
                "INSERT INTO staging_shaped (code, zone_id, land_use, status, leasable_year, "
                "project_id, geom) SELECT s.code, z.id, s.land_use, CASE s.status WHEN "
                "'reserved' THEN 'free' ELSE s.status END, s.leasable_year, p.id, "
                "ST_Multi(s.geom) FROM staging_plots s JOIN zones z ON z.code = s.zone_code "
                "LEFT JOIN projects p ON p.code = s.project_code"
            )
        )
        return time.perf_counter() - started


def measure(plots: int) -> list[dict[str, Any]]:
    if shutil.which("ogr2ogr") is None:
        raise SystemExit("ogr2ogr not found: install Debian's gdal-bin (make bench-packages)")
    settings = Settings()
    source = bench_engine(settings)
    total = ensure(source, plots)
    work = Path(tempfile.mkdtemp(prefix="izagis-bench-import-"))
    try:
        gpkg, zones = work / "plots.gpkg", work / "zones.gpkg"
        with source.connect() as conn:
            export_layer(conn, "plots", gpkg)
            export_layer(conn, "zones", zones)
        target = _fresh(settings)
        for layer, path in (("zones", zones), ("projects", REFERENCE_DIR / "projects.csv")):
            assert import_file(target, layer, path, options=Options(actor="bench")).applied
        ogr_s = _ogr2ogr(target, gpkg)
        shaped_s = ogr_s + _into_shaped(target)
        with target.begin() as conn:
            staged = conn.execute(text("SELECT count(*) FROM staging_plots")).scalar_one()
            shaped = conn.execute(text("SELECT count(*) FROM staging_shaped")).scalar_one()
            assert staged == shaped, (staged, shaped)
            conn.execute(text("DROP TABLE staging_plots, staging_shaped"))
        started = time.perf_counter()
        first = import_file(target, "plots", gpkg, options=Options(as_of=AS_OF, actor="bench"))
        import_s = time.perf_counter() - started
        assert first.applied and first.count("added") == total == staged, first.summary()
        started = time.perf_counter()
        again = import_file(target, "plots", gpkg, options=Options(actor="bench"))
        again_s = time.perf_counter() - started
        assert again.unchanged == total, again.summary()
        target.dispose()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    derived_s = first.seconds["derived"]
    without = import_s - derived_s
    return [
        {
            "measure": f"izagis import plots, {total:,} new, without the derived update",
            "seconds": round(without, 2),
            "ogr2ogr_seconds": round(ogr_s, 2),
            "ratio": round(without / ogr_s, 2),
            "target": "<= 1.5x ogr2ogr",
            "holds": without <= 1.5 * ogr_s,
            "phases": {k: round(v, 2) for k, v in first.seconds.items()},
        },
        {
            "measure": "the same import against ogr2ogr then one INSERT ... SELECT into a table "
            "LIKE plots INCLUDING ALL (its derived geometries and area, checks and indexes; no "
            "triggers, no checks of the features, no audit)",
            "seconds": round(without, 2),
            "ogr2ogr_seconds": round(shaped_s, 2),
            "ratio": round(without / shaped_s, 2),
        },
        {
            "measure": "ogr2ogr then that INSERT ... SELECT alone: the least any import into "
            "plots takes, against ogr2ogr",
            "seconds": round(shaped_s, 2),
            "ogr2ogr_seconds": round(ogr_s, 2),
            "ratio": round(shaped_s / ogr_s, 2),
        },
        {
            "measure": f"derived update of the {total:,} new plots (distances, adjacency)",
            "seconds": round(derived_s, 2),
        },
        {
            "measure": "the same file again (checks and change set; nothing changes)",
            "seconds": round(again_s, 2),
            "ogr2ogr_seconds": round(ogr_s, 2),
            "ratio": round(again_s / ogr_s, 2),
        },
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plots", type=int, default=100_000, help="synthetic plots wanted")
    rows = measure(parser.parse_args().plots)
    table = Table("measure", "izagis s", "ogr2ogr s", "ratio", "target", "holds")
    for row in rows:
        table.add_row(
            row["measure"],
            f"{row['seconds']:.2f}",
            f"{row['ogr2ogr_seconds']:.2f}" if "ogr2ogr_seconds" in row else "",
            f"{row['ratio']:.2f}x" if "ratio" in row else "",
            row.get("target", ""),
            {True: "yes", False: "no"}.get(row.get("holds"), ""),  # type: ignore[arg-type]
        )
    Console().print(table)
    OUT.mkdir(exist_ok=True)
    (OUT / "import.json").write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
