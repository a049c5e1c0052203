"""The schema, declared once: every table, column, constraint and index of the database.

Alembic's ``env.py`` compares this metadata with the migrated database (a test runs
``alembic check``), the loader writes through these tables, and the CHECK constraints of the
vocabulary columns are built from the enums of ``izagis.vocab`` (a test compares them with the
database, so a migration can never drift from the enums). Columns that PostgreSQL derives
(metric and Web Mercator copies, geodesic areas) are ``Computed``: no writer can set them.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Final

from geoalchemy2 import Geometry
from sqlalchemy import (
    CHAR,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    Sequence,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSTZRANGE, ExcludeConstraint

from izagis.vocab import (
    AuditAction,
    BoundaryKind,
    ConstraintKind,
    EnquiryStage,
    EventSource,
    InfrastructureKind,
    KpiMetric,
    KpiUnit,
    LandUse,
    PlotEventKind,
    PlotStatus,
    ProjectEventKind,
    ProjectKind,
    ProjectStatus,
    Role,
    ZoneStatus,
    sql_list,
    values,
)

WGS84: Final = 4326
METRIC_SRID: Final = 32648  # WGS 84 / UTM 48N: true metres across the province
WEB_MERCATOR: Final = 3857

metadata = MetaData()


# plots.status holds what people and imports recorded; "reserved" is never stored, it is
# read live from active holds (see docs/plot-state.md).
def stored_statuses(statuses: type[StrEnum]) -> tuple[str, ...]:
    """The plot statuses the column admits: all but "reserved", which holds decide."""
    return tuple(s for s in values(statuses) if s != PlotStatus.RESERVED)


STORED_PLOT_STATUSES: Final = stored_statuses(PlotStatus)

# (table, column) -> the values its CHECK constraint admits; compared with the database.
VOCABULARY_COLUMNS: dict[tuple[str, str], tuple[str, ...]] = {}


def vocabulary(table: str, column: str, allowed: type[StrEnum] | tuple[str, ...]) -> Column[str]:
    """A text column restricted to a vocabulary by a CHECK named as PostgreSQL names it."""
    admitted = values(allowed) if isinstance(allowed, type) else allowed
    VOCABULARY_COLUMNS[(table, column)] = admitted
    return Column(
        column,
        Text,
        CheckConstraint(f"{column} IN {sql_list(admitted)}", name=f"{table}_{column}_check"),
        nullable=False,
    )


def _geometry(table: str, geom_type: str) -> list[Column[object]]:
    """``geom`` in WGS 84 and its generated metric copy ``geom_m``."""
    return [
        Column(
            "geom",
            Geometry(geom_type, srid=WGS84, spatial_index=False),
            CheckConstraint("ST_IsValid(geom)", name=f"{table}_geom_check"),
            nullable=False,
        ),
        Column(
            "geom_m",
            Geometry(geom_type, srid=METRIC_SRID, spatial_index=False),
            Computed(f"ST_Transform(geom, {METRIC_SRID})", persisted=True),
        ),
    ]


def _web_mercator() -> Column[object]:
    return Column(
        "geom_wm",
        Geometry("MULTIPOLYGON", srid=WEB_MERCATOR, spatial_index=False),
        Computed(f"ST_Transform(geom, {WEB_MERCATOR})", persisted=True),
    )


def _area() -> Column[float]:
    return Column("area_m2", Float, Computed("ST_Area(geom::geography)", persisted=True))


def _gist(table: str, *columns: str) -> list[Index]:
    return [Index(f"{table}_{c}_idx", c, postgresql_using="gist") for c in columns]


def _gist_by_kind(table: str, kinds: Iterable[str]) -> list[Index]:
    """A metric index per kind (migration 0021): the derived distances ask for the nearest
    feature of each kind, which then reads that kind's features only."""
    return [
        Index(
            f"{table}_{kind}_geom_m_idx",
            "geom_m",
            postgresql_using="gist",
            postgresql_where=text(f"kind = '{kind}'"),
        )
        for kind in kinds
    ]


