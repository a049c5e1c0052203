"""Site search at scale: the available leasable plots from one covering partial index.

``plots_available_idx`` (status, with id, zone, leasable year, area and code) lets the search
read the available plots by an index-only scan instead of the whole ``plots`` table.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX IF NOT EXISTS plots_available_idx ON plots (status) "
        "INCLUDE (id, zone_id, leasable_year, area_m2, code) "
        "WHERE land_use IN ('industrial', 'warehouse')"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS plots_available_idx")
