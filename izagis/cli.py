"""The ``izagis`` command line."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from izagis import db
from izagis.dataset import REFERENCE_DIR, is_empty, load_dataset
from izagis.errors import IzagisError
from izagis.settings import Settings

app = typer.Typer(
    help="izagis: industrial-zone GIS and site selection for Ninh Bình.", no_args_is_help=True
)
db_app = typer.Typer(help="The database: embedded cluster and schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
console = Console(stderr=True)


def _setup_logging(level: str) -> None:
    logging.basicConfig(
        level=level.upper(),
        format='%(asctime)s level=%(levelname)s logger=%(name)s msg="%(message)s"',
    )


def _fail(exc: IzagisError) -> typer.Exit:
    console.print(f"[red]error:[/red] {exc.message}")
    return typer.Exit(code=1)


def _embedded_only(settings: Settings) -> None:
    if settings.database_url:
        console.print("IZAGIS_DATABASE_URL is set: izagis uses that server and runs none itself.")
        raise typer.Exit(code=1)


@db_app.command("start")
def db_start() -> None:
    """Start the embedded PostgreSQL + PostGIS cluster (or find it running)."""
    settings = Settings()
    _embedded_only(settings)
    try:
        status = db.embedded_cluster(settings).start()
    except IzagisError as exc:
        raise _fail(exc) from exc
    console.print(f"running: pid {status.pid}, port {status.port}, data in {status.data_dir}")


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded cluster; the data stays."""
    settings = Settings()
    _embedded_only(settings)
    try:
        db.embedded_cluster(settings).stop()
    except IzagisError as exc:
        raise _fail(exc) from exc
    console.print("stopped")


@db_app.command("status")
def db_status() -> None:
    """Whether the embedded cluster runs, with its pid, port and folder."""
    settings = Settings()
    _embedded_only(settings)
    status = db.embedded_cluster(settings).status()
    state = "running" if status.running else "stopped"
    console.print(f"{state}: pid {status.pid}, port {status.port}, data in {status.data_dir}")
    raise typer.Exit(code=0 if status.running else 3)


@db_app.command("url")
def db_url() -> None:
    """Print the SQLAlchemy URL of the database izagis uses."""
    try:
        print(db.database_url(Settings(), start=False))
    except IzagisError as exc:
        raise _fail(exc) from exc


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Migrate the schema to the newest version (starts the embedded cluster if needed)."""
    try:
        db.upgrade(db.database_url(Settings()), revision)
    except IzagisError as exc:
        raise _fail(exc) from exc
    console.print(f"schema at {revision}")


@app.command()
def load(
    path: Annotated[Path, typer.Argument(help="dataset folder")] = REFERENCE_DIR,
    if_empty: Annotated[bool, typer.Option(help="only when the database has no zones")] = False,
) -> None:
    """Load a dataset folder (default: the shipped reference data) in one transaction."""
    settings = Settings()
    _setup_logging(settings.log_level)
    try:
        engine = db.make_engine(db.database_url(settings))
        db.check_schema(engine)
        if if_empty and not is_empty(engine):
            console.print("database already holds zones; nothing loaded")
            return
        with Progress(console=console) as progress:
            task = progress.add_task("loading", total=8)

            def step(layer: str, rows: int) -> None:
                progress.update(task, advance=1, description=f"{layer}: {rows} rows")

            counts = load_dataset(engine, path, step)
    except IzagisError as exc:
        raise _fail(exc) from exc
    console.print("loaded " + ", ".join(f"{n} {table}" for table, n in counts.items()))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="default IZAGIS_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="default IZAGIS_PORT")] = None,
) -> None:
    """Serve the API and the maps (the database must be migrated: izagis db upgrade)."""
    import uvicorn

    from api.main import create_app

    settings = Settings()
    _setup_logging(settings.log_level)
    try:
        engine = db.make_engine(db.database_url(settings))
        db.check_schema(engine)
        engine.dispose()
    except IzagisError as exc:
        raise _fail(exc) from exc
    host, port = host or settings.host, port or settings.port
    console.print(f"izagis on http://{host}:{port}/  (Ctrl-C stops it; the data stays)")
    uvicorn.run(create_app(settings), host=host, port=port, log_level=settings.log_level)


@app.command()
def stats(year: int | None = None) -> None:
    """Print the KPIs as JSON."""
    from izagis.stats import kpis

    try:
        engine = db.make_engine(db.database_url(Settings()))
        with engine.connect() as conn:
            print(json.dumps(kpis(conn, year), indent=2, default=str, ensure_ascii=False))
    except IzagisError as exc:
        raise _fail(exc) from exc


@app.command()
def search(
    needs_file: Annotated[Path, typer.Argument(help="the needs as JSON, as for the API")],
    as_json: Annotated[bool, typer.Option("--json", help="print the raw answer")] = False,
) -> None:
    """Rank sites against a project's needs and show why."""
    from pydantic import ValidationError
    from rich.table import Table

    from izagis.needs import SiteNeeds
    from izagis.search import site_search

    try:
        needs = SiteNeeds.model_validate_json(needs_file.read_text())
    except (OSError, ValidationError) as exc:
        console.print(f"[red]error:[/red] {needs_file}: {exc}")
        raise typer.Exit(code=1) from exc
    try:
        engine = db.make_engine(db.database_url(Settings()))
        with engine.connect() as conn:
            answer = site_search(conn, needs)
    except IzagisError as exc:
        raise _fail(exc) from exc
    if as_json:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
        return
    out = Console()
    out.print(
        f"{answer['passed']} candidates from {answer['considered']} plots "
        f"({answer['method']}, profile {answer['profile']}); removed by need: "
        + ", ".join(f"{k} {v}" for k, v in answer["excluded"].items() if v)
    )
    table = Table("rank", "score", "zone", "plots", "ha", "top reasons")
    for c in answer["candidates"]:
        top = sorted(c["criteria"].items(), key=lambda kv: -kv[1]["contribution"])[:3]
        reasons = "; ".join(f"{k} {v['value']:g} {v['unit']}" for k, v in top)
        table.add_row(
            str(c["rank"]),
            f"{c['score']:.3f}",
            c["zone_code"],
            " + ".join(c["plot_codes"]),
            f"{c['area_ha']:.2f}",
            reasons,
        )
    out.print(table)
