"""The staff workspace: holds for enquiries, shortlists, and the app's own database role.

- ``holds`` gain ``enquiry_id`` and ``group_id``: one hold of several plots (an assembled
  site) is one group, its rows sharing ``group_id`` (the hold's id on the API). The exclusion
  constraint stays per plot row, so no two groups can hold one plot at the same time.
- ``shortlist_items``: an enquiry's candidate sites (one plot or an assembled group, by plot
  codes), in the staff's order, each with a note. Timestamps, data version and audit like the
  other edited tables.
- ``izagis_writer``: a role without login that may read and write the data but may only read
  ``audit_log`` (the audit trigger writes it as the owner: ``SECURITY DEFINER``), may not set
  sequences, and owns nothing, so it can neither forge, change nor drop the audit history or
  the triggers that write it. The server's login role is made a member of it (the embedded
  cluster does this for its ``izagis_app`` role; the README gives the GRANT for an external
  database). Tables the owner creates later are granted to it by default.

The SQL below is a frozen copy: a migration must not change when the code does.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

WRITER = "izagis_writer"


def upgrade() -> None:
    op.execute("CREATE SEQUENCE holds_group_id_seq AS bigint")
    op.execute(
        "ALTER TABLE holds "
        "ADD COLUMN enquiry_id integer REFERENCES enquiries (id) ON DELETE SET NULL, "
        "ADD COLUMN group_id bigint NOT NULL DEFAULT nextval('holds_group_id_seq')"
    )
    op.execute("ALTER SEQUENCE holds_group_id_seq OWNED BY holds.group_id")
    op.execute("CREATE INDEX holds_group_idx ON holds (group_id)")
    op.execute("CREATE INDEX holds_enquiry_idx ON holds (enquiry_id)")
    op.execute(
        """
        CREATE TABLE shortlist_items (
            id serial PRIMARY KEY,
            enquiry_id integer NOT NULL REFERENCES enquiries (id) ON DELETE CASCADE,
            plot_codes text[] NOT NULL
                CONSTRAINT shortlist_items_plot_codes_check CHECK (cardinality(plot_codes) > 0),
            position integer NOT NULL,
            note text,
            created_by text,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT shortlist_items_site_key UNIQUE (enquiry_id, plot_codes)
        )
        """
    )
    op.execute("CREATE INDEX shortlist_items_enquiry_idx ON shortlist_items (enquiry_id, position)")
    op.execute(
        "CREATE TRIGGER shortlist_items_touch BEFORE UPDATE ON shortlist_items "
        "FOR EACH ROW EXECUTE FUNCTION izagis_touch()"
    )
    op.execute(
        "CREATE TRIGGER shortlist_items_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        "ON shortlist_items FOR EACH STATEMENT EXECUTE FUNCTION izagis_bump_version()"
    )
    op.execute(
        "CREATE TRIGGER shortlist_items_audit AFTER INSERT OR UPDATE OR DELETE "
        "ON shortlist_items FOR EACH ROW EXECUTE FUNCTION izagis_audit()"
    )
    op.execute(
        f"""
        DO $$ BEGIN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{WRITER}') THEN
                CREATE ROLE {WRITER} NOLOGIN;
            END IF;
        END $$
        """
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO {WRITER}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {WRITER}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {WRITER}")
    # Audit rows are written by the trigger alone, as the owner: the writer may only read them.
    op.execute(f"REVOKE INSERT, UPDATE, DELETE ON audit_log FROM {WRITER}")
    op.execute(
        "ALTER FUNCTION izagis_audit() SECURITY DEFINER SET search_path = pg_catalog, public"
    )
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {WRITER}"
    )
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {WRITER}"
    )


def downgrade() -> None:
    op.execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM {WRITER}"
    )
    op.execute("ALTER FUNCTION izagis_audit() SECURITY INVOKER RESET search_path")
    op.execute(
        "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f"REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM {WRITER}"
    )
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {WRITER}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {WRITER}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {WRITER}")
    op.execute("DROP TABLE shortlist_items")
    op.execute("ALTER TABLE holds DROP COLUMN group_id, DROP COLUMN enquiry_id")
