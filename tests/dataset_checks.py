"""Checks every loaded dataset must pass, whichever data it holds."""

from __future__ import annotations

from sqlalchemy import Connection, text

from izagis.dataset import check_topology


def assert_geometry_clean(conn: Connection) -> None:
    """Valid geometries, plots inside their zones and apart, the three SRIDs, and a GiST
    index on every geometry column."""
    for table in ("zones", "plots", "infrastructure", "constraint_areas", "boundaries"):
        invalid = conn.execute(text(f"SELECT count(*) FROM {table} WHERE NOT ST_IsValid(geom)"))
        assert invalid.scalar_one() == 0, table
    check_topology(conn)
    srids = (
        conn.execute(
            text("SELECT DISTINCT srid FROM geometry_columns WHERE f_table_schema = 'public'")
        )
        .scalars()
        .all()
    )
    assert set(srids) == {4326, 32648, 3857}
    unindexed = (
        conn.execute(
            text(
                "SELECT g.f_table_name || '.' || g.f_geometry_column FROM geometry_columns g "
                "WHERE g.f_table_schema = 'public' AND NOT EXISTS (SELECT 1 FROM pg_indexes i "
                "WHERE i.tablename = g.f_table_name AND i.indexdef ILIKE '%USING gist%' "
                "AND i.indexdef LIKE '%(' || g.f_geometry_column || ')%')"
            )
        )
        .scalars()
        .all()
    )
    assert unindexed == [], "every geometry column has a GiST index"
