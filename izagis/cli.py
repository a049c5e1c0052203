"""The ``izagis`` command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from sqlalchemy import text

from izagis import cli_import, cli_users, db, derived, holds, logs, tokens
from izagis.cli_output import console, error, note, out
from izagis.cluster import ClusterStatus
from izagis.dataset import REFERENCE_DIR, is_empty, load_dataset
from izagis.errors import IzagisError
from izagis.layers import PublicLayer
from izagis.settings import Settings

app = typer.Typer(
    help="izagis: industrial-zone GIS and site selection for Ninh Bình.", no_args_is_help=True
)
db_app = typer.Typer(help="The database: embedded cluster and schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(cli_users.app, name="user")
app.command("import")(cli_import.import_layer)
derived_app = typer.Typer(help="Derived per-plot data: distances, adjacency.", no_args_is_help=True)
app.add_typer(derived_app, name="derived")
holds_app = typer.Typer(help="Holds of plots for investors.", no_args_is_help=True)
app.add_typer(holds_app, name="holds")


def _describe(status: ClusterStatus) -> str:
    if status.running:
        return f"running: pid {status.pid}, port {status.port}, data in {status.data_dir}"
    return f"stopped, data in {status.data_dir}"


def _fail(exc: IzagisError) -> typer.Exit:
    error(exc.message)
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
    out.print(_describe(status))


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded cluster; the data stays."""
    settings = Settings()
    _embedded_only(settings)
    try:
        db.embedded_cluster(settings).stop()
    except IzagisError as exc:
        raise _fail(exc) from exc
    out.print("stopped")


@db_app.command("status")
def db_status() -> None:
    """Whether the embedded cluster runs, with its pid, port and folder."""
    settings = Settings()
    _embedded_only(settings)
    status = db.embedded_cluster(settings).status()
    out.print(_describe(status))
    raise typer.Exit(code=0 if status.running else 3)


