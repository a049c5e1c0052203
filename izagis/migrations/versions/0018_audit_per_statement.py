"""The audit written once per statement instead of once per row: ``izagis_audit()`` reads the
statement's transition tables, so an import of 100,000 plots writes its audit rows in one
INSERT ... SELECT instead of 100,000 trigger calls (about 10 s of the 13 s its INSERT took).
The rows are the same as before: one per inserted, deleted or really changed row, with the
acting person, the row's key, and the row before and after (without the derived geometries,
the password hash, the timestamps of the touch trigger and people's contact data).

PostgreSQL gives a trigger transition tables for one event only, so each audited table gets
three: ``{table}_audit`` (insert), ``{table}_audit_update`` and ``{table}_audit_delete``; every
row-level audit trigger that exists is replaced. An update's old and new rows are paired by
``id``: every audited table is keyed by an integer ``id`` (``tests/test_schema.py`` checks
it). Revision 0017 was never used.

Revision ID: 0018
Revises: 0016
Create Date: 2026-11-28
"""

from alembic import op

revision = "0018"
down_revision = "0016"
branch_labels = None
depends_on = None

LEFT_OUT = (
    "- 'geom_m' - 'geom_wm' - 'password_hash' - 'updated_at' - 'contact_name' - 'email' - 'phone'"
)
LEFT_OUT_NAMES = (
    "'geom_m', 'geom_wm', 'password_hash', 'updated_at', 'contact_name', 'email', 'phone'"
)
ACTOR = "coalesce(nullif(current_setting('izagis.actor', true), ''), session_user)"
# The audited tables: those whose row-level trigger calls izagis_audit().
AUDITED = """
    SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal AND t.tgfoid = 'izagis_audit'::regproc
    AND t.tgname = c.relname || '_audit'
    ORDER BY c.relname
"""


# How a kept column enters the JSON of a row (migration 0019 turns geometries into GeoJSON
# directly).
KEPT_COLUMN = "quote_ident(attname)"
AUDIT_FUNCTION = f"""
        CREATE OR REPLACE FUNCTION izagis_audit() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        DECLARE
            actor text := {ACTOR};
            -- The row's columns but those left out: never computed (a geometry's JSON is
            -- the costly part), rather than computed and removed.
            kept text := (
                SELECT string_agg({{column}}, ', ' ORDER BY attnum) FROM pg_attribute
                WHERE attrelid = TG_RELID AND attnum > 0 AND NOT attisdropped
                AND attname NOT IN ({LEFT_OUT_NAMES})
            );
            shown text := 'coalesce(%1$s ->> ''code'', %1$s ->> ''id'')';
        BEGIN
            IF TG_OP = 'INSERT' THEN
                EXECUTE format(
                    'INSERT INTO audit_log (actor, table_name, row_key, action, before, after) '
                    'SELECT $1, $2, ' || format(shown, 'r') || ', ''insert'', NULL, r '
                    'FROM (SELECT to_jsonb(n) AS r FROM (SELECT %s FROM new_rows) n) x', kept
                ) USING actor, TG_TABLE_NAME;
            ELSIF TG_OP = 'DELETE' THEN
                EXECUTE format(
                    'INSERT INTO audit_log (actor, table_name, row_key, action, before, after) '
                    'SELECT $1, $2, ' || format(shown, 'r') || ', ''delete'', r, NULL '
                    'FROM (SELECT to_jsonb(o) AS r FROM (SELECT %s FROM old_rows) o) x', kept
                ) USING actor, TG_TABLE_NAME;
            ELSE
                EXECUTE format(
                    'INSERT INTO audit_log (actor, table_name, row_key, action, before, after) '
                    'SELECT $1, $2, ' || format(shown, 'a') || ', ''update'', b, a '
                    'FROM (SELECT to_jsonb(o) AS b, to_jsonb(n) AS a '
                    'FROM (SELECT %1$s FROM old_rows) o JOIN (SELECT %1$s FROM new_rows) n '
                    'ON n.id = o.id) x WHERE a IS DISTINCT FROM b', kept
                ) USING actor, TG_TABLE_NAME;
            END IF;
            RETURN NULL;
        END $$
        """


def _tables() -> list[str]:
    return [row[0] for row in op.get_bind().exec_driver_sql(AUDITED)]


def upgrade() -> None:
    tables = _tables()
    for table in tables:
        op.execute(f"DROP TRIGGER {table}_audit ON {table}")
    op.execute(AUDIT_FUNCTION.format(column=KEPT_COLUMN))
    for table in tables:
        op.execute(
            f"CREATE TRIGGER {table}_audit AFTER INSERT ON {table} REFERENCING NEW TABLE AS "
            "new_rows FOR EACH STATEMENT EXECUTE FUNCTION izagis_audit()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_audit_update AFTER UPDATE ON {table} REFERENCING OLD TABLE "
            "AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION izagis_audit()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_audit_delete AFTER DELETE ON {table} REFERENCING OLD TABLE "
            "AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION izagis_audit()"
        )


def downgrade() -> None:
    tables = [
        row[0]
        for row in op.get_bind().exec_driver_sql(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = c.relname || '_audit_delete' ORDER BY c.relname"
        )
    ]
    for table in tables:
        for suffix in ("audit", "audit_update", "audit_delete"):
            op.execute(f"DROP TRIGGER {table}_{suffix} ON {table}")
    op.execute(
        f"""
        CREATE OR REPLACE FUNCTION izagis_audit() RETURNS trigger LANGUAGE plpgsql
        SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        DECLARE
            old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) {LEFT_OUT} END;
            new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) {LEFT_OUT} END;
            any_row jsonb := coalesce(new_row, old_row);
        BEGIN
            IF TG_OP = 'UPDATE' AND old_row = new_row THEN
                RETURN NULL;
            END IF;
            INSERT INTO audit_log (actor, table_name, row_key, action, before, after)
            VALUES ({ACTOR}, TG_TABLE_NAME, coalesce(any_row ->> 'code', any_row ->> 'id'),
                    lower(TG_OP), old_row, new_row);
            RETURN NULL;
        END $$
        """
    )
    for table in tables:
        op.execute(
            f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION izagis_audit()"
        )