def _timestamps() -> list[Column[object]]:
    """When a row was made and last changed (``updated_at`` kept by a trigger)."""
    return [
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    ]


zones = Table(
    "zones",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", Text, nullable=False, unique=True),
    Column("name_vi", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    vocabulary("zones", "status", ZoneStatus),
    Column("legal_basis", Text),
    Column("legal_basis_en", Text),
    Column("planned_area_ha", Numeric(10, 2), CheckConstraint("planned_area_ha > 0")),
    Column("developer", Text),
    Column("developer_en", Text),
    Column("notes_vi", Text),
    Column("notes_en", Text),
    Column("target_industries", ARRAY(Text), nullable=False, server_default=text("'{}'")),
    Column("excluded_industries", ARRAY(Text), nullable=False, server_default=text("'{}'")),
    Column("lease_price_usd_m2", Numeric(8, 2), CheckConstraint("lease_price_usd_m2 >= 0")),
    Column("lease_term_end", Date),
    Column("power_mva", Numeric(10, 2), CheckConstraint("power_mva >= 0")),
    Column("water_m3_day", Numeric(12, 2), CheckConstraint("water_m3_day >= 0")),
    Column("wastewater_m3_day", Numeric(12, 2), CheckConstraint("wastewater_m3_day >= 0")),
    Column(
        "power_used_mva",
        Numeric(10, 2),
        CheckConstraint("power_used_mva >= 0"),
        nullable=False,
        server_default=text("0"),
    ),
    Column(
        "water_used_m3_day",
        Numeric(12, 2),
        CheckConstraint("water_used_m3_day >= 0"),
        nullable=False,
        server_default=text("0"),
    ),
    Column(
        "wastewater_used_m3_day",
        Numeric(12, 2),
        CheckConstraint("wastewater_used_m3_day >= 0"),
        nullable=False,
        server_default=text("0"),
    ),
    *_geometry("zones", "MULTIPOLYGON"),
    _area(),
    _web_mercator(),
    *_timestamps(),
    *_gist("zones", "geom", "geom_m", "geom_wm"),
)

# A zone's phases: parts that open for lease at different times (the original area, an
# extension, a northern phase), each with its legal basis, status and first leasable year;
# plots name the phase they belong to.
zone_phases = Table(
    "zone_phases",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", Text, nullable=False, unique=True),
    Column("zone_id", Integer, ForeignKey("zones.id", ondelete="CASCADE"), nullable=False),
    Column("name_vi", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    Column("legal_basis", Text),
    Column("area_ha", Numeric(10, 2), CheckConstraint("area_ha > 0")),
    vocabulary("zone_phases", "status", ZoneStatus),
    Column("leasable_from", Integer, CheckConstraint("leasable_from BETWEEN 1990 AND 2100")),
    *_geometry("zone_phases", "MULTIPOLYGON"),
    _area(),
    _web_mercator(),
    *_timestamps(),
    Index("zone_phases_zone_idx", "zone_id"),
    *_gist("zone_phases", "geom", "geom_m", "geom_wm"),
)

projects = Table(
    "projects",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", Text, nullable=False, unique=True),
    Column("zone_id", Integer, ForeignKey("zones.id", ondelete="RESTRICT"), nullable=False),
    vocabulary("projects", "kind", ProjectKind),
    Column("name", Text, nullable=False),
    Column("investor", Text, nullable=False),
    Column("country", CHAR(2), nullable=False),
    Column("is_fdi", Boolean, nullable=False),
    Column(
        "capital_vnd_bn", Numeric(14, 3), CheckConstraint("capital_vnd_bn >= 0"), nullable=False
    ),
    Column("capital_usd_m", Numeric(12, 3), CheckConstraint("capital_usd_m >= 0")),
    Column("vsic", Text, CheckConstraint("vsic ~ '^[0-9]{2,5}$'")),
    vocabulary("projects", "status", ProjectStatus),
    Column(
        "workers_vn",
        Integer,
        CheckConstraint("workers_vn >= 0"),
        nullable=False,
        server_default=text("0"),
    ),
    Column(
        "workers_foreign",
        Integer,
        CheckConstraint("workers_foreign >= 0"),
        nullable=False,
        server_default=text("0"),
    ),
    Column("certificate_date", Date),
    *_timestamps(),
    CheckConstraint("NOT is_fdi OR capital_usd_m IS NOT NULL"),
    Index("projects_zone_idx", "zone_id"),
    Index("projects_status_idx", "status"),
)

project_events = Table(
    "project_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
    vocabulary("project_events", "kind", ProjectEventKind),
    Column("date", Date, nullable=False),
    Column("amount_vnd_bn", Numeric(14, 3)),
    Column("amount_usd_m", Numeric(12, 3)),
    Column("note", Text),
    *_timestamps(),
    UniqueConstraint("project_id", "kind", "date"),
    Index("project_events_date_idx", "date", "kind"),
)

plots = Table(
    "plots",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", Text, nullable=False, unique=True),
    Column("zone_id", Integer, ForeignKey("zones.id", ondelete="RESTRICT"), nullable=False),
    vocabulary("plots", "land_use", LandUse),
    vocabulary("plots", "status", STORED_PLOT_STATUSES),
    Column("leasable_year", Integer, CheckConstraint("leasable_year BETWEEN 1990 AND 2100")),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="SET NULL")),
    Column("phase_id", Integer, ForeignKey("zone_phases.id", ondelete="SET NULL")),
    *_geometry("plots", "MULTIPOLYGON"),
    _area(),
    _web_mercator(),
    *_timestamps(),
    CheckConstraint("status <> 'planned' OR leasable_year IS NOT NULL"),
    Index("plots_zone_status_idx", "zone_id", "status"),
    Index("plots_project_idx", "project_id"),
    Index("plots_phase_idx", "phase_id"),
    # Site search reads the available leasable plots from this index alone (index-only scan).
    Index(
        "plots_available_idx",
        "status",
        postgresql_include=["id", "zone_id", "leasable_year", "area_m2", "code"],
        postgresql_where=text("land_use IN ('industrial', 'warehouse')"),
    ),
    *_gist("plots", "geom", "geom_m", "geom_wm"),
)