@db_app.command("url")
def db_url() -> None:
    """Print the SQLAlchemy URL the server connects with (its app role)."""
    try:
        print(db.database_url(Settings(), start=False))
    except IzagisError as exc:
        raise _fail(exc) from exc


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Migrate the schema to the newest version (starts the embedded cluster if needed)."""
    try:
        db.upgrade(db.owner_url(Settings()), revision)
    except IzagisError as exc:
        raise _fail(exc) from exc
    console.print(f"schema at {revision}")


@db_app.command("backup")
def db_backup(
    file: Annotated[Path, typer.Argument(help="the backup file to write (replaced if it exists)")],
) -> None:
    """Back up the whole database to FILE (pg_dump custom format, one consistent snapshot,
    readable by its owner only)."""
    from izagis.backup import backup

    settings = Settings()
    logs.setup(settings.log_level)
    try:
        url = db.owner_url(settings)
        with console.status("backing up") as status:
            info = backup(url=url, file=file, pg_bin=settings.pg_bin, progress=status.update)
    except IzagisError as exc:
        raise _fail(exc) from exc
    console.print(
        f"backed up {info.target} (schema {info.revision or 'none'}, {info.tables} tables) "
        f"to {info.file} ({info.size_bytes / 1e6:.1f} MB)"
    )


@db_app.command("restore")
def db_restore(
    file: Annotated[Path, typer.Argument(help="a file written by izagis db backup")],
    replace: Annotated[
        bool,
        typer.Option("--replace", help="replace what the database holds (one transaction)"),
    ] = False,
) -> None:
    """Restore FILE into the database in one transaction: all of it or nothing. A database
    that already holds tables is refused unless --replace."""
    from izagis.backup import restore

    settings = Settings()
    logs.setup(settings.log_level)
    try:
        url = db.owner_url(settings)
        with console.status("restoring") as status:
            info = restore(
                url=url, file=file, replace=replace, pg_bin=settings.pg_bin, progress=status.update
            )
    except IzagisError as exc:
        raise _fail(exc) from exc
    if info.extensions_created:
        console.print("created the extensions " + ", ".join(info.extensions_created))
    if info.replaced:
        console.print(f"replaced the {len(info.replaced)} tables the database held")
    console.print(
        f"restored {info.file} into {info.target}: schema {info.revision or 'none'}, "
        f"{info.tables} tables"
    )
    for remark in info.notes:
        note(remark)


@app.command()
def load(
    path: Annotated[
        Path | None,
        typer.Argument(help="dataset folder (default IZAGIS_REFERENCE_DIR, else the shipped one)"),
    ] = None,
    if_empty: Annotated[bool, typer.Option(help="only when the database has no zones")] = False,
) -> None:
    """Load a dataset folder (default: the shipped reference data) in one transaction."""
    settings = Settings()
    logs.setup(settings.log_level)
    try:
        engine = db.make_engine(db.owner_url(settings))
        db.check_schema(engine)
        if if_empty and not is_empty(engine):
            console.print("database already holds zones; nothing loaded")
            return
        with Progress(console=console) as progress:
            task = progress.add_task("loading", total=8)

            def step(layer: str, rows: int) -> None:
                progress.update(task, advance=1, description=f"{layer}: {rows} rows")

            folder = path or settings.reference_dir or REFERENCE_DIR
            counts = load_dataset(engine, folder, step)
    except IzagisError as exc:
        raise _fail(exc) from exc
    console.print("loaded " + ", ".join(f"{n} {table}" for table, n in counts.items()))


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="default IZAGIS_HOST")] = None,
    port: Annotated[int | None, typer.Option(help="default IZAGIS_PORT")] = None,
    workers: Annotated[
        int, typer.Option(min=1, max=64, help="worker processes (about one per core)")
    ] = 1,
) -> None:
    """Serve the API and the maps (the database must be migrated: izagis db upgrade).

    With ``--workers N`` uvicorn runs N processes of the app on one socket; the app keeps no
    state of its own between requests (the database holds it all), so processes and machines
    can be added freely."""
    import uvicorn

    settings = Settings()
    logs.setup(settings.log_level)
    embedded = None if settings.database_url else db.embedded_cluster(settings)
    try:
        if embedded is not None and not embedded.status().running:
            console.print(f"starting the embedded database in {embedded.data_dir}")
        engine = db.make_engine(db.database_url(settings))
        db.check_schema(engine)
        engine.dispose()
        # Generated (embedded cluster) before the workers start, so that they all share it.
        tokens.secret_key(settings)
    except IzagisError as exc:
        raise _fail(exc) from exc
    host, port = host or settings.host, port or settings.port
    console.print(
        f"izagis on http://{host}:{port}/  ({workers} worker{'s' * (workers > 1)}; "
        "Ctrl-C stops it; the data stays)"
    )
    # From the import string: the core never imports the layers above it. The app reads the
    # same IZAGIS_* settings.
    uvicorn.run(
        "api.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=None,
        # One setting says whose X-Forwarded-* headers count: none unless it names proxies.
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
    if embedded is not None:
        console.print("izagis stopped; the database keeps running (izagis db stop stops it)")


@derived_app.command("rebuild")
def derived_rebuild() -> None:
    """Recompute every plot's distances and adjacency (after the feature layers changed)."""
    settings = Settings()
    logs.setup(settings.log_level)
    try:
        engine = db.make_engine(db.owner_url(settings))
        db.check_schema(engine)
        with console.status("recomputing distances and adjacency"), engine.begin() as conn:
            derived.rebuild(conn)
            rows = conn.execute(text("SELECT count(*) FROM plot_access")).scalar_one()
    except IzagisError as exc:
        raise _fail(exc) from exc
    console.print(f"derived data rebuilt for {rows} leasable plots")


