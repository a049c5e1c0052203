"""Where the database is and how to reach it: the configured URL or the embedded cluster."""

from __future__ import annotations

import re
from collections.abc import Mapping

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from izagis.cluster import EmbeddedCluster
from izagis.errors import DatabaseUnavailableError, SchemaBehindError
from izagis.settings import Settings

MIGRATIONS = __package__ + ":migrations"


def embedded_cluster(settings: Settings) -> EmbeddedCluster:
    return EmbeddedCluster(settings.data_dir, settings.pg_bin)


def database_url(settings: Settings, *, start: bool = True) -> str:
    """The server's URL: the configured one, or the embedded cluster's app role (the cluster
    started unless ``start`` is False)."""
    if settings.database_url:
        return settings.database_url
    cluster = embedded_cluster(settings)
    if start:
        cluster.start()
    return cluster.app_url()


def owner_url(settings: Settings, *, start: bool = True) -> str:
    """The owner's URL, for what changes the schema or writes in bulk: migrations, loads,
    imports, backups and accounts."""
    if settings.database_url:
        return settings.owner_database_url or settings.database_url
    cluster = embedded_cluster(settings)
    if start:
        cluster.start()
    return cluster.url()


CONNECT_TIMEOUT_S = 5


def make_engine(url: str, *, statement_timeout_ms: int | None = None, pool_size: int = 5) -> Engine:
    """An engine; with ``statement_timeout_ms`` every statement longer than that is cancelled
    by PostgreSQL (the API's engine; loads and migrations take their time)."""
    # A server that accepts and never answers must not hold a page or a command for ever.
    options: dict[str, object] = {"connect_timeout": CONNECT_TIMEOUT_S}
    if statement_timeout_ms is not None:
        options["options"] = f"-c statement_timeout={int(statement_timeout_ms)}"
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=pool_size,
        connect_args=options,
    )


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", MIGRATIONS)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def check_schema(engine: Engine) -> None:
    """Refuse a database whose schema is behind this code's migrations."""
    head = ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    except OperationalError as exc:
        raise DatabaseUnavailableError("the database cannot be reached") from exc
    if current != head:
        raise SchemaBehindError(
            f"the database schema is at {current or 'nothing'}, this izagis needs {head}; "
            "upgrade it with: izagis db upgrade"
        )


def versions(engine: Engine) -> dict[str, str]:
    """PostgreSQL's and PostGIS's versions; DatabaseUnavailableError when it is down."""
    try:
        with engine.connect() as conn:
            row = conn.execute(
                text("SELECT current_setting('server_version'), postgis_lib_version()")
            ).one()
    except OperationalError as exc:
        raise DatabaseUnavailableError("the database is not reachable") from exc
    return {"postgresql": row[0], "postgis": row[1]}


def vocabulary_drift(
    conn: Connection, expected: Mapping[tuple[str, str], tuple[str, ...]]
) -> dict[str, str]:
    """Where the database's CHECK constraints admit other values than ``expected`` (by
    ``table.column``); empty when every vocabulary column agrees with its enum."""
    rows = conn.execute(
        text(
            "SELECT c.conrelid::regclass::text, pg_get_constraintdef(c.oid) FROM pg_constraint c "
            "WHERE c.contype = 'c' AND c.connamespace = 'public'::regnamespace"
        )
    ).all()
    drift: dict[str, str] = {}
    for (table, column), allowed in expected.items():
        mentions = re.compile(rf"\(+{column} = ANY|\(+{column}\)* IN \(|\b{column} = '")
        found = [
            set(re.findall(r"'([^']*)'::text", definition))
            for t, definition in rows
            if t == table and mentions.search(definition)
        ]
        admitted = set().union(*found) if found else set()
        if admitted != set(allowed):
            missing = sorted(set(allowed) - admitted)
            extra = sorted(admitted - set(allowed))
            drift[f"{table}.{column}"] = f"database lacks {missing}, has extra {extra}"
    return drift


def limit_statements(conn: Connection, timeout_ms: int) -> None:
    """Cancel any statement of this transaction that runs longer than ``timeout_ms``."""
    conn.execute(
        text("SELECT set_config('statement_timeout', :limit, true)"), {"limit": f"{timeout_ms}ms"}
    )


def act_as(conn: Connection, actor: str) -> None:
    """Name who is writing in this transaction: the audit triggers record it."""
    conn.execute(text("SELECT set_config('izagis.actor', :actor, true)"), {"actor": actor})