infrastructure = Table(
    "infrastructure",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", Text, nullable=False, unique=True),
    vocabulary("infrastructure", "kind", InfrastructureKind),
    Column("name_vi", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    *_geometry("infrastructure", "GEOMETRY"),
    *_timestamps(),
    Index("infrastructure_kind_idx", "kind"),
    *_gist("infrastructure", "geom", "geom_m"),
    *_gist_by_kind("infrastructure", InfrastructureKind),
)

constraint_areas = Table(
    "constraint_areas",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", Text, nullable=False, unique=True),
    vocabulary("constraint_areas", "kind", ConstraintKind),
    Column("name_vi", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    *_geometry("constraint_areas", "GEOMETRY"),
    *_timestamps(),
    Index("constraint_areas_kind_idx", "kind"),
    *_gist("constraint_areas", "geom", "geom_m"),
    *_gist_by_kind("constraint_areas", ConstraintKind),
)

boundaries = Table(
    "boundaries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", Text, nullable=False, unique=True),
    vocabulary("boundaries", "kind", BoundaryKind),
    Column("name_vi", Text, nullable=False),
    Column("name_en", Text, nullable=False),
    *_geometry("boundaries", "MULTIPOLYGON"),
    *_timestamps(),
    *_gist("boundaries", "geom", "geom_m"),
)

# A plot's life: one row per dated change, written with the change by izagis.plot_state.
plot_events = Table(
    "plot_events",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("plot_id", Integer, ForeignKey("plots.id", ondelete="CASCADE"), nullable=False),
    vocabulary("plot_events", "kind", PlotEventKind),
    Column("happened_on", Date, nullable=False),
    vocabulary("plot_events", "source", EventSource),
    Column("hold_id", BigInteger, ForeignKey("holds.id", ondelete="SET NULL")),
    Column("project_id", Integer, ForeignKey("projects.id", ondelete="SET NULL")),
    Column("note", Text),
    Column("recorded_by", Text),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("plot_events_plot_idx", "plot_id", "happened_on"),
    Index("plot_events_hold_kind_idx", "hold_id", "kind", unique=True),
)

# Holds: a plot kept for someone over a time range; no two ranges of a plot may overlap.
holds = Table(
    "holds",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("plot_id", Integer, ForeignKey("plots.id", ondelete="CASCADE"), nullable=False),
    Column("during", TSTZRANGE, nullable=False),
    Column("holder", Text, nullable=False),
    Column("enquiry_id", Integer, ForeignKey("enquiries.id", ondelete="SET NULL")),
    # The rows of one hold of several plots share it: the hold's id on the API.
    Column(
        "group_id",
        BigInteger,
        Sequence("holds_group_id_seq"),
        server_default=text("nextval('holds_group_id_seq')"),
        nullable=False,
    ),
    Column("released_at", DateTime(timezone=True)),
    Column("note", Text),
    Column("created_by", Text),
    *_timestamps(),
    CheckConstraint("NOT isempty(during) AND lower(during) IS NOT NULL", name="holds_during_check"),
    ExcludeConstraint(
        ("plot_id", "="),
        ("during", "&&"),
        name="holds_no_overlap",
        using="gist",
        where=text("released_at IS NULL"),
    ),
    Index("holds_group_idx", "group_id"),
    Index("holds_enquiry_idx", "enquiry_id"),
)

# Derived per-plot data: ordinary tables kept for the plots a write touches (izagis.derived).
ACCESS_KINDS_IN_TABLE: Final = (
    *(
        k
        for k in values(InfrastructureKind)
        if k not in (InfrastructureKind.WATER_PLANT, InfrastructureKind.WASTEWATER_PLANT)
        and k != InfrastructureKind.CITY
    ),
    *values(ConstraintKind),
    "hanoi",
)
plot_access = Table(
    "plot_access",
    metadata,
    Column("plot_id", Integer, ForeignKey("plots.id", ondelete="CASCADE"), primary_key=True),
    *(Column(f"d_{kind}", Float) for kind in ACCESS_KINDS_IN_TABLE),
    Column("perimeter_m", Float, nullable=False),
)

plot_adjacency = Table(
    "plot_adjacency",
    metadata,
    Column("a", Integer, ForeignKey("plots.id", ondelete="CASCADE"), primary_key=True),
    Column("b", Integer, ForeignKey("plots.id", ondelete="CASCADE"), primary_key=True),
    Column("shared_m", Float, nullable=False),
    CheckConstraint("a < b", name="plot_adjacency_order_check"),
    Index("plot_adjacency_b_idx", "b"),
)

# Per-address request counters of the public routes, one row a bucket and minute; shared by
# every worker process. Addresses are stored hashed.
rate_counters = Table(
    "rate_counters",
    metadata,
    Column("bucket", Text, primary_key=True),
    Column("window_start", DateTime(timezone=True), primary_key=True),
    Column("hits", Integer, nullable=False),
    Index("rate_counters_window_idx", "window_start"),
)

# The people who sign in. Investors have no account.
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", Text, nullable=False, unique=True),
    vocabulary("users", "role", Role),
    Column("password_hash", Text, nullable=False),
    Column("disabled_at", DateTime(timezone=True)),
    Column("session_epoch", Integer, nullable=False, server_default=text("0")),
    *_timestamps(),
)

