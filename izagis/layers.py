"""The public feature layers, defined once for every way they leave izagis: the OGC API -
Features collections (``izagis.features``) and the file exports (``izagis.export``).

Each layer is a FROM clause and its public properties as SQLAlchemy expressions; a filter
(CQL2, bbox, datetime) is built from the same expressions, so what can be filtered is exactly
what is shown. Nothing about people is here: projects appear by code and name only.

``updated_at`` is when the feature as published last changed, so that a harvester asking for
what changed since its last visit misses nothing: a plot's also moves when a hold of it starts,
ends or changes (its status reads ``reserved`` while held) and when its project changes; a
zone's also moves when any of its plots or projects changes (its land accounts and counts are
computed from them).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Literal

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    FromClause,
    Integer,
    Numeric,
    Text,
    cast,
    func,
    literal_column,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.sql.elements import ColumnElement

from izagis import tables
from izagis.plot_state import STATUS_SQL
from izagis.registry import ZONE_SELECT
from izagis.vocab import ConstraintKind, InfrastructureKind, LandUse, PlotStatus, ZoneStatus, values

Kind = Literal["string", "number", "integer", "boolean", "date", "date-time", "array"]


class PublicLayer(StrEnum):
    ZONES = "zones"
    PHASES = "phases"
    PLOTS = "plots"
    INFRASTRUCTURE = "infrastructure"
    CONSTRAINTS = "constraints"


@dataclass(frozen=True)
class Prop:
    """A public property: its name, its SQL value, its type (JSON Schema's words)."""

    name: str
    sql: ColumnElement[Any]
    kind: Kind
    title: str
    enum: tuple[str, ...] = ()

    @property
    def queryable(self) -> bool:
        return self.kind != "array"  # arrays need CQL2's array functions, not offered


@dataclass(frozen=True)
class Layer:
    id: PublicLayer
    title: str
    description: str
    source: FromClause
    code: ColumnElement[str]
    geom: ColumnElement[Any]
    props: tuple[Prop, ...]
    # A few hundred features at most, each costly to compute (zones: land accounts over all
    # plots): read in one statement and paged afterwards, instead of counted and paged in SQL.
    few: bool = False

    def prop(self, name: str) -> Prop | None:
        return next((p for p in self.props if p.name == name), None)

    @property
    def changed(self) -> ColumnElement[Any]:
        found = self.prop("updated_at")
        assert found is not None
        return found.sql


# Per plot, the latest moment a hold changed what readers see: when it was written (placed,
# released), and its start and end once they have passed unreleased (a hold turns a plot
# reserved and back without a write).
HOLD_CHANGES = """
    SELECT h.plot_id,
           max(GREATEST(
               h.updated_at,
               CASE WHEN lower(h.during) <= now()
                     AND (h.released_at IS NULL OR h.released_at > lower(h.during))
                    THEN lower(h.during) END,
               CASE WHEN upper(h.during) <= now()
                     AND (h.released_at IS NULL OR h.released_at > upper(h.during))
                    THEN upper(h.during) END)) AS changed
    FROM holds h GROUP BY h.plot_id
"""
# Per zone, the latest change of any of its plots (as published) or projects.
ZONE_CHANGES = f"""
    SELECT zone_id, max(changed) AS changed FROM (
        SELECT p.zone_id, GREATEST(p.updated_at, pr.updated_at, hc.changed) AS changed
        FROM plots p LEFT JOIN projects pr ON pr.id = p.project_id
        LEFT JOIN ({HOLD_CHANGES}) hc ON hc.plot_id = p.id
        UNION ALL
        SELECT zone_id, updated_at FROM projects
    ) c GROUP BY zone_id
"""
CHANGED_TITLE = "when the feature as published last changed (UTC)"


def _changes(sql: str, key: str) -> FromClause:
    return (
        text(sql)
        .columns(**{key: Integer}, changed=DateTime(timezone=True))
        .subquery(f"{key}_changes")
    )


def _rounded(value: ColumnElement[Any], digits: int) -> ColumnElement[float]:
    return cast(func.round(cast(value, Numeric), digits), Float)


def _zones() -> Layer:
    number, text_ = Float, Text
    types: dict[str, Any] = {
        "code": text_,
        "name_vi": text_,
        "name_en": text_,
        "status": text_,
        "legal_basis": text_,
        "legal_basis_en": text_,
        "planned_area_ha": number,
        "area_ha": number,
        "plots_on_file": Boolean,
        "leased_area_ha": number,
        "free_area_ha": number,
        "reserved_area_ha": number,
        "planned_land_ha": number,
        "occupancy_rate": number,
        "plot_count": BigInteger,
        "project_count": BigInteger,
        "developer": text_,
        "developer_en": text_,
        "notes_vi": text_,
        "notes_en": text_,
        "target_industries": ARRAY(Text),
        "excluded_industries": ARRAY(Text),
        "lease_price_usd_m2": number,
        "lease_term_end": Date,
        "power_mva": number,
        "water_m3_day": number,
        "wastewater_m3_day": number,
        "power_used_mva": number,
        "water_used_m3_day": number,
        "wastewater_used_m3_day": number,
    }
    zs = text(ZONE_SELECT).columns(**types, geom=text_).subquery("zs")
    zt = tables.zones.alias("zt")
    zc = _changes(ZONE_CHANGES, "zone_id")
    source = zs.join(zt, zt.c.code == zs.c.code).outerjoin(zc, zc.c.zone_id == zt.c.id)
    titles = {
        "code": "zone code",
        "name_vi": "name (Vietnamese)",
        "name_en": "name (English)",
        "status": "zone status",
        "legal_basis": "decision establishing the zone",
        "legal_basis_en": "decision establishing the zone (English)",
        "planned_area_ha": "planned area (ha)",
        "area_ha": "area of the boundary (ha)",
        "plots_on_file": "whether the zone's plots are on file (if not, its land is unknown)",
        "leased_area_ha": "leasable land leased or occupied (ha; null: no plots on file)",
        "free_area_ha": "leasable land free now (ha; null: no plots on file)",
        "reserved_area_ha": "leasable land held for an investor (ha; null: no plots on file)",
        "planned_land_ha": "leasable land planned, not yet open (ha; null: no plots on file)",
        "occupancy_rate": "share of open leasable land that is occupied (0-1)",
        "plot_count": "number of plots",
        "project_count": "number of projects",
        "developer": "infrastructure developer",
        "developer_en": "infrastructure developer (English)",
        "notes_vi": "notes (Vietnamese)",
        "notes_en": "notes (English)",
        "target_industries": "VSIC divisions the zone targets",
        "excluded_industries": "VSIC divisions the zone refuses",
        "lease_price_usd_m2": "land lease price (USD/m², whole term)",
        "lease_term_end": "end of the land lease term",
        "power_mva": "power capacity (MVA)",
        "water_m3_day": "water capacity (m³/day)",
        "wastewater_m3_day": "wastewater capacity (m³/day)",
        "power_used_mva": "power in use (MVA)",
        "water_used_m3_day": "water in use (m³/day)",
        "wastewater_used_m3_day": "wastewater in use (m³/day)",
    }
    kinds: dict[str, Kind] = {
        "plot_count": "integer",
        "project_count": "integer",
        "plots_on_file": "boolean",
    }
    props: list[Prop] = []
    for name, kind_type in types.items():
        kind: Kind
        if name in kinds:
            kind = kinds[name]
        elif kind_type is number:
            kind = "number"
        elif isinstance(kind_type, ARRAY):
            kind = "array"
        elif kind_type is Date:
            kind = "date"
        else:
            kind = "string"
        enum = values(ZoneStatus) if name == "status" else ()
        props.append(Prop(name, zs.c[name], kind, titles[name], enum))
    changed = func.greatest(zt.c.updated_at, zc.c.changed)
    props.append(Prop("updated_at", changed, "date-time", CHANGED_TITLE))
    return Layer(
        PublicLayer.ZONES,
        "Industrial zones",
        "The industrial zones (KCN) of Ninh Bình with their land accounts, lease terms, "
        "utility capacities and target industries.",
        source,
        zs.c.code,
        zs.c.geom,
        tuple(props),
        few=True,
    )


def _phases() -> Layer:
    ph = tables.zone_phases.alias("ph")
    z = tables.zones.alias("z")
    props = (
        Prop("code", ph.c.code, "string", "phase code"),
        Prop("zone_code", z.c.code, "string", "code of the phase's zone"),
        Prop("name_vi", ph.c.name_vi, "string", "name (Vietnamese)"),
        Prop("name_en", ph.c.name_en, "string", "name (English)"),
        Prop("status", ph.c.status, "string", "phase status", values(ZoneStatus)),
        Prop("legal_basis", ph.c.legal_basis, "string", "decision the phase rests on"),
        Prop("area_ha", cast(ph.c.area_ha, Float), "number", "planned area (ha)"),
        Prop("leasable_from", ph.c.leasable_from, "integer", "first year its land is leasable"),
        Prop("updated_at", ph.c.updated_at, "date-time", CHANGED_TITLE),
    )
    return Layer(
        PublicLayer.PHASES,
        "Zone phases",
        "The parts of the zones that open for lease at different times: the original area, "
        "extensions and later phases, each with its legal basis, status and the first year its "
        "land is leasable.",
        ph.join(z, z.c.id == ph.c.zone_id),
        ph.c.code,
        ph.c.geom,
        props,
    )


def _plots() -> Layer:
    p = tables.plots.alias("p")  # STATUS_SQL names the plot p
    z = tables.zones.alias("z")
    pr = tables.projects.alias("pr")
    hc = _changes(HOLD_CHANGES, "plot_id")
    source = (
        p.join(z, z.c.id == p.c.zone_id)
        .outerjoin(pr, pr.c.id == p.c.project_id)
        .outerjoin(hc, hc.c.plot_id == p.c.id)
    )
    status = literal_column(STATUS_SQL, Text)
    props = (
        Prop("code", p.c.code, "string", "plot code"),
        Prop("zone_code", z.c.code, "string", "code of the plot's zone"),
        Prop("land_use", p.c.land_use, "string", "land use", values(LandUse)),
        Prop("status", status, "string", "status now (reserved while held)", values(PlotStatus)),
        Prop("leasable_year", p.c.leasable_year, "integer", "year planned land opens"),
        Prop("project_code", pr.c.code, "string", "code of the project on the plot"),
        Prop("project_name", pr.c.name, "string", "name of the project on the plot"),
        Prop("area_m2", _rounded(p.c.area_m2, 1), "number", "geodesic area (m²)"),
        Prop("area_ha", _rounded(p.c.area_m2 / 1e4, 4), "number", "geodesic area (ha)"),
        Prop(
            "updated_at",
            func.greatest(p.c.updated_at, pr.c.updated_at, hc.c.changed),
            "date-time",
            CHANGED_TITLE,
        ),
    )
    return Layer(
        PublicLayer.PLOTS,
        "Plots",
        "The land plots of the zones with the status a visitor sees now (free, reserved while "
        "held for an investor, leased, building, operating, delayed, planned).",
        source,
        p.c.code,
        p.c.geom,
        props,
    )


def _features(
    layer: PublicLayer,
    table: Any,
    kinds: tuple[str, ...],
    title: str,
    description: str,
) -> Layer:
    t = table.alias("f")
    props = (
        Prop("code", t.c.code, "string", "feature code"),
        Prop("kind", t.c.kind, "string", "kind of feature", kinds),
        Prop("name_vi", t.c.name_vi, "string", "name (Vietnamese)"),
        Prop("name_en", t.c.name_en, "string", "name (English)"),
        Prop("updated_at", t.c.updated_at, "date-time", CHANGED_TITLE),
    )
    return Layer(layer, title, description, t, t.c.code, t.c.geom, props)


LAYERS: dict[PublicLayer, Layer] = {
    PublicLayer.ZONES: _zones(),
    PublicLayer.PHASES: _phases(),
    PublicLayer.PLOTS: _plots(),
    PublicLayer.INFRASTRUCTURE: _features(
        PublicLayer.INFRASTRUCTURE,
        tables.infrastructure,
        values(InfrastructureKind),
        "Infrastructure",
        "Expressways and their interchanges, national roads, railways and stations, sea and "
        "river ports, substations, water and wastewater plants, towns.",
    ),
    PublicLayer.CONSTRAINTS: _features(
        PublicLayer.CONSTRAINTS,
        tables.constraint_areas,
        values(ConstraintKind),
        "Constraint areas",
        "Protected and constrained land: the Tràng An heritage property and its buffer zone, "
        "the national park, the Ramsar wetland, rivers, urban areas.",
    ),
}
