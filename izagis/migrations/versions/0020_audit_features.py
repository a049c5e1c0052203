"""The feature layers are audited: ``infrastructure`` and ``constraint_areas`` get the three
statement-level audit triggers revision 0018 gave the other audited tables, so an import of
those layers writes an audit row per inserted, changed or deleted feature under the actor
naming the file and its checksum, as the README promised. Both are keyed by an integer ``id``
and have a ``code`` (the audit row's key); their one derived column, ``geom_m``, is among the
columns ``izagis_audit()`` leaves out.

The trigger statements are a frozen copy of 0018's (there they are written inside its
``upgrade``, not as names another revision could import): a migration must not change when the
code does.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-29
"""

from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

TABLES = ("infrastructure", "constraint_areas")
SUFFIXES = ("audit", "audit_update", "audit_delete")


def upgrade() -> None:
    for table in TABLES:
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
    # The audit rows these triggers wrote stay: the history is append-only.
    for table in TABLES:
        for suffix in SUFFIXES:
            op.execute(f"DROP TRIGGER {table}_{suffix} ON {table}")