# Planners' records: the year's KPIs against targets, and saved proposals with their versions.
# Touched and audited, but no data-version bump: they change no map data and no cache.
kpi_values = Table(
    "kpi_values",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("zone_id", Integer, ForeignKey("zones.id", ondelete="CASCADE")),  # null: province
    Column(
        "year",
        Integer,
        CheckConstraint("year BETWEEN 2000 AND 2100", name="kpi_values_year_check"),
        nullable=False,
    ),
    vocabulary("kpi_values", "metric", KpiMetric),
    vocabulary("kpi_values", "unit", KpiUnit),
    Column(
        "actual",
        Numeric(16, 3),
        CheckConstraint("actual >= 0", name="kpi_values_actual_check"),
    ),
    Column(
        "target",
        Numeric(16, 3),
        CheckConstraint("target >= 0", name="kpi_values_target_check"),
    ),
    Column("note", Text),
    Column("source", Text),
    Column("created_by", Text),
    *_timestamps(),
    UniqueConstraint(
        "zone_id", "year", "metric", name="kpi_values_key", postgresql_nulls_not_distinct=True
    ),
)
proposals = Table(
    "proposals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("created_by", Text),
    *_timestamps(),
)
proposal_versions = Table(
    "proposal_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("proposal_id", Integer, ForeignKey("proposals.id", ondelete="CASCADE"), nullable=False),
    Column("version", Integer, nullable=False),
    Column(
        "geom",
        Geometry("MULTIPOLYGON", srid=WGS84, spatial_index=False),
        CheckConstraint("ST_IsValid(geom)", name="proposal_versions_geom_check"),
        nullable=False,
    ),
    Column("result", JSONB, nullable=False),  # the check's answer when the version was saved
    Column("note", Text),
    Column("created_by", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("proposal_id", "version", name="proposal_versions_key"),
    *_gist("proposal_versions", "geom"),  # proposals shown by view, like every layer
)
PLANNING_RECORDS: Final = ("kpi_values", "proposals", "proposal_versions")
TOUCHED_RECORDS: Final = ("kpi_values", "proposals")

# Every insert, update and delete of the audited tables, written by database triggers that
# read the acting person from the transaction-local setting ``izagis.actor``; append-only.
# The triggers fire once per statement and read its transition tables (migration 0018), one
# trigger per event: ``{table}_audit`` (insert), ``{table}_audit_update``, ``{table}_audit_delete``.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("actor", Text, nullable=False),
    Column("table_name", Text, nullable=False),
    Column("row_key", Text, nullable=False),
    vocabulary("audit_log", "action", AuditAction),
    Column("before", JSONB),
    Column("after", JSONB),
    Index("audit_log_object_idx", "table_name", "row_key", "at"),
)
AUDITED_TABLES: Final = (
    "zones",
    "plots",
    "projects",
    "holds",
    "users",
    "enquiries",
    "shortlist_items",
    "imports",
    "infrastructure",  # the feature layers since migration 0020
    "constraint_areas",
    *PLANNING_RECORDS,
)

