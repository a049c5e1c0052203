"""``izagis import LAYER FILE``: one layer from a file, with a report before anything is
written (see ``izagis.imports``)."""

from __future__ import annotations

import datetime as dt
import getpass
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from izagis import db, logs
from izagis.cli_output import console, error, out
from izagis.errors import IzagisError
from izagis.field_mapping import load_mapping
from izagis.imports import ImportLayer, Options, import_file
from izagis.settings import Settings


def _epsg(value: str | None) -> int | None:
    if value is None:
        return None
    code = value.upper().removeprefix("EPSG:")
    if not code.isdigit():
        raise typer.BadParameter(f"must be EPSG:NNNN, not {value!r}")
    return int(code)


def import_layer(
    layer: Annotated[ImportLayer, typer.Argument(help="the layer to import")],
    file: Annotated[
        Path,
        typer.Argument(help=".geojson, .gpkg, .shp.zip, .kml, or .csv (WKT or lon/lat)"),
    ],
    crs: Annotated[
        str | None,
        typer.Option(help="the CRS of a file that declares none: EPSG:4326, 4756, 3405, ..."),
    ] = None,
    source_layer: Annotated[
        str | None, typer.Option("--layer", help="the file's layer (GeoPackage, zip)")
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option(help="field and value mapping, YAML or JSON")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="report the changes, write nothing")
    ] = False,
    retire_missing: Annotated[
        bool, typer.Option("--retire-missing", help="retire what the file no longer has")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="retire held, leased or occupied plots too")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="refuse invalid geometries instead of repairing")
    ] = False,
    take_statuses: Annotated[
        bool,
        typer.Option("--take-statuses", help="take the file's statuses for existing plots"),
    ] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="the day the file's statuses took effect")
    ] = None,
    report: Annotated[
        Path | None, typer.Option(help="save the report as REPORT.json and REPORT.csv")
    ] = None,
) -> None:
    """Import one layer from a file in one transaction, after a per-feature report; nothing is
    written while anything is wrong (or with --dry-run)."""
    try:
        day = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError as exc:
        raise typer.BadParameter(f"--as-of must be YYYY-MM-DD, not {as_of!r}") from exc
    settings = Settings()
    logs.setup(settings.log_level)
    options = Options(
        dry_run=dry_run,
        retire_missing=retire_missing,
        force=force,
        strict=strict,
        take_statuses=take_statuses,
        as_of=day,
        actor=f"{getpass.getuser()} (izagis import)",
    )
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
    )
    try:
        fields = load_mapping(layer.value, mapping)
        engine = db.make_engine(db.owner_url(settings))
        db.check_schema(engine)
        with Progress(*columns, console=console) as progress:
            tasks: dict[str, TaskID] = {}

            def step(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = progress.add_task(phase, total=total, rate="")
                task = progress.tasks[tasks[phase]]
                speed = done / task.elapsed if task.elapsed else 0
                progress.update(tasks[phase], completed=done, rate=f"{speed:,.0f} features/s")

            result = import_file(
                engine,
                layer.value,
                file,
                crs=_epsg(crs),
                source_layer=source_layer,
                mapping=fields,
                options=options,
                progress=step,
            )
    except IzagisError as exc:
        error(exc.message)
        raise typer.Exit(code=1) from exc
    for table in result.tables():
        out.print(table)
    if report is not None:
        saved = result.save(report)
        console.print("report saved to " + ", ".join(str(p) for p in saved))
    timings = ", ".join(f"{k} {v:.2f} s" for k, v in result.seconds.items())
    out.print(result.summary() + f" ({timings})")
    raise typer.Exit(code=0 if result.ok else 2)
