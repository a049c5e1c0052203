"""Zone phases: the parts of a zone that open for lease at different times.

- ``zone_phases``: code, zone, names, legal basis, area (ha), status (the zone statuses), the
  first year its land is leasable, and its outline (WGS 84, with the generated metric and Web
  Mercator copies and geodesic area that zones have). Timestamps and data version like the
  other edited tables.
- ``plots.phase_id``: the phase a plot belongs to (null where the data name none).

The SQL below is a frozen copy: a migration must not change when the code does.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-28
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

STATUSES = "'operating', 'developing', 'planned', 'proposed'"


def upgrade() -> None:
    op.execute(
        f"""
        CREATE TABLE zone_phases (
            id serial PRIMARY KEY,
            code text NOT NULL UNIQUE,
            zone_id integer NOT NULL REFERENCES zones (id) ON DELETE CASCADE,
            name_vi text NOT NULL,
            name_en text NOT NULL,
            legal_basis text,
            area_ha numeric(10, 2) CHECK (area_ha > 0),
            status text NOT NULL CONSTRAINT zone_phases_status_check CHECK (status IN ({STATUSES})),
            leasable_from integer CHECK (leasable_from BETWEEN 1990 AND 2100),
            geom geometry(MultiPolygon, 4326) NOT NULL
                CONSTRAINT zone_phases_geom_check CHECK (ST_IsValid(geom)),
            geom_m geometry(MultiPolygon, 32648)
                GENERATED ALWAYS AS (ST_Transform(geom, 32648)) STORED,
            area_m2 double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED,
            geom_wm geometry(MultiPolygon, 3857)
                GENERATED ALWAYS AS (ST_Transform(geom, 3857)) STORED,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX zone_phases_zone_idx ON zone_phases (zone_id)")
    for column in ("geom", "geom_m", "geom_wm"):
        op.execute(f"CREATE INDEX zone_phases_{column}_idx ON zone_phases USING gist ({column})")
    op.execute(
        "CREATE TRIGGER zone_phases_touch BEFORE UPDATE ON zone_phases "
        "FOR EACH ROW EXECUTE FUNCTION izagis_touch()"
    )
    op.execute(
        "CREATE TRIGGER zone_phases_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
        "ON zone_phases FOR EACH STATEMENT EXECUTE FUNCTION izagis_bump_version()"
    )
    op.execute(
        "ALTER TABLE plots ADD COLUMN phase_id integer "
        "REFERENCES zone_phases (id) ON DELETE SET NULL"
    )
    op.execute("CREATE INDEX plots_phase_idx ON plots (phase_id)")


def downgrade() -> None:
    op.execute("DROP INDEX plots_phase_idx")
    op.execute("ALTER TABLE plots DROP COLUMN phase_id")
    op.execute("DROP TABLE zone_phases")
