"""Derived per-plot data that site search reads instead of computing per request.

``plot_access`` holds each leasable plot's distance in metres to the nearest feature of every
kind and its perimeter; ``plot_adjacency`` the pairs of leasable plots of one zone sharing at
least ``MIN_SHARED_M`` of boundary. Both are ordinary tables: a write refreshes the rows of the
plots it touches in its own transaction (readers never wait), and ``rebuild`` recomputes
everything after a change of the feature layers.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, text

from izagis.registry import IS_HANOI, LEASABLE
from izagis.tables import ACCESS_KINDS_IN_TABLE
from izagis.vocab import ConstraintKind

SNAP_M = 0.5  # absorbs survey and rounding gaps between neighbours
MIN_SHARED_M = 10
CONSTRAINT_KINDS = frozenset(ConstraintKind)


def _nearest(kind: str) -> str:
    if kind == "hanoi":
        table, where = "infrastructure", IS_HANOI
    else:
        table = "constraint_areas" if kind in CONSTRAINT_KINDS else "infrastructure"
        where = f"f.kind = '{kind}'"
    return (
        f"(SELECT ST_Distance(p.geom_m, f.geom_m) FROM {table} f WHERE {where} "
        f"ORDER BY p.geom_m <-> f.geom_m LIMIT 1)"
    )


_ACCESS_COLUMNS = [f"d_{k}" for k in ACCESS_KINDS_IN_TABLE]
ACCESS_SQL = (
    f"INSERT INTO plot_access (plot_id, {', '.join(_ACCESS_COLUMNS)}, perimeter_m) "
    f"SELECT p.id, {', '.join(_nearest(k) for k in ACCESS_KINDS_IN_TABLE)}, "
    f"ST_Perimeter(p.geom_m) FROM plots p WHERE p.land_use IN {LEASABLE}"
)
ADJACENCY_SQL = f"""
    INSERT INTO plot_adjacency (a, b, shared_m)
    SELECT a, b, shared_m FROM (
        SELECT a.id AS a, b.id AS b,
               ST_Length(ST_Intersection(ST_Boundary(a.geom_m),
                                         ST_Buffer(b.geom_m, {SNAP_M}, 'quad_segs=1')))
                   AS shared_m
        FROM plots a JOIN plots b
          ON ST_DWithin(a.geom_m, b.geom_m, {SNAP_M}) AND a.id < b.id
         AND a.zone_id = b.zone_id
        WHERE a.land_use IN {LEASABLE} AND b.land_use IN {LEASABLE}
          {{touching}}
    ) pairs
    WHERE shared_m >= {MIN_SHARED_M}
"""


# The pairs that involve the plots ``:ids``: each touched plot's neighbours found by the
# spatial index (no self-join of every plot), ``a`` the lower id as in ADJACENCY_SQL, each
# pair once however many of its plots were touched.
_TOUCHING_SQL = f"""
    INSERT INTO plot_adjacency (a, b, shared_m)
    SELECT a, b, shared_m FROM (
        SELECT a.id AS a, b.id AS b,
               ST_Length(ST_Intersection(ST_Boundary(a.geom_m),
                                         ST_Buffer(b.geom_m, {SNAP_M}, 'quad_segs=1')))
                   AS shared_m
        FROM (
            SELECT DISTINCT least(t.id, o.id) AS a, greatest(t.id, o.id) AS b
            FROM plots t JOIN plots o
              ON ST_DWithin(t.geom_m, o.geom_m, {SNAP_M}) AND o.id <> t.id
             AND o.zone_id = t.zone_id
            WHERE t.id = ANY(:ids) AND t.land_use IN {LEASABLE} AND o.land_use IN {LEASABLE}
        ) pair JOIN plots a ON a.id = pair.a JOIN plots b ON b.id = pair.b
    ) pairs
    WHERE shared_m >= {MIN_SHARED_M}
"""


def refresh(conn: Connection, plot_ids: Sequence[int]) -> None:
    """Recompute the derived rows of these plots (after their geometry or land use changed)."""
    ids = {"ids": list(plot_ids)}
    conn.execute(text("DELETE FROM plot_access WHERE plot_id = ANY(:ids)"), ids)
    conn.execute(text(ACCESS_SQL + " AND p.id = ANY(:ids)"), ids)
    conn.execute(text("DELETE FROM plot_adjacency WHERE a = ANY(:ids) OR b = ANY(:ids)"), ids)
    conn.execute(text(_TOUCHING_SQL), ids)


def rebuild(conn: Connection) -> None:
    """Recompute every derived row (after the feature layers changed, or a bulk load)."""
    # DELETE, not TRUNCATE: readers keep seeing the old rows until this transaction commits.
    conn.execute(text("DELETE FROM plot_access"))
    conn.execute(text("DELETE FROM plot_adjacency"))
    conn.execute(text(ACCESS_SQL))
    conn.execute(text(ADJACENCY_SQL.format(touching="")))
    conn.execute(text("ANALYZE plot_access"))
    conn.execute(text("ANALYZE plot_adjacency"))
