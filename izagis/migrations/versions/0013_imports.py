"""Import history: every import of a layer from a file, and the features imports retired.

- ``imports``: the layer, the file's name and SHA-256, its source CRS, the counts of the
  change set (added, changed, retired, kept from retirement, unchanged), the options, who ran
  it and when. Audited like the edited tables.
- ``retired_features``: a retired feature's row as it was (JSON, without geometry columns),
  its geometry (WGS 84) and when it went, with the import that retired it; harvesters read
  deletions here.

The SQL below is a frozen copy: a migration must not change when the code does.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-28
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

LAYERS = "'zones', 'plots', 'projects', 'infrastructure', 'constraints'"


def upgrade() -> None:
    op.execute(
        f"""
        CREATE TABLE imports (
            id serial PRIMARY KEY,
            layer text NOT NULL CONSTRAINT imports_layer_check CHECK (layer IN ({LAYERS})),
            file_name text NOT NULL,
            checksum text NOT NULL
                CONSTRAINT imports_checksum_check CHECK (checksum ~ '^[0-9a-f]{{64}}$'),
            source_crs integer,
            features integer NOT NULL,
            added integer NOT NULL,
            changed integer NOT NULL,
            retired integer NOT NULL,
            kept integer NOT NULL,
            unchanged integer NOT NULL,
            options jsonb NOT NULL DEFAULT '{{}}',
            imported_by text NOT NULL,
            imported_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX imports_layer_idx ON imports (layer, imported_at)")
    op.execute(
        "CREATE TRIGGER imports_audit AFTER INSERT OR UPDATE OR DELETE ON imports "
        "FOR EACH ROW EXECUTE FUNCTION izagis_audit()"
    )
    op.execute(
        f"""
        CREATE TABLE retired_features (
            id bigserial PRIMARY KEY,
            layer text NOT NULL
                CONSTRAINT retired_features_layer_check CHECK (layer IN ({LAYERS})),
            code text NOT NULL,
            import_id integer REFERENCES imports (id) ON DELETE SET NULL,
            properties jsonb NOT NULL,
            geom geometry(GEOMETRY, 4326),
            retired_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX retired_features_layer_idx ON retired_features (layer, retired_at)")
    op.execute("CREATE INDEX retired_features_code_idx ON retired_features (layer, code)")
    op.execute("CREATE INDEX retired_features_geom_idx ON retired_features USING gist (geom)")


def downgrade() -> None:
    op.execute("DROP TABLE retired_features")
    op.execute("DROP TABLE imports")
