"""Per-address request counters of the public routes, shared by every worker process.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE rate_counters (
            bucket text NOT NULL,
            window_start timestamptz NOT NULL,
            hits integer NOT NULL,
            PRIMARY KEY (bucket, window_start)
        )
        """
    )
    op.execute("CREATE INDEX rate_counters_window_idx ON rate_counters (window_start)")


def downgrade() -> None:
    op.execute("DROP TABLE rate_counters")