# Investors' enquiries: the company, the contact person (personal data under Decree
# 13/2023/ND-CP: never in a public answer, a log line or the audit history), the project and
# its needs in the site-search format, and where it stands in the pipeline. Erasing a person
# empties the contact columns and keeps the enquiry.
ENQUIRY_SOURCES: Final = ("staff", "public")
enquiries = Table(
    "enquiries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("company", Text, nullable=False),
    Column("contact_name", Text),
    Column("email", Text),
    Column("phone", Text),
    Column(
        "country",
        CHAR(2),
        CheckConstraint("country ~ '^[A-Z]{2}$'", name="enquiries_country_check"),
    ),
    Column(
        "industry",
        Text,
        CheckConstraint("industry ~ '^[0-9]{2,5}$'", name="enquiries_industry_check"),
    ),
    Column(
        "investment_usd_m",
        Numeric(12, 2),
        CheckConstraint("investment_usd_m >= 0", name="enquiries_investment_usd_m_check"),
    ),
    Column("jobs", Integer, CheckConstraint("jobs >= 0", name="enquiries_jobs_check")),
    Column("timeline", Text),
    Column("notes", Text),
    Column("needs", JSONB),
    vocabulary("enquiries", "stage", EnquiryStage),
    vocabulary("enquiries", "source", ENQUIRY_SOURCES),
    Column("consent_at", DateTime(timezone=True)),
    Column("consent_text_version", Text),
    Column("erased_at", DateTime(timezone=True)),
    Column("created_by", Text),
    *_timestamps(),
    CheckConstraint("source <> 'public' OR consent_at IS NOT NULL", name="enquiries_consent_check"),
    Index("enquiries_stage_idx", "stage", "created_at"),
)

