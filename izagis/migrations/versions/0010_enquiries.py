"""Investors' enquiries and their pipeline.

- ``enquiries``: company, contact person (name, e-mail, phone: personal data under Decree
  13/2023/NĐ-CP), country, industry, the project and its needs (a site-search body), the
  pipeline stage, where it came from (staff or the public form, which needs the investor's
  consent: its time and the consent text's version are stored), and when its contact data
  was erased. Timestamps, data version and audit like the other edited tables.
- ``enquiry_stages``: every stage an enquiry entered, when and by whom.
- ``izagis_audit()`` now also leaves out ``contact_name``, ``email`` and ``phone``: the audit
  history is append-only, so personal data must never reach it (an erasure could not reach it).

The SQL below is a frozen copy: a migration must not change when the code does.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-28
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

STAGES = "'new', 'qualified', 'shortlisted', 'site_visit', 'held', 'leased', 'lost'"
OLD_LEFT_OUT = "- 'geom_m' - 'geom_wm' - 'password_hash' - 'updated_at'"
LEFT_OUT = f"{OLD_LEFT_OUT} - 'contact_name' - 'email' - 'phone'"


def _audit_function(left_out: str) -> str:
    return f"""
        CREATE OR REPLACE FUNCTION izagis_audit() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) {left_out} END;
            new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) {left_out} END;
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


def upgrade() -> None:
    op.execute(
        f"""
        CREATE TABLE enquiries (
            id serial PRIMARY KEY,
            company text NOT NULL,
            contact_name text,
            email text,
            phone text,
            country char(2) CONSTRAINT enquiries_country_check CHECK (country ~ '^[A-Z]{{2}}$'),
            industry text
                CONSTRAINT enquiries_industry_check CHECK (industry ~ '^[0-9]{{2,5}}$'),
            investment_usd_m numeric(12, 2)
                CONSTRAINT enquiries_investment_usd_m_check CHECK (investment_usd_m >= 0),
            jobs integer CONSTRAINT enquiries_jobs_check CHECK (jobs >= 0),
            timeline text,
            notes text,
            needs jsonb,
            stage text NOT NULL CONSTRAINT enquiries_stage_check CHECK (stage IN ({STAGES})),
            source text NOT NULL
                CONSTRAINT enquiries_source_check CHECK (source IN ('staff', 'public')),
            consent_at timestamptz,
            consent_text_version text,
            erased_at timestamptz,
            created_by text,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT enquiries_consent_check CHECK (source <> 'public' OR consent_at IS NOT NULL)
        )
        """
    )
    op.execute("CREATE INDEX enquiries_stage_idx ON enquiries (stage, created_at)")
    op.execute(
        f"""
        CREATE TABLE enquiry_stages (
            id bigserial PRIMARY KEY,
            enquiry_id integer NOT NULL REFERENCES enquiries (id) ON DELETE CASCADE,
            stage text NOT NULL
                CONSTRAINT enquiry_stages_stage_check CHECK (stage IN ({STAGES})),
            at timestamptz NOT NULL DEFAULT now(),
            by text
        )
        """
    )
    op.execute("CREATE INDEX enquiry_stages_enquiry_idx ON enquiry_stages (enquiry_id, at)")
    op.execute(
        "CREATE TRIGGER enquiries_touch BEFORE UPDATE ON enquiries "
        "FOR EACH ROW EXECUTE FUNCTION izagis_touch()"
    )
    op.execute(
        "CREATE TRIGGER enquiries_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        "ON enquiries FOR EACH STATEMENT EXECUTE FUNCTION izagis_bump_version()"
    )
    op.execute(_audit_function(LEFT_OUT))
    op.execute(
        "CREATE TRIGGER enquiries_audit AFTER INSERT OR UPDATE OR DELETE ON enquiries "
        "FOR EACH ROW EXECUTE FUNCTION izagis_audit()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER enquiries_audit ON enquiries")
    op.execute(_audit_function(OLD_LEFT_OUT))
    op.execute("DROP TRIGGER enquiries_version ON enquiries")
    op.execute("DROP TRIGGER enquiries_touch ON enquiries")
    op.execute("DROP TABLE enquiry_stages")
    op.execute("DROP TABLE enquiries")
