"""An edit of one plot refreshes the derived rows it touches, and they equal a full rebuild."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Connection, Engine, text

from izagis import derived
from izagis.registry import LEASABLE

# What plot_adjacency holds, as its definition states it: every pair of leasable plots of one
# zone within SNAP_M, with the shared length (derived's statement only skips work).
_DEFINITION = f"""
    SELECT a.id, b.id,
           ST_Length(ST_Intersection(ST_Boundary(a.geom_m),
                                     ST_Buffer(b.geom_m, {derived.SNAP_M}, 'quad_segs=1')))
    FROM plots a JOIN plots b
      ON ST_DWithin(a.geom_m, b.geom_m, {derived.SNAP_M}) AND a.id < b.id
     AND a.zone_id = b.zone_id
    WHERE a.land_use IN {LEASABLE} AND b.land_use IN {LEASABLE}
    ORDER BY 1, 2
"""


def _rows(conn: Connection) -> tuple[list[Any], list[Any]]:
    access = conn.execute(text("SELECT * FROM plot_access ORDER BY plot_id")).all()
    pairs = conn.execute(text("SELECT a, b, shared_m FROM plot_adjacency ORDER BY a, b")).all()
    return list(access), list(pairs)


def test_refresh_of_some_plots_equals_a_rebuild(writable: Engine) -> None:
    with writable.begin() as conn:
        ids = (
            conn.execute(
                text(
                    "SELECT a FROM plot_adjacency UNION SELECT b FROM plot_adjacency ORDER BY 1 "
                    "LIMIT 7"
                )
            )
            .scalars()
            .all()
        )
        assert ids
        derived.rebuild(conn)
        rebuilt = _rows(conn)
        # Lose the rows of these plots, as a geometry edit would make them wrong, then refresh.
        conn.execute(
            text("DELETE FROM plot_adjacency WHERE a = ANY(:i) OR b = ANY(:i)"), {"i": ids}
        )
        conn.execute(text("DELETE FROM plot_access WHERE plot_id = ANY(:i)"), {"i": ids})
        derived.refresh(conn, ids)
        assert _rows(conn) == rebuilt


def test_rebuild_holds_the_pairs_of_the_definition(writable: Engine) -> None:
    with writable.begin() as conn:
        derived.rebuild(conn)
        _, pairs = _rows(conn)
        near = conn.execute(text(_DEFINITION)).all()
    # Neighbours sharing too little (corners) are there to be left out.
    assert any(0 < s < derived.MIN_SHARED_M for _, _, s in near)
    wanted = [(a, b, s) for a, b, s in near if s >= derived.MIN_SHARED_M]
    assert [(a, b) for a, b, _ in pairs] == [(a, b) for a, b, _ in wanted]
    assert [s for _, _, s in pairs] == pytest.approx([s for _, _, s in wanted])
