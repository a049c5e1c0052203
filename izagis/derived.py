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
    # ``<->`` is ST_Distance's own function: ordering by the value returned computes each
    # distance once, not again for the result.
    return f"(SELECT p.geom_m <-> f.geom_m AS d FROM {table} f WHERE {where} ORDER BY d LIMIT 1)"


_ACCESS_COLUMNS = [f"d_{k}" for k in ACCESS_KINDS_IN_TABLE]
ACCESS_SQL = (
    f"INSERT INTO plot_access (plot_id, {', '.join(_ACCESS_COLUMNS)}, perimeter_m) "
    f"SELECT p.id, {', '.join(_nearest(k) for k in ACCESS_KINDS_IN_TABLE)}, "
    f"ST_Perimeter(p.geom_m) FROM plots p WHERE p.land_use IN {LEASABLE}"
)
# The pairs of leasable plots of one zone sharing at least MIN_SHARED_M of boundary and involving
# a plot of ``touched``, ``a`` the lower id, each pair once. The spatial index finds the
# candidates, plots whose boxes come within SNAP_M of a touched one (farther ones share nothing).
# ``a``'s boundary clipped to a box holding ``b``'s buffer with SNAP_M to spare (no line on the
# box's edge is clipped off) contains the shared part, so where it is shorter than MIN_SHARED_M,
# as with most corner neighbours, the costly buffer and intersection are skipped. ``shared`` is
# materialized so that each intersection is computed once; the rows go in in key order, which
# makes the index and foreign-key work cheaper.
_ADJACENCY_SQL = f"""
    WITH touched AS MATERIALIZED (
        SELECT p.id, p.geom_m FROM plots p WHERE p.land_use IN {LEASABLE} {{touched}}
    ), near AS MATERIALIZED (
        SELECT DISTINCT least(t.id, o.id) AS a, greatest(t.id, o.id) AS b
        FROM touched t JOIN plots o ON o.geom_m && ST_Expand(t.geom_m, {SNAP_M}) AND o.id <> t.id
        WHERE o.land_use IN {LEASABLE}
    ), shared AS MATERIALIZED (
        SELECT near.a, near.b,
               ST_Length(ST_Intersection(ST_Boundary(a.geom_m),
                                         ST_Buffer(b.geom_m, {SNAP_M}, 'quad_segs=1')))
                   AS shared_m
        FROM near JOIN plots a ON a.id = near.a JOIN plots b ON b.id = near.b
        WHERE a.zone_id = b.zone_id
          AND ST_Length(ST_ClipByBox2D(ST_Boundary(a.geom_m),
                                       ST_Expand(box2d(b.geom_m), {2 * SNAP_M})))
              >= {MIN_SHARED_M}
    )
    INSERT INTO plot_adjacency (a, b, shared_m)
    SELECT a, b, shared_m FROM shared WHERE shared_m >= {MIN_SHARED_M} ORDER BY a, b
"""


def refresh(conn: Connection, plot_ids: Sequence[int]) -> None:
    """Recompute the derived rows of these plots (after their geometry or land use changed)."""
    ids = {"ids": list(plot_ids)}
    conn.execute(text("DELETE FROM plot_access WHERE plot_id = ANY(:ids)"), ids)
    conn.execute(text(ACCESS_SQL + " AND p.id = ANY(:ids)"), ids)
    conn.execute(text("DELETE FROM plot_adjacency WHERE a = ANY(:ids) OR b = ANY(:ids)"), ids)
    conn.execute(text(_ADJACENCY_SQL.format(touched="AND p.id = ANY(:ids)")), ids)


def rebuild(conn: Connection) -> None:
    """Recompute every derived row (after the feature layers changed, or a bulk load)."""
    # DELETE, not TRUNCATE: readers keep seeing the old rows until this transaction commits.
    conn.execute(text("DELETE FROM plot_access"))
    conn.execute(text("DELETE FROM plot_adjacency"))
    conn.execute(text(ACCESS_SQL))
    conn.execute(text(_ADJACENCY_SQL.format(touched="")))
    conn.execute(text("ANALYZE plot_access"))
    conn.execute(text("ANALYZE plot_adjacency"))
