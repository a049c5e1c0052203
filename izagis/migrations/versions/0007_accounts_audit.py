"""Accounts and the audit history.

- ``users``: e-mail, role, Argon2 hash, disabled time, session epoch (a new password or
  disabling ends every earlier sign-in); timestamps and the data version like
  the other edited tables.
- ``audit_log``: a row for every insert, update and delete of zones, plots, projects, holds
  and users, written by triggers (so no write path can skip it), with the acting person read
  from the transaction-local setting ``izagis.actor`` (else the database user); derived
  geometry copies and password hashes are left out. A trigger refuses to change or delete an
  audit row.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

AUDITED = ("zones", "plots", "projects", "holds", "users")
LEFT_OUT = "- 'geom_m' - 'geom_wm' - 'password_hash' - 'updated_at'"


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE users (
            id serial PRIMARY KEY,
            email text NOT NULL UNIQUE,
            role text NOT NULL CONSTRAINT users_role_check
                CHECK (role IN ('admin', 'planner', 'staff')),
            password_hash text NOT NULL,
            disabled_at timestamptz,
            session_epoch integer NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute(
        "CREATE TRIGGER users_touch BEFORE UPDATE ON users "
        "FOR EACH ROW EXECUTE FUNCTION izagis_touch()"
    )
    op.execute(
        "CREATE TRIGGER users_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users "
        "FOR EACH STATEMENT EXECUTE FUNCTION izagis_bump_version()"
    )
    op.execute(
        """
        CREATE TABLE audit_log (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT now(),
            actor text NOT NULL,
            table_name text NOT NULL,
            row_key text NOT NULL,
            action text NOT NULL CONSTRAINT audit_log_action_check
                CHECK (action IN ('insert', 'update', 'delete')),
            before jsonb,
            after jsonb
        )
        """
    )
    op.execute("CREATE INDEX audit_log_object_idx ON audit_log (table_name, row_key, at)")
    op.execute(
        f"""
        CREATE FUNCTION izagis_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) {LEFT_OUT} END;
            new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) {LEFT_OUT} END;
            any_row jsonb := coalesce(new_row, old_row);
        BEGIN
            IF TG_OP = 'UPDATE' AND old_row = new_row THEN
                RETURN NULL;
            END IF;
            INSERT INTO audit_log (actor, table_name, row_key, action, before, after)
            VALUES (
                coalesce(nullif(current_setting('izagis.actor', true), ''), session_user),
                TG_TABLE_NAME,
                coalesce(any_row ->> 'code', any_row ->> 'id'),
                lower(TG_OP),
                old_row,
                new_row
            );
            RETURN NULL;
        END $$
        """
    )
    for table in AUDITED:
        op.execute(
            f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION izagis_audit()"
        )
    op.execute(
        "CREATE FUNCTION izagis_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit rows cannot be changed or deleted'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION izagis_audit_append_only()"
    )


def downgrade() -> None:
    for table in AUDITED:
        op.execute(f"DROP TRIGGER {table}_audit ON {table}")
    op.execute("DROP TABLE audit_log")
    op.execute("DROP FUNCTION izagis_audit_append_only()")
    op.execute("DROP FUNCTION izagis_audit()")
    op.execute("DROP TABLE users")
