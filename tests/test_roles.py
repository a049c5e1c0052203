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