@holds_app.command("sweep")
def holds_sweep() -> None:
    """Record an `expired` event for every hold that ran out (safe to run at any time; a
    periodic job, e.g. hourly from cron or a systemd timer)."""
    settings = Settings()
    logs.setup(settings.log_level)
    try:
        engine = db.make_engine(db.database_url(settings))
        db.check_schema(engine)
        with engine.begin() as conn:
            recorded = holds.sweep_expired_holds(conn)
    except IzagisError as exc:
        raise _fail(exc) from exc
    out.print(f"{recorded} expired holds recorded")


@app.command()
def stats(
    year: Annotated[int | None, typer.Option(min=1990, max=2100, help="activity year")] = None,
) -> None:
    """Print the KPIs as JSON."""
    from izagis.stats import kpis

    try:
        engine = db.make_engine(db.database_url(Settings()))
        with engine.connect() as conn:
            print(kpis(conn, year).model_dump_json(indent=2))
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
    except OSError as exc:
        error(f"{needs_file}: {exc.strerror}")
        raise typer.Exit(code=1) from exc
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]) or "body"
            error(f"{needs_file}: {where}: " + str(err["msg"]).removeprefix("Value error, "))
        raise typer.Exit(code=1) from exc
    try:
        engine = db.make_engine(db.database_url(Settings()))
        with engine.connect() as conn:
            answer = site_search(conn, needs)
    except IzagisError as exc:
        raise _fail(exc) from exc
    if as_json:
        print(answer.model_dump_json(indent=2))
        return
    out.print(
        f"{answer.passed} candidates from {answer.considered} plots "
        f"({answer.method}, profile {answer.profile}); removed by need: "
        + ", ".join(f"{k} {v}" for k, v in answer.excluded.items() if v)
    )
    table = Table("rank", "score", "zone", "plots", "ha", "top reasons")
    for c in answer.candidates:
        weighed = [kv for kv in c.criteria.items() if kv[1].weight > 0]
        top = sorted(weighed, key=lambda kv: -kv[1].contribution)[:3]
        reasons = "; ".join(f"{k} {v.value:g} {v.unit}" for k, v in top)
        table.add_row(
            str(c.rank),
            f"{c.score:.3f}",
            c.zone_code,
            " + ".join(c.plot_codes),
            f"{c.area_ha:.2f}",
            reasons,
        )
    out.print(table)


@app.command("export")
def export_layer_to_file(
    layer: Annotated[PublicLayer, typer.Argument(help="the layer to export")],
    file: Annotated[
        Path,
        typer.Argument(help="the file to write: .geojson, .gpkg, .shp.zip, .csv or .kml"),
    ],
    crs: Annotated[
        str,
        typer.Option(help="EPSG:4326, or VN-2000: EPSG:4756, 3405, 3406, 5897, 9205-9218"),
    ] = "EPSG:4326",
) -> None:
    """Export a public layer to a file (the format from its extension; a GeoPackage carries
    QGIS styles), in WGS 84 or VN-2000 (through EPSG:6960). KML is WGS 84 only."""
    from rich.progress import MofNCompleteColumn

    from izagis.export import check_crs, export_layer, format_of

    code = crs.upper().removeprefix("EPSG:")
    if not code.isdigit():
        error(f"--crs must be EPSG:NNNN, not {crs!r}")
        raise typer.Exit(code=1)
    settings = Settings()
    logs.setup(settings.log_level)
    try:
        check_crs(format_of(file), int(code))  # before any progress is drawn
        engine = db.make_engine(db.database_url(settings))
        db.check_schema(engine)
        columns = (*Progress.get_default_columns(), MofNCompleteColumn())
        with Progress(*columns, console=console) as progress, engine.connect() as conn:
            task = progress.add_task(f"exporting {layer.value}", total=None)

            def step(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            result = export_layer(conn, layer, file, crs=int(code), progress=step)
    except IzagisError as exc:
        raise _fail(exc) from exc
    console.print(
        f"exported {result.features} {layer.value} to {file} ({result.format}, "
        f"EPSG:{result.crs}; {', '.join(result.tables)})"
    )
