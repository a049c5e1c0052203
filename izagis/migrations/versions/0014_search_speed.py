"""Site search speed: ``parallel_array_agg``, an array aggregate parallel workers can run.

PostgreSQL 15's ``array_agg`` has no combine function, so a query that collects rows into
arrays sends every row to the leader; this one appends in each worker and concatenates the
workers' arrays (``array_cat``). Site search collects the ids of the plots that pass, and what
land assembly needs of the plots that fail only the area, in the same parallel pass that
counts the plots each need excludes. Order within the array is unspecified.

The SQL below is a frozen copy: a migration must not change when the code does.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-28
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE AGGREGATE parallel_array_agg(anycompatible) (SFUNC = array_append, "
        "STYPE = anycompatiblearray, COMBINEFUNC = array_cat, INITCOND = '{}', "
        "PARALLEL = SAFE)"
    )


def downgrade() -> None:
    op.execute("DROP AGGREGATE parallel_array_agg(anycompatible)")
