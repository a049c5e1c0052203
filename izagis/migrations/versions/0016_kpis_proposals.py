"""Planners' records: KPIs against targets, and saved proposals with their versions.

- ``kpi_values``: per zone (null: the province), year and metric, the actual and the target in
  the metric's unit, with a note and a source. Seeded with the province's 2023 actuals and
  2024 targets from the authority's own review of 2023 (the figures of
  ``shared/reference/FACTS.md``; the review's "more than" and "about" kept in the note).
- ``proposals`` (a name, who made it) and ``proposal_versions`` (the boundary, the check's
  answer when it was saved, when and by whom; numbered from 1, never changed).
Touched and audited like the other edited tables; no data-version bump (no map data or cache
depends on them).

The SQL below is a frozen copy: a migration must not change when the code does.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

METRICS = "('revenue', 'exports', 'budget', 'jobs', 'new_capital')"
UNITS = "('vnd_bn', 'usd_m', 'people')"
# The review by its own title: what the API answers as the seeded figures' source.
SOURCE = (
    'Ban Quản lý các khu công nghiệp tỉnh Ninh Bình (Ninh Bình IZA), "Nhìn lại một năm hoạt '
    'động thành công": its review of 2023 and plan for 2024'
)
# (year, metric, unit, actual, target, note): the province's figures in the review.
SEED = (
    (2023, "revenue", "vnd_bn", 60000, None, "more than 60,000 billion VND"),
    (2024, "revenue", "vnd_bn", None, 62100, "more than 62,100 billion VND"),
    (2023, "exports", "usd_m", 1400, None, "more than 1.4 billion USD"),
    (2024, "exports", "usd_m", None, 1840, "1.84 billion USD"),
    (2023, "budget", "vnd_bn", 12000, None, "more than 12,000 billion VND"),
    (2024, "budget", "vnd_bn", None, 13270, "more than 13,270 billion VND"),
    (
        2023,
        "jobs",
        "people",
        36659,
        None,
        "36,659 workers in the zones' enterprises (the review's summary table: about 37,000)",
    ),
    (2024, "jobs", "people", None, 39000, "more than 39,000"),
    (
        2023,
        "new_capital",
        "vnd_bn",
        838.403,
        None,
        "new and increased registered capital: 492.39 (2 new projects) + 346.013 (2 increases)",
    ),
)
TABLES = ("kpi_values", "proposals", "proposal_versions")


def upgrade() -> None:
    op.execute(
        f"""
        CREATE TABLE kpi_values (
            id serial PRIMARY KEY,
            zone_id integer REFERENCES zones (id) ON DELETE CASCADE,
            year integer NOT NULL CONSTRAINT kpi_values_year_check
                CHECK (year BETWEEN 2000 AND 2100),
            metric text NOT NULL CONSTRAINT kpi_values_metric_check CHECK (metric IN {METRICS}),
            unit text NOT NULL CONSTRAINT kpi_values_unit_check CHECK (unit IN {UNITS}),
            actual numeric(16, 3) CONSTRAINT kpi_values_actual_check CHECK (actual >= 0),
            target numeric(16, 3) CONSTRAINT kpi_values_target_check CHECK (target >= 0),
            note text,
            source text,
            created_by text,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT kpi_values_key UNIQUE NULLS NOT DISTINCT (zone_id, year, metric)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE proposals (
            id serial PRIMARY KEY,
            name text NOT NULL,
            created_by text,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute(
        """
        CREATE TABLE proposal_versions (
            id serial PRIMARY KEY,
            proposal_id integer NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
            version integer NOT NULL,
            geom geometry(MultiPolygon, 4326) NOT NULL
                CONSTRAINT proposal_versions_geom_check CHECK (ST_IsValid(geom)),
            result jsonb NOT NULL,
            note text,
            created_by text,
            created_at timestamptz NOT NULL DEFAULT now(),
            CONSTRAINT proposal_versions_key UNIQUE (proposal_id, version)
        )
        """
    )
    op.execute("CREATE INDEX proposal_versions_geom_idx ON proposal_versions USING gist (geom)")
    for table in ("kpi_values", "proposals"):
        op.execute(
            f"CREATE TRIGGER {table}_touch BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION izagis_touch()"
        )
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_audit AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION izagis_audit()"
        )
    op.get_bind().execute(
        sa.text(
            "INSERT INTO kpi_values (year, metric, unit, actual, target, note, source, "
            "created_by) VALUES (:year, :metric, :unit, :actual, :target, :note, :source, "
            "'migration 0016')"
        ),
        [
            dict(zip(("year", "metric", "unit", "actual", "target", "note"), row, strict=True))
            | {"source": SOURCE}
            for row in SEED
        ],
    )


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE {table}")
