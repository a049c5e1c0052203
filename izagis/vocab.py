"""The controlled vocabularies: the one source of every kind, status and land use.

Pydantic models, OpenAPI enums, the tables' CHECK constraints (``izagis.tables``), the dataset
generator and the pages all take their values from these enums. The English label of each
value is marked here with ``NC_`` (context, message) so that Babel extracts it into the pages'
catalogues, where its Vietnamese lives; the core itself never translates.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


def NC_(context: str, message: str) -> str:  # noqa: N802 - gettext's marker naming
    """Mark ``message`` for extraction under ``context``; returns it untranslated."""
    return message


class ZoneStatus(StrEnum):
    OPERATING = "operating"
    DEVELOPING = "developing"
    PLANNED = "planned"
    PROPOSED = "proposed"


class PlotStatus(StrEnum):
    FREE = "free"
    RESERVED = "reserved"
    LEASED = "leased"
    BUILDING = "building"
    OPERATING = "operating"
    DELAYED = "delayed"
    PLANNED = "planned"


class LandUse(StrEnum):
    INDUSTRIAL = "industrial"
    WAREHOUSE = "warehouse"
    UTILITY = "utility"
    GREEN = "green"
    ROAD = "road"


class ProjectStatus(StrEnum):
    OPERATING = "operating"
    BUILDING = "building"
    DELAYED = "delayed"


class ProjectKind(StrEnum):
    INFRASTRUCTURE = "infrastructure"
    SECONDARY = "secondary"


class ProjectEventKind(StrEnum):
    CERTIFICATE_ISSUED = "certificate_issued"
    CERTIFICATE_ADJUSTED = "certificate_adjusted"
    CAPITAL_INCREASE = "capital_increase"
    BUILDING_PERMIT = "building_permit"
    CONSTRUCTION_START = "construction_start"
    SUPERVISION = "supervision"


class InfrastructureKind(StrEnum):
    EXPRESSWAY = "expressway"
    EXPRESSWAY_INTERCHANGE = "expressway_interchange"
    NATIONAL_ROAD = "national_road"
    RAILWAY = "railway"
    RAILWAY_STATION = "railway_station"
    SEAPORT = "seaport"
    RIVER_PORT = "river_port"
    SUBSTATION = "substation"
    WATER_PLANT = "water_plant"
    WASTEWATER_PLANT = "wastewater_plant"
    CITY = "city"


class ConstraintKind(StrEnum):
    HERITAGE_PROPERTY = "heritage_property"
    HERITAGE_BUFFER = "heritage_buffer"
    NATIONAL_PARK = "national_park"
    RAMSAR_WETLAND = "ramsar_wetland"
    RIVER = "river"
    RESIDENTIAL = "residential"


class BoundaryKind(StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"


class PlotEventKind(StrEnum):
    """What happened to a plot; each event sets the status of ``EVENT_STATUS`` (if any)."""

    OPENED = "opened"  # became leasable (a planned phase opens, or a plot is first recorded)
    HELD = "held"
    RELEASED = "released"
    EXPIRED = "expired"
    LEASED = "leased"
    BUILDING = "building"
    OPERATING = "operating"
    DELAYED = "delayed"
    RECLAIMED = "reclaimed"
    PLANNED = "planned"


class Role(StrEnum):
    """What a signed-in person may do; investors are anonymous and have none."""

    ADMIN = "admin"
    PLANNER = "planner"
    STAFF = "staff"


class AuditAction(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"


class EventSource(StrEnum):
    """Where a plot event came from: a person in the app, a data import, or the backfill of
    history from the dataset's certificate dates."""

    APP = "app"
    IMPORT = "import"
    BACKFILL = "backfill"


class EnquiryStage(StrEnum):
    """Where an investor's enquiry stands in the pipeline, from first contact to a lease."""

    NEW = "new"
    QUALIFIED = "qualified"
    SHORTLISTED = "shortlisted"
    SITE_VISIT = "site_visit"
    HELD = "held"
    LEASED = "leased"
    LOST = "lost"


