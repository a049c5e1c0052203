"""The database roles: the server's app role reads and writes the data but can neither
forge nor change the audit history, nor the schema that writes it; the owner migrates."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import ProgrammingError

from izagis import db
from izagis.settings import Settings


@pytest.fixture()
def app_role(settings: Settings, engine: Engine) -> Engine:
    assert engine is not None and settings.database_url  # the data are loaded
    assert "izagis_app" in settings.database_url
    return db.make_engine(settings.database_url)


def test_the_app_role_writes_data_and_appends_to_the_audit(app_role: Engine) -> None:
    with app_role.connect() as conn:
        with conn.begin() as tx:
            db.act_as(conn, "role test")
            conn.execute(text("UPDATE zones SET developer = developer || ' ' WHERE code = 'GK'"))
            row = conn.execute(
                text("SELECT actor FROM audit_log WHERE table_name = 'zones' ORDER BY id DESC")
            ).first()
            assert row is not None and row[0] == "role test"
            tx.rollback()


def test_the_audit_has_a_row_per_changed_row_of_a_statement(app_role: Engine) -> None:
    """Audit triggers fire once per statement (migration 0018) and still write one row per
    inserted, really changed or deleted row, with its before and after, never the derived
    geometries or the touch timestamp; a geometry as PostGIS's json cast writes it."""
    with app_role.connect() as conn, conn.begin() as tx:
        db.act_as(conn, "statement test")
        mark = conn.execute(text("SELECT coalesce(max(id), 0) FROM audit_log")).scalar_one()
        codes = (
            conn.execute(
                text(
                    "SELECT code FROM plots WHERE zone_id = "
                    "(SELECT id FROM zones WHERE code = 'GK') ORDER BY code LIMIT 3"
                )
            )
            .scalars()
            .all()
        )
        conn.execute(text("UPDATE plots SET status = status WHERE code = ANY(:c)"), {"c": codes})
        conn.execute(
            text("UPDATE plots SET leasable_year = 2031 WHERE code = ANY(:c)"), {"c": codes[:2]}
        )
        conn.execute(
            text(
                "INSERT INTO plots (code, zone_id, land_use, status, geom) SELECT 'GK-AUDIT', "
                "zone_id, land_use, 'free', ST_Translate(geom, 0.01, 0) FROM plots WHERE code = :c"
            ),
            {"c": codes[2]},
        )
        conn.execute(text("DELETE FROM plots WHERE code = 'GK-AUDIT'"))
        rows = conn.execute(
            text(
                "SELECT actor, row_key, action, before, after FROM audit_log "
                "WHERE id > :mark AND table_name = 'plots' ORDER BY id"
            ),
            {"mark": mark},
        ).all()
        # the statement that changed nothing wrote nothing
        assert sorted((r.row_key, r.action) for r in rows[:2]) == [
            (codes[0], "update"),
            (codes[1], "update"),
        ]
        assert [(r.row_key, r.action) for r in rows[2:]] == [
            ("GK-AUDIT", "insert"),
            ("GK-AUDIT", "delete"),
        ]
        assert {r.actor for r in rows} == {"statement test"}
        first = rows[0]
        assert {k for k in first.after if first.after[k] != first.before[k]} == {"leasable_year"}
        assert (
            first.after["leasable_year"] == 2031 and first.after["geom"]["type"] == "MultiPolygon"
        )
        for row in rows:
            shown = row.after or row.before
            assert not {"geom_m", "geom_wm", "updated_at"} & set(shown), set(shown)
        assert rows[2].before is None and rows[3].after is None
        assert rows[3].before == rows[2].after
        # a geometry is its GeoJSON as PostGIS casts it to json (migration 0019), to the digit
        stored = conn.execute(
            text("SELECT to_jsonb(geom) FROM plots WHERE code = :c"), {"c": first.row_key}
        ).scalar_one()
        assert first.after["geom"] == stored and stored["crs"]["properties"]["name"] == "EPSG:4326"
        tx.rollback()


@pytest.mark.parametrize(
    "statement",
    [
        "INSERT INTO audit_log (actor, table_name, row_key, action) "
        "VALUES ('forger', 'zones', 'GK', 'delete')",
        "SELECT setval('audit_log_id_seq', 1)",
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "ALTER TABLE plots DISABLE TRIGGER plots_audit",
        "DROP TRIGGER plots_audit ON plots",
        "DROP FUNCTION izagis_audit() CASCADE",
        "ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey",
        "CREATE TABLE shadow (id int)",
    ],
)
def test_the_app_role_cannot_touch_the_audit_or_the_schema(
    app_role: Engine, statement: str
) -> None:
    with app_role.connect() as conn, conn.begin():
        with pytest.raises(ProgrammingError) as refused:
            conn.execute(text(statement))
    assert getattr(refused.value.orig, "sqlstate", None) in ("42501",)  # insufficient_privilege
