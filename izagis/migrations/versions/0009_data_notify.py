"""Caches learn of writes: every bump of ``data_version`` notifies ``izagis_data`` with the new
version (delivered when the writing transaction commits), so the tile cache of every app
process empties itself instead of asking the database on each request.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-28
"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE FUNCTION izagis_notify_data_version() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN PERFORM pg_notify('izagis_data', NEW.version::text); RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER data_version_notify AFTER UPDATE ON data_version "
        "FOR EACH ROW EXECUTE FUNCTION izagis_notify_data_version()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER data_version_notify ON data_version")
    op.execute("DROP FUNCTION izagis_notify_data_version()")
