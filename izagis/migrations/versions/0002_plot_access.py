"""plot_access: each leasable plot's distance in metres to the nearest feature of every kind.

Site search reads these columns instead of running a nearest-neighbour search per plot and
request; the loader refreshes the view after every import (geometry only changes there).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INFRASTRUCTURE = (
    "expressway",
    "expressway_interchange",
    "national_road",
    "railway",
    "railway_station",
    "seaport",
    "river_port",
    "substation",
)
CONSTRAINTS = (
    "heritage_property",
    "heritage_buffer",
    "national_park",
    "ramsar_wetland",
    "river",
    "residential",
)


def _nearest(table: str, kind: str) -> str:
    return (
        f"(SELECT ST_Distance(p.geom_m, f.geom_m) FROM {table} f WHERE f.kind = '{kind}' "
        f"ORDER BY p.geom_m <-> f.geom_m LIMIT 1) AS d_{kind}"
    )


def upgrade() -> None:
    columns = [_nearest("infrastructure", k) for k in INFRASTRUCTURE]
    columns += [_nearest("constraint_areas", k) for k in CONSTRAINTS]
    columns.append(
        "(SELECT ST_Distance(p.geom_m, f.geom_m) FROM infrastructure f "
        "WHERE f.kind = 'city' AND f.name_en = 'Hanoi') AS d_hanoi"
    )
    op.execute(
        "CREATE MATERIALIZED VIEW plot_access AS SELECT p.id AS plot_id, "
        + ", ".join(columns)
        + " FROM plots p WHERE p.land_use IN ('industrial', 'warehouse')"
    )
    op.execute("CREATE UNIQUE INDEX plot_access_plot_idx ON plot_access (plot_id)")


def downgrade() -> None:
    op.execute("DROP MATERIALIZED VIEW plot_access")
