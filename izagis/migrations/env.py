"""Alembic environment: the URL comes from izagis.db.alembic_config, never from a file, and
autogenerate compares the database with the tables declared in ``izagis.tables``."""

from typing import Any

from alembic import context
from geoalchemy2 import alembic_helpers
from sqlalchemy import create_engine, pool

from izagis.tables import metadata

# PostGIS's own tables, and the migrations' bookkeeping, are not the schema's.
FOREIGN_TABLES = {"spatial_ref_sys", "alembic_version"}


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    if type_ == "table" and name in FOREIGN_TABLES:
        return False
    return bool(alembic_helpers.include_object(obj, name, type_, reflected, compare_to))


url = context.config.get_main_option("sqlalchemy.url")
assert url, "izagis.db.alembic_config sets sqlalchemy.url"
connectable = create_engine(url, poolclass=pool.NullPool)
with connectable.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        transaction_per_migration=True,
        include_object=include_object,
        process_revision_directives=alembic_helpers.writer,
        render_item=alembic_helpers.render_item,
    )
    with context.begin_transaction():
        context.run_migrations()