# An enquiry's pipeline: every stage it entered, when and by whom (written with the change).
enquiry_stages = Table(
    "enquiry_stages",
    metadata,
    Column("id", BigInteger, primary_key=True),
    Column("enquiry_id", Integer, ForeignKey("enquiries.id", ondelete="CASCADE"), nullable=False),
    vocabulary("enquiry_stages", "stage", EnquiryStage),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("by", Text),
    Index("enquiry_stages_enquiry_idx", "enquiry_id", "at"),
)

# An enquiry's candidate sites (one plot, or an assembled group), in the staff's order.
shortlist_items = Table(
    "shortlist_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("enquiry_id", Integer, ForeignKey("enquiries.id", ondelete="CASCADE"), nullable=False),
    Column(
        "plot_codes",
        ARRAY(Text),
        CheckConstraint("cardinality(plot_codes) > 0", name="shortlist_items_plot_codes_check"),
        nullable=False,
    ),
    Column("position", Integer, nullable=False),
    Column("note", Text),
    Column("created_by", Text),
    *_timestamps(),
    UniqueConstraint("enquiry_id", "plot_codes", name="shortlist_items_site_key"),
    Index("shortlist_items_enquiry_idx", "enquiry_id", "position"),
)

# One row: bumped by every write (statement triggers), the key of caches and harvesters.
data_version = Table(
    "data_version",
    metadata,
    Column("id", Boolean, primary_key=True, server_default=text("true")),
    Column("version", BigInteger, nullable=False, server_default=text("1")),
    Column("changed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("id", name="data_version_one_row_check"),
)

# Tables whose rows people or imports edit: ``updated_at`` trigger and data_version bump.
EDITED_TABLES: Final = (
    "zones",
    "projects",
    "project_events",
    "plots",
    "infrastructure",
    "constraint_areas",
    "boundaries",
    "holds",
    "users",
    "enquiries",
    "shortlist_items",
    "zone_phases",
)
VERSIONED_TABLES: Final = (*EDITED_TABLES, "plot_events")

# Every import of a layer from a file (``izagis import``): the file, its checksum, what it
# changed, who ran it; audited. Features an import retired keep a row in ``retired_features``
# (the row as it was, its geometry, when), so harvesters learn of deletions.
IMPORT_LAYERS: Final = ("zones", "plots", "projects", "infrastructure", "constraints")
imports = Table(
    "imports",
    metadata,
    Column("id", Integer, primary_key=True),
    vocabulary("imports", "layer", IMPORT_LAYERS),
    Column("file_name", Text, nullable=False),
    Column(
        "checksum",
        Text,
        CheckConstraint("checksum ~ '^[0-9a-f]{64}$'", name="imports_checksum_check"),
        nullable=False,
    ),
    Column("source_crs", Integer),
    Column("features", Integer, nullable=False),
    Column("added", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("retired", Integer, nullable=False),
    Column("kept", Integer, nullable=False),
    Column("unchanged", Integer, nullable=False),
    Column("options", JSONB, nullable=False, server_default=text("'{}'")),
    Column("imported_by", Text, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("imports_layer_idx", "layer", "imported_at"),
)
retired_features = Table(
    "retired_features",
    metadata,
    Column("id", BigInteger, primary_key=True),
    vocabulary("retired_features", "layer", IMPORT_LAYERS),
    Column("code", Text, nullable=False),
    Column("import_id", Integer, ForeignKey("imports.id", ondelete="SET NULL")),
    Column("properties", JSONB, nullable=False),
    Column("geom", Geometry("GEOMETRY", srid=WGS84, spatial_index=False)),
    Column("retired_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("retired_features_layer_idx", "layer", "retired_at"),
    Index("retired_features_code_idx", "layer", "code"),
    *_gist("retired_features", "geom"),
)