class KpiMetric(StrEnum):
    """The yearly figures the authority reports and sets targets for (its 2023 review)."""

    REVENUE = "revenue"
    EXPORTS = "exports"
    BUDGET = "budget"  # contribution to the state budget
    JOBS = "jobs"
    NEW_CAPITAL = "new_capital"  # new and increased registered capital


class KpiUnit(StrEnum):
    VND_BN = "vnd_bn"  # billion VND
    USD_M = "usd_m"  # million USD
    PEOPLE = "people"


# Each KPI in the unit the authority reports it in.
KPI_UNITS: Final[dict[KpiMetric, KpiUnit]] = {
    KpiMetric.REVENUE: KpiUnit.VND_BN,
    KpiMetric.EXPORTS: KpiUnit.USD_M,
    KpiMetric.BUDGET: KpiUnit.VND_BN,
    KpiMetric.JOBS: KpiUnit.PEOPLE,
    KpiMetric.NEW_CAPITAL: KpiUnit.VND_BN,
}


# The status a plot event leaves the plot in; holds change no stored status (a plot is
# "reserved" while a hold is active, computed live), so they are absent.
EVENT_STATUS: Final[dict[PlotEventKind, PlotStatus]] = {
    PlotEventKind.OPENED: PlotStatus.FREE,
    PlotEventKind.LEASED: PlotStatus.LEASED,
    PlotEventKind.BUILDING: PlotStatus.BUILDING,
    PlotEventKind.OPERATING: PlotStatus.OPERATING,
    PlotEventKind.DELAYED: PlotStatus.DELAYED,
    PlotEventKind.RECLAIMED: PlotStatus.FREE,
    PlotEventKind.PLANNED: PlotStatus.PLANNED,
}

# Land given to a tenant, whether or not the factory runs yet.
OCCUPIED_PLOT_STATUSES: Final = (
    PlotStatus.LEASED,
    PlotStatus.BUILDING,
    PlotStatus.OPERATING,
    PlotStatus.DELAYED,
)
# Land that can be leased to tenants (roads, green and utility land cannot).
LEASABLE_LAND_USES: Final = (LandUse.INDUSTRIAL, LandUse.WAREHOUSE)

# Every vocabulary by the name the pages and the CHECK comparison know it by.
VOCABULARIES: Final[dict[str, type[StrEnum]]] = {
    "zone_status": ZoneStatus,
    "plot_status": PlotStatus,
    "land_use": LandUse,
    "project_status": ProjectStatus,
    "project_kind": ProjectKind,
    "project_event_kind": ProjectEventKind,
    "infrastructure_kind": InfrastructureKind,
    "constraint_kind": ConstraintKind,
    "boundary_kind": BoundaryKind,
    "plot_event_kind": PlotEventKind,
    "event_source": EventSource,
    "role": Role,
    "audit_action": AuditAction,
    "enquiry_stage": EnquiryStage,
}

