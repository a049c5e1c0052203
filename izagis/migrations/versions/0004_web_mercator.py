"""A generated Web Mercator copy of plot and zone geometry for vector tiles.

Tiles are cut in EPSG:3857; keeping an indexed copy there spares every tile request a
transform of every plot in view.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("plots", "zones")


def upgrade() -> None:
    for table in TABLES:
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN geom_wm geometry(MultiPolygon, 3857) "
            "GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED"
        )
        op.execute(f"CREATE INDEX {table}_geom_wm_idx ON {table} USING gist (geom_wm)")


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} DROP COLUMN geom_wm")
