"""The audit writes a geometry's GeoJSON with ``ST_AsGeoJSON(geom, 15, 2)`` instead of through
``to_jsonb`` of the row, which reaches the same text by PostGIS's cast to json: the rows are
identical (15 digits and the short CRS member are the cast's own), and an import of 100,000
plots audits in about 2 s instead of 5 s (``make bench-import``).

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-28
"""

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

# PostGIS's schema is named: the function runs with search_path pg_catalog, public, and PostGIS
# may live elsewhere in a database izagis is given. Every audited geometry column has a known
# SRID (ST_AsGeoJSON refuses one missing from spatial_ref_sys, where the cast left out ``crs``).
GEOMETRY_AS_JSON = (
    "CASE WHEN atttypid = '{schema}.geometry'::regtype "
    "THEN format('{schema}.ST_AsGeoJSON(%1$I, 15, 2)::jsonb AS %1$I', attname) "
    "ELSE quote_ident(attname) END"
)
POSTGIS_SCHEMA = """
    SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'postgis'
"""


def _per_statement() -> ModuleType:
    """Revision 0018, whose function this one rewrites (revision files are not a package)."""
    path = Path(__file__).with_name("0018_audit_per_statement.py")
    spec = importlib.util.spec_from_file_location("audit_per_statement", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    schema = op.get_bind().exec_driver_sql(POSTGIS_SCHEMA).scalar_one()
    column = GEOMETRY_AS_JSON.format(schema=schema.replace("'", "''"))
    op.execute(_per_statement().AUDIT_FUNCTION.format(column=column))


def downgrade() -> None:
    previous = _per_statement()
    op.execute(previous.AUDIT_FUNCTION.format(column=previous.KEPT_COLUMN))