# English labels, extracted by Babel (context = vocabulary name); the pages translate them.
LABELS: Final[dict[str, dict[str, str]]] = {
    "zone_status": {
        "operating": NC_("zone_status", "Operating"),
        "developing": NC_("zone_status", "Developing"),
        "planned": NC_("zone_status", "Planned"),
        "proposed": NC_("zone_status", "Proposed"),
    },
    "plot_status": {
        "free": NC_("plot_status", "Free"),
        "reserved": NC_("plot_status", "Reserved"),
        "leased": NC_("plot_status", "Leased / operating"),
        "building": NC_("plot_status", "Under construction"),
        "operating": NC_("plot_status", "Operating"),
        "delayed": NC_("plot_status", "Behind schedule"),
        "planned": NC_("plot_status", "Planned"),
    },
    "land_use": {
        "industrial": NC_("land_use", "Industrial"),
        "warehouse": NC_("land_use", "Warehouse"),
        "utility": NC_("land_use", "Utility"),
        "green": NC_("land_use", "Green"),
        "road": NC_("land_use", "Road"),
    },
    "project_status": {
        "operating": NC_("project_status", "Operating"),
        "building": NC_("project_status", "Under construction"),
        "delayed": NC_("project_status", "Behind schedule"),
    },
    "project_kind": {
        "infrastructure": NC_("project_kind", "Zone infrastructure"),
        "secondary": NC_("project_kind", "Tenant project"),
    },
    "project_event_kind": {
        "certificate_issued": NC_("project_event_kind", "Investment certificate issued"),
        "certificate_adjusted": NC_("project_event_kind", "Investment certificate adjusted"),
        "capital_increase": NC_("project_event_kind", "Capital increase"),
        "building_permit": NC_("project_event_kind", "Building permit"),
        "construction_start": NC_("project_event_kind", "Construction start"),
        "supervision": NC_("project_event_kind", "Supervision"),
    },
    "infrastructure_kind": {
        "expressway": NC_("infrastructure_kind", "Expressway"),
        "expressway_interchange": NC_("infrastructure_kind", "Expressway interchange"),
        "national_road": NC_("infrastructure_kind", "National road"),
        "railway": NC_("infrastructure_kind", "Railway"),
        "railway_station": NC_("infrastructure_kind", "Railway station"),
        "seaport": NC_("infrastructure_kind", "Seaport"),
        "river_port": NC_("infrastructure_kind", "River port"),
        "substation": NC_("infrastructure_kind", "Substation"),
        "water_plant": NC_("infrastructure_kind", "Water plant"),
        "wastewater_plant": NC_("infrastructure_kind", "Wastewater plant"),
        "city": NC_("infrastructure_kind", "Town / city"),
    },
    "constraint_kind": {
        "heritage_property": NC_("constraint_kind", "Heritage property (Trang An)"),
        "heritage_buffer": NC_("constraint_kind", "Heritage buffer zone"),
        "national_park": NC_("constraint_kind", "National park"),
        "ramsar_wetland": NC_("constraint_kind", "Ramsar wetland"),
        "river": NC_("constraint_kind", "River"),
        "residential": NC_("constraint_kind", "Urban area"),
    },
    "boundary_kind": {
        "province": NC_("boundary_kind", "Province boundary"),
        "district": NC_("boundary_kind", "District boundary"),
    },
    "plot_event_kind": {
        "opened": NC_("plot_event_kind", "Opened for lease"),
        "held": NC_("plot_event_kind", "Held"),
        "released": NC_("plot_event_kind", "Hold released"),
        "expired": NC_("plot_event_kind", "Hold expired"),
        "leased": NC_("plot_event_kind", "Leased"),
        "building": NC_("plot_event_kind", "Construction started"),
        "operating": NC_("plot_event_kind", "Operating"),
        "delayed": NC_("plot_event_kind", "Behind schedule"),
        "reclaimed": NC_("plot_event_kind", "Reclaimed"),
        "planned": NC_("plot_event_kind", "Planned"),
    },
    "role": {
        "admin": NC_("role", "Administrator"),
        "planner": NC_("role", "Planner"),
        "staff": NC_("role", "Promotion staff"),
    },
    "audit_action": {
        "insert": NC_("audit_action", "Created"),
        "update": NC_("audit_action", "Changed"),
        "delete": NC_("audit_action", "Deleted"),
    },
    "event_source": {
        "app": NC_("event_source", "Recorded in izagis"),
        "import": NC_("event_source", "Data import"),
        "backfill": NC_("event_source", "Backfilled from certificates"),
    },
    "enquiry_stage": {
        "new": NC_("enquiry_stage", "New"),
        "qualified": NC_("enquiry_stage", "Qualified"),
        "shortlisted": NC_("enquiry_stage", "Shortlisted"),
        "site_visit": NC_("enquiry_stage", "Site visit"),
        "held": NC_("enquiry_stage", "Plot held"),
        "leased": NC_("enquiry_stage", "Leased"),
        "lost": NC_("enquiry_stage", "Lost"),
    },
}


def sql_list(vocabulary: tuple[str, ...] | frozenset[str] | type[StrEnum]) -> str:
    """A fixed vocabulary (never user input) as an SQL list literal: ``('a', 'b')``."""
    return "(" + ", ".join(f"'{v}'" for v in vocabulary) + ")"


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The enum's values in declaration order (what SQL lists and CHECKs use)."""
    return tuple(member.value for member in enum)
