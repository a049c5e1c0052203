"""Precomputed inputs of land assembly: plot perimeters and plot adjacency.

``plot_access`` gains each plot's perimeter, and finds Hanoi by its English name whatever the
case; ``plot_adjacency`` holds the pairs of leasable plots of one zone that share at least
10 m of boundary (0.5 m snap absorbs survey and rounding gaps), with the shared length. Like
``plot_access``, the loader refreshes it after every import.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from alembic import op

revision = "0003"
down_revision = "0002"
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
LEASABLE = "('industrial', 'warehouse')"
SNAP_M = 0.5
MIN_SHARED_M = 10


def _nearest(table: str, kind: str, where: str) -> str:
    return (
        f"(SELECT ST_Distance(p.geom_m, f.geom_m) FROM {table} f WHERE {where} "
        f"ORDER BY p.geom_m <-> f.geom_m LIMIT 1) AS d_{kind}"
    )


def _plot_access(hanoi: str, perimeter: bool) -> str:
    columns = [_nearest("infrastructure", k, f"f.kind = '{k}'") for k in INFRASTRUCTURE]
    columns += [_nearest("constraint_areas", k, f"f.kind = '{k}'") for k in CONSTRAINTS]
    columns.append(_nearest("infrastructure", "hanoi", f"f.kind = 'city' AND {hanoi}"))
    if perimeter:
        columns.append("ST_Perimeter(p.geom_m) AS perimeter_m")
    return (
        "CREATE MATERIALIZED VIEW plot_access AS SELECT p.id AS plot_id, "
        + ", ".join(columns)
        + f" FROM plots p WHERE p.land_use IN {LEASABLE}"
    )


def upgrade() -> None:
    op.execute("DROP MATERIALIZED VIEW plot_access")
    op.execute(_plot_access("lower(f.name_en) IN ('hanoi', 'ha noi')", perimeter=True))
    op.execute("CREATE UNIQUE INDEX plot_access_plot_idx ON plot_access (plot_id)")
    op.execute(
        f"""
        CREATE MATERIALIZED VIEW plot_adjacency AS
        SELECT a, b, shared_m FROM (
            SELECT a.id AS a, b.id AS b,
                   ST_Length(ST_Intersection(ST_Boundary(a.geom_m),
                                             ST_Buffer(b.geom_m, {SNAP_M}, 'quad_segs=1')))
                       AS shared_m
            FROM plots a JOIN plots b
              ON ST_DWithin(a.geom_m, b.geom_m, {SNAP_M}) AND a.id < b.id
             AND a.zone_id = b.zone_id
            WHERE a.land_use IN {LEASABLE} AND b.land_use IN {LEASABLE}
        ) pairs
        WHERE shared_m >= {MIN_SHARED_M}
        """
    )
    op.execute("CREATE UNIQUE INDEX plot_adjacency_pair_idx ON plot_adjacency (a, b)")
    op.execute("CREATE INDEX plot_adjacency_b_idx ON plot_adjacency (b)")


def downgrade() -> None:
    op.execute("DROP MATERIALIZED VIEW plot_adjacency")
    op.execute("DROP MATERIALIZED VIEW plot_access")
    op.execute(_plot_access("f.name_en = 'Hanoi'", perimeter=False))
    op.execute("CREATE UNIQUE INDEX plot_access_plot_idx ON plot_access (plot_id)")
