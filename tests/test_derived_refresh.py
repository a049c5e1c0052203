"""An edit of one plot refreshes the derived rows it touches, and they equal a full rebuild."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, text

from izagis import derived


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
