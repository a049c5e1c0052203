"""The zone and plot registry: zones, plots, projects, events, infrastructure, constraints.

Geometries are kept in WGS 84 (what the web and the API speak) with a generated metric copy in
WGS 84 / UTM 48N (EPSG:32648) for index-friendly distances in metres, and a generated geodesic
area in m². Both copies are derived by PostgreSQL, so they can never disagree with ``geom``.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

METRIC_SRID = 32648


def _geometry_columns(geom_type: str) -> str:
    return f"""
        geom geometry({geom_type}, 4326) NOT NULL CHECK (ST_IsValid(geom)),
        geom_m geometry({geom_type}, {METRIC_SRID})
            GENERATED ALWAYS AS (ST_Transform(geom, {METRIC_SRID})) STORED
    """


def _area_column() -> str:
    return "area_m2 double precision GENERATED ALWAYS AS (ST_Area(geom::geography)) STORED"


def _spatial_indexes(table: str) -> None:
    op.execute(f"CREATE INDEX {table}_geom_idx ON {table} USING gist (geom)")
    op.execute(f"CREATE INDEX {table}_geom_m_idx ON {table} USING gist (geom_m)")


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.execute(
        f"""
        CREATE TABLE zones (
            id serial PRIMARY KEY,
            code text NOT NULL UNIQUE,
            name_vi text NOT NULL,
            name_en text NOT NULL,
            status text NOT NULL
                CHECK (status IN ('operating', 'developing', 'planned', 'proposed')),
            legal_basis text,
            planned_area_ha numeric(10, 2) CHECK (planned_area_ha > 0),
            developer text,
            target_industries text[] NOT NULL DEFAULT '{{}}',
            excluded_industries text[] NOT NULL DEFAULT '{{}}',
            lease_price_usd_m2 numeric(8, 2) CHECK (lease_price_usd_m2 >= 0),
            lease_term_end date,
            power_mva numeric(10, 2) CHECK (power_mva >= 0),
            water_m3_day numeric(12, 2) CHECK (water_m3_day >= 0),
            wastewater_m3_day numeric(12, 2) CHECK (wastewater_m3_day >= 0),
            power_used_mva numeric(10, 2) NOT NULL DEFAULT 0 CHECK (power_used_mva >= 0),
            water_used_m3_day numeric(12, 2) NOT NULL DEFAULT 0 CHECK (water_used_m3_day >= 0),
            wastewater_used_m3_day numeric(12, 2) NOT NULL DEFAULT 0
                CHECK (wastewater_used_m3_day >= 0),
            {_geometry_columns("MultiPolygon")},
            {_area_column()}
        )
        """
    )
    _spatial_indexes("zones")

    op.execute(
        """
        CREATE TABLE projects (
            id serial PRIMARY KEY,
            code text NOT NULL UNIQUE,
            zone_id integer NOT NULL REFERENCES zones (id) ON DELETE RESTRICT,
            kind text NOT NULL CHECK (kind IN ('infrastructure', 'secondary')),
            name text NOT NULL,
            investor text NOT NULL,
            country char(2) NOT NULL,
            is_fdi boolean NOT NULL,
            capital_vnd_bn numeric(14, 3) NOT NULL CHECK (capital_vnd_bn >= 0),
            capital_usd_m numeric(12, 3) CHECK (capital_usd_m >= 0),
            vsic text CHECK (vsic ~ '^[0-9]{2,5}$'),
            status text NOT NULL CHECK (status IN ('operating', 'building', 'delayed')),
            workers_vn integer NOT NULL DEFAULT 0 CHECK (workers_vn >= 0),
            workers_foreign integer NOT NULL DEFAULT 0 CHECK (workers_foreign >= 0),
            certificate_date date,
            CHECK (NOT is_fdi OR capital_usd_m IS NOT NULL)
        )
        """
    )
    op.execute("CREATE INDEX projects_zone_idx ON projects (zone_id)")
    op.execute("CREATE INDEX projects_status_idx ON projects (status)")

    op.execute(
        """
        CREATE TABLE project_events (
            id serial PRIMARY KEY,
            project_id integer NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
            kind text NOT NULL CHECK (kind IN (
                'certificate_issued', 'certificate_adjusted', 'capital_increase',
                'building_permit', 'construction_start', 'supervision')),
            date date NOT NULL,
            amount_vnd_bn numeric(14, 3),
            amount_usd_m numeric(12, 3),
            note text,
            UNIQUE (project_id, kind, date)
        )
        """
    )
    op.execute("CREATE INDEX project_events_date_idx ON project_events (date, kind)")

    op.execute(
        f"""
        CREATE TABLE plots (
            id serial PRIMARY KEY,
            code text NOT NULL UNIQUE,
            zone_id integer NOT NULL REFERENCES zones (id) ON DELETE RESTRICT,
            land_use text NOT NULL
                CHECK (land_use IN ('industrial', 'warehouse', 'utility', 'green', 'road')),
            status text NOT NULL CHECK (status IN (
                'free', 'reserved', 'leased', 'building', 'operating', 'delayed', 'planned')),
            leasable_year integer CHECK (leasable_year BETWEEN 1990 AND 2100),
            project_id integer REFERENCES projects (id) ON DELETE SET NULL,
            {_geometry_columns("MultiPolygon")},
            {_area_column()},
            CHECK (status <> 'planned' OR leasable_year IS NOT NULL)
        )
        """
    )
    _spatial_indexes("plots")
    op.execute("CREATE INDEX plots_zone_status_idx ON plots (zone_id, status)")
    op.execute("CREATE INDEX plots_project_idx ON plots (project_id)")

    op.execute(
        f"""
        CREATE TABLE infrastructure (
            id serial PRIMARY KEY,
            code text NOT NULL UNIQUE,
            kind text NOT NULL CHECK (kind IN (
                'expressway', 'expressway_interchange', 'national_road', 'railway',
                'railway_station', 'seaport', 'river_port', 'substation', 'water_plant',
                'wastewater_plant', 'city')),
            name_vi text NOT NULL,
            name_en text NOT NULL,
            {_geometry_columns("Geometry")}
        )
        """
    )
    _spatial_indexes("infrastructure")
    op.execute("CREATE INDEX infrastructure_kind_idx ON infrastructure (kind)")

    op.execute(
        f"""
        CREATE TABLE constraint_areas (
            id serial PRIMARY KEY,
            code text NOT NULL UNIQUE,
            kind text NOT NULL CHECK (kind IN (
                'heritage_property', 'heritage_buffer', 'national_park', 'ramsar_wetland',
                'river', 'residential')),
            name_vi text NOT NULL,
            name_en text NOT NULL,
            {_geometry_columns("Geometry")}
        )
        """
    )
    _spatial_indexes("constraint_areas")
    op.execute("CREATE INDEX constraint_areas_kind_idx ON constraint_areas (kind)")

    op.execute(
        f"""
        CREATE TABLE boundaries (
            id serial PRIMARY KEY,
            code text NOT NULL UNIQUE,
            kind text NOT NULL CHECK (kind IN ('province', 'district')),
            name_vi text NOT NULL,
            name_en text NOT NULL,
            {_geometry_columns("MultiPolygon")}
        )
        """
    )
    _spatial_indexes("boundaries")


def downgrade() -> None:
    for table in (
        "boundaries",
        "constraint_areas",
        "infrastructure",
        "plots",
        "project_events",
        "projects",
        "zones",
    ):
        op.execute(f"DROP TABLE {table}")
