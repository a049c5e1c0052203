"""Read queries on the registry. GeoJSON is built by PostGIS and returned as text, so a large
layer never passes through Python objects."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from izagis.answers import ProjectPage
from izagis.errors import InvalidInputError, NotFoundError
from izagis.plot_state import PLOTS_NOW
from izagis.vocab import (
    LEASABLE_LAND_USES,
    OCCUPIED_PLOT_STATUSES,
    ConstraintKind,
    InfrastructureKind,
    PlotStatus,
    ProjectStatus,
    sql_list,
    values,
)

BBox = tuple[float, float, float, float]
COORD_DECIMALS = 7


LEASABLE = sql_list(LEASABLE_LAND_USES)
OCCUPIED = sql_list(OCCUPIED_PLOT_STATUSES)

# Per-zone land accounts: leasable land (industrial + warehouse plots), split by status.
ZONE_LAND_SQL = f"""
    SELECT p.zone_id,
           sum(p.area_m2) FILTER (WHERE p.land_use IN {LEASABLE}
                                    AND p.status_now <> 'planned') / 1e4 AS leasable_ha,
           sum(p.area_m2) FILTER (WHERE p.land_use IN {LEASABLE}
                                    AND p.status_now IN {OCCUPIED}) / 1e4 AS leased_ha,
           sum(p.area_m2) FILTER (WHERE p.land_use IN {LEASABLE}
                                    AND p.status_now = 'free') / 1e4 AS free_ha,
           sum(p.area_m2) FILTER (WHERE p.land_use IN {LEASABLE}
                                    AND p.status_now = 'reserved') / 1e4 AS reserved_ha,
           sum(p.area_m2) FILTER (WHERE p.land_use IN {LEASABLE}
                                    AND p.status_now = 'planned') / 1e4 AS planned_ha,
           count(*) AS plot_count
    FROM {PLOTS_NOW} p GROUP BY p.zone_id
"""


def _on_file(column: str) -> str:
    """A land account's hectares; null for a zone with no plots on file (its land is not
    surveyed: unknown, not 0 ha), which ``plots_on_file`` tells apart."""
    return (
        "CASE WHEN l.zone_id IS NOT NULL"
        f" THEN round(coalesce(l.{column}, 0)::numeric, 2)::float8 END"
    )


# A zone's public answer. ``plots_on_file`` is false for a zone known by its outline and public
# facts only (e.g. most of the merged province's zones): its land accounts are null, not 0 ha.
ZONE_SELECT = f"""
    SELECT z.code, z.name_vi, z.name_en, z.status, z.legal_basis, z.legal_basis_en,
           z.planned_area_ha::float8 AS planned_area_ha,
           round((z.area_m2 / 1e4)::numeric, 2)::float8 AS area_ha,
           l.zone_id IS NOT NULL AS plots_on_file,
           {_on_file("leased_ha")} AS leased_area_ha,
           {_on_file("free_ha")} AS free_area_ha,
           {_on_file("reserved_ha")} AS reserved_area_ha,
           {_on_file("planned_ha")} AS planned_land_ha,
           CASE WHEN l.leasable_ha > 0
                THEN round((l.leased_ha / l.leasable_ha)::numeric, 4)::float8 END
               AS occupancy_rate,
           coalesce(l.plot_count, 0) AS plot_count,
           (SELECT count(*) FROM projects pr WHERE pr.zone_id = z.id) AS project_count,
           z.developer, z.developer_en, z.notes_vi, z.notes_en,
           z.target_industries, z.excluded_industries,
           z.lease_price_usd_m2::float8 AS lease_price_usd_m2, z.lease_term_end,
           z.power_mva::float8 AS power_mva, z.water_m3_day::float8 AS water_m3_day,
           z.wastewater_m3_day::float8 AS wastewater_m3_day,
           z.power_used_mva::float8 AS power_used_mva,
           z.water_used_m3_day::float8 AS water_used_m3_day,
           z.wastewater_used_m3_day::float8 AS wastewater_used_m3_day,
           z.geom
    FROM zones z LEFT JOIN ({ZONE_LAND_SQL}) l ON l.zone_id = z.id
"""


@dataclass(frozen=True)
class Page:
    limit: int
    offset: int = 0


def _features(conn: Connection, inner_sql: str, params: dict[str, Any]) -> tuple[str, int]:
    """The features of ``inner_sql`` (which has a ``geom`` column) as a JSON array text."""
    row = conn.execute(
        text(
            "SELECT coalesce(json_agg(ST_AsGeoJSON(t.*, 'geom', :dec)::json), '[]'::json)::text,"
            f" count(*) FROM ({inner_sql}) t"
        ),
        {**params, "dec": COORD_DECIMALS},
    ).one()
    return str(row[0]), int(row[1])


def _collection(features: str, returned: int, matched: int | None = None) -> str:
    counts = f'"numberReturned":{returned}'
    if matched is not None:
        counts = f'"numberMatched":{matched},' + counts
    return f'{{"type":"FeatureCollection",{counts},"features":{features}}}'


def parse_bbox(value: str) -> BBox:
    """``minlon,minlat,maxlon,maxlat`` in WGS 84."""
    try:
        parts = tuple(float(v) for v in value.split(","))
    except ValueError as exc:
        raise InvalidInputError("bbox must be four numbers", field="bbox") from exc
    if len(parts) != 4 or any(v != v for v in parts):
        raise InvalidInputError(
            "bbox must be four numbers: minlon,minlat,maxlon,maxlat", field="bbox"
        )
    minx, miny, maxx, maxy = parts
    if not (
        -180 <= minx <= 180 and -180 <= maxx <= 180 and -90 <= miny <= 90 and -90 <= maxy <= 90
    ):
        raise InvalidInputError(
            "bbox is out of range: longitudes -180..180, latitudes -90..90 (WGS 84)", field="bbox"
        )
    if minx > maxx or miny > maxy:
        raise InvalidInputError(
            "bbox must be minlon,minlat,maxlon,maxlat with min <= max", field="bbox"
        )
    return minx, miny, maxx, maxy


class Where:
    """A WHERE clause and its parameters, built from optional filters."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.params: dict[str, Any] = {}

    def add(self, sql: str, **params: Any) -> None:
        self.parts.append(sql)
        self.params.update(params)

    def one_of(self, column: str, value: str | None, allowed: tuple[str, ...], field: str) -> None:
        if value is None:
            return
        if value not in allowed:
            raise InvalidInputError(f"{field} must be one of {', '.join(allowed)}", field=field)
        self.add(f"{column} = :{field}", **{field: value})

    def zone(self, conn: Connection, column: str, code: str | None) -> None:
        if code is not None:
            self.add(f"{column} = :zone_id", zone_id=zone_id(conn, code))

    def bbox(self, column: str, bbox: BBox | None) -> None:
        if bbox is not None:
            # ST_Intersects does the index-assisted bounding-box test itself.
            self.add(
                f"ST_Intersects({column}, ST_MakeEnvelope(:minx, :miny, :maxx, :maxy, 4326))",
                **dict(zip(("minx", "miny", "maxx", "maxy"), bbox, strict=True)),
            )

    def __str__(self) -> str:
        return (" WHERE " + " AND ".join(self.parts)) if self.parts else ""


# The zone list leaves out the English texts and the notes, which only a zone's own answer
# (its fact sheet) shows: the map's first load stays light.
ZONE_TEXTS = (" z.legal_basis_en,", " z.developer_en, z.notes_vi, z.notes_en,")
assert all(t in ZONE_SELECT for t in ZONE_TEXTS)
ZONE_LIST_SELECT = ZONE_SELECT.replace(ZONE_TEXTS[0], "").replace(ZONE_TEXTS[1], "")


# A few zones (one by its code, those in a bbox): their land accounts read through the plots'
# zone index (LATERAL) rather than aggregated over every plot (0.6 s at a million plots).
_EVERY_ZONE_JOIN = f"LEFT JOIN ({ZONE_LAND_SQL}) l ON l.zone_id = z.id"
_FEW_ZONES_JOIN = (
    "LEFT JOIN LATERAL ("
    + ZONE_LAND_SQL.replace("GROUP BY p.zone_id", "WHERE p.zone_id = z.id GROUP BY p.zone_id")
    + ") l ON true"
)
assert _EVERY_ZONE_JOIN in ZONE_SELECT and "WHERE p.zone_id = z.id" in _FEW_ZONES_JOIN


def _few_zones(select: str) -> str:
    return select.replace(_EVERY_ZONE_JOIN, _FEW_ZONES_JOIN)


# The area the transport and utility layer (``infrastructure``) is taken to cover: the
# province outline(s) on file (``boundaries``, kind 'province'). The reference dataset maps the
# roads, railway, ports, substations and towns of Ninh Bình as it was before the 2025 merger
# only, and its outline is that province's; a zone of the former Hà Nam or Nam Định lies
# outside it, so the nearest feature on file may be tens of km off while the true one (not
# mapped) is next door. Such a zone gets no distances (``distances_mapped`` false,
# ``distances_km`` null), never a misleading figure; with no province outline on file, no zone
# is covered. A zone must lie wholly inside the outline(s) (ST_CoveredBy).
PROVINCE_AREA_SQL = "(SELECT ST_Union(b.geom) FROM boundaries b WHERE b.kind = 'province')"


def distances_mapped_sql(geom: str) -> str:
    """Whether the outline ``geom`` lies where the transport data cover (never null)."""
    return f"coalesce(ST_CoveredBy({geom}, {PROVINCE_AREA_SQL}), false)"


def _with_distances_mapped(select: str) -> str:
    """``select`` (a zone query with ``geom``) with its ``distances_mapped`` flag."""
    return f"SELECT t.*, {distances_mapped_sql('t.geom')} AS distances_mapped FROM ({select}) t"


def zones_geojson(conn: Connection, bbox: BBox | None = None) -> str:
    """Every zone, or those whose outline meets ``bbox``; each says whether the transport data
    cover it (``distances_mapped``: the zone list measures distances only for those)."""
    if bbox is None:
        features, n = _features(
            conn, _with_distances_mapped(ZONE_LIST_SELECT) + " ORDER BY t.code", {}
        )
        return _collection(features, n)
    where = Where()
    where.bbox("z.geom", bbox)
    features, n = _features(
        conn,
        _with_distances_mapped(_few_zones(ZONE_LIST_SELECT) + f"{where}") + " ORDER BY t.code",
        where.params,
    )
    return _collection(features, n)


@dataclass(frozen=True)
class ZonesExtent:
    """Where the zones on file lie: what the investor map opens on."""

    bbox: BBox  # west, south, east, north (WGS 84)
    outside_province: int  # zones not wholly inside the province outline(s) on file


def zones_extent(conn: Connection) -> ZonesExtent | None:
    """The bounds of every zone on file and how many lie outside the province outline(s) on
    file (``PROVINCE_AREA_SQL``); None for no zone."""
    row = conn.execute(
        text(
            "SELECT ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e), outside FROM"
            " (SELECT ST_Extent(geom) AS e,"
            f" count(*) FILTER (WHERE NOT {distances_mapped_sql('geom')}) AS outside"
            " FROM zones) x"
        )
    ).one()
    if row[0] is None:
        return None
    return ZonesExtent((float(row[0]), float(row[1]), float(row[2]), float(row[3])), int(row[4]))


# The capital is the city feature of that English name (as in the plot_access view).
IS_HANOI = "f.kind = 'city' AND lower(f.name_en) IN ('hanoi', 'ha noi')"
# What a zone's fact sheet measures the distance to.
FACT_SHEET_KINDS = (
    "expressway_interchange",
    "national_road",
    "railway_station",
    "river_port",
    "seaport",
    "substation",
    "city",
)


def zone_geojson(conn: Connection, code: str) -> str:
    """One zone with its fact sheet's distances (km to the nearest feature of each kind); a
    zone outside the area the transport data cover (``PROVINCE_AREA_SQL``) has none:
    ``distances_mapped`` false and ``distances_km`` null."""
    features, n = _features(
        conn,
        _with_distances_mapped(_few_zones(ZONE_SELECT) + " WHERE z.code = :code"),
        {"code": code},
    )
    if n == 0:
        raise NotFoundError(f"no zone with code {code!r}")
    feature = json.loads(features)[0]
    if not feature["properties"]["distances_mapped"]:
        feature["properties"]["distances_km"] = None
        return json.dumps(feature, ensure_ascii=False)
    rows = conn.execute(
        text(
            f"SELECT CASE WHEN {IS_HANOI} THEN 'hanoi' ELSE f.kind END AS kind, "
            "round((min(ST_Distance(z.geom_m, f.geom_m)) / 1000)::numeric, 1)::float8 "
            "FROM zones z JOIN infrastructure f ON f.kind = ANY(:kinds) WHERE z.code = :code "
            "GROUP BY 1 ORDER BY 1"
        ),
        {"code": code, "kinds": list(FACT_SHEET_KINDS)},
    )
    feature["properties"]["distances_km"] = dict(rows.all())
    return json.dumps(feature, ensure_ascii=False)


def zone_id(conn: Connection, code: str) -> int:
    found = conn.execute(text("SELECT id FROM zones WHERE code = :c"), {"c": code}).scalar()
    if found is None:
        raise InvalidInputError(f"no zone with code {code!r}", field="zone")
    return int(found)


PLOT_SELECT = f"""
    SELECT p.code, z.code AS zone_code, p.land_use, p.status_now AS status, p.leasable_year,
           pr.code AS project_code, pr.name AS project_name,
           round(p.area_m2::numeric, 1)::float8 AS area_m2,
           round((p.area_m2 / 1e4)::numeric, 4)::float8 AS area_ha,
           p.geom
    FROM {PLOTS_NOW} p JOIN zones z ON z.id = p.zone_id
    LEFT JOIN projects pr ON pr.id = p.project_id
"""


@dataclass(frozen=True)
class PlotFilter:
    """Which plots a listing holds; every filter optional."""

    zone: str | None = None
    status: str | None = None
    min_area_ha: float | None = None
    max_area_ha: float | None = None
    bbox: BBox | None = None
    code: str | None = None


def plots_geojson(conn: Connection, *, page: Page, filters: PlotFilter | None = None) -> str:
    f = filters or PlotFilter()
    if f.min_area_ha is not None and f.max_area_ha is not None and f.min_area_ha > f.max_area_ha:
        raise InvalidInputError("min_area_ha is larger than max_area_ha", field="min_area_ha")
    where = Where()
    where.zone(conn, "p.zone_id", f.zone)
    where.one_of("p.status_now", f.status, values(PlotStatus), "status")
    if f.min_area_ha is not None:
        where.add("p.area_m2 >= :min_m2", min_m2=f.min_area_ha * 1e4)
    if f.max_area_ha is not None:
        where.add("p.area_m2 <= :max_m2", max_m2=f.max_area_ha * 1e4)
    where.bbox("p.geom", f.bbox)
    if f.code is not None:
        where.add("p.code = :code", code=f.code)
    matched = conn.execute(
        text(f"SELECT count(*) FROM {PLOTS_NOW} p{where}"), where.params
    ).scalar_one()
    features, n = _features(
        conn,
        f"{PLOT_SELECT}{where} ORDER BY p.code LIMIT {int(page.limit)} OFFSET {int(page.offset)}",
        where.params,
    )
    return _collection(features, n, matched)


def plot_geojson(conn: Connection, code: str) -> str:
    features, n = _features(conn, PLOT_SELECT + " WHERE p.code = :code", {"code": code})
    if n == 0:
        raise NotFoundError(f"no plot with code {code!r}")
    return features[1:-1]


def projects(
    conn: Connection,
    *,
    page: Page,
    zone: str | None = None,
    status: str | None = None,
    fdi: bool | None = None,
) -> ProjectPage:
    """Public project fields; nothing about people."""
    where = Where()
    where.zone(conn, "pr.zone_id", zone)
    where.one_of("pr.status", status, values(ProjectStatus), "status")
    if fdi is not None:
        where.add("pr.is_fdi = :fdi", fdi=fdi)
    matched = conn.execute(
        text(f"SELECT count(*) FROM projects pr{where}"), where.params
    ).scalar_one()
    rows = conn.execute(
        text(
            "SELECT pr.code, z.code AS zone_code, pr.kind, pr.name, pr.investor, pr.country, "
            "pr.is_fdi, pr.capital_vnd_bn::float8 AS capital_vnd_bn, "
            "pr.capital_usd_m::float8 AS capital_usd_m, pr.vsic, pr.status, pr.workers_vn, "
            "pr.workers_foreign, pr.certificate_date, "
            "(SELECT array_agg(p.code ORDER BY p.code) FROM plots p WHERE p.project_id = pr.id)"
            " AS plot_codes "
            f"FROM projects pr JOIN zones z ON z.id = pr.zone_id{where} ORDER BY pr.code "
            f"LIMIT {int(page.limit)} OFFSET {int(page.offset)}"
        ),
        where.params,
    ).mappings()
    items = [dict(r, plot_codes=r["plot_codes"] or []) for r in rows]
    return ProjectPage.model_validate(
        {"numberMatched": matched, "numberReturned": len(items), "items": items}
    )


def _kind_features(
    conn: Connection, table: str, kinds: tuple[str, ...], kind: str | None, bbox: BBox | None
) -> str:
    where = Where()
    where.one_of("kind", kind, kinds, "kind")
    where.bbox("geom", bbox)
    features, n = _features(
        conn,
        f"SELECT code, kind, name_vi AS name, name_en, geom FROM {table}{where} ORDER BY code",
        where.params,
    )
    return _collection(features, n)


def infrastructure_geojson(
    conn: Connection, kind: str | None = None, bbox: BBox | None = None
) -> str:
    return _kind_features(conn, "infrastructure", values(InfrastructureKind), kind, bbox)


def constraints_geojson(conn: Connection, kind: str | None = None, bbox: BBox | None = None) -> str:
    return _kind_features(conn, "constraint_areas", values(ConstraintKind), kind, bbox)


def boundaries_geojson(conn: Connection) -> str:
    features, n = _features(
        conn, "SELECT code, kind, name_vi AS name, name_en, geom FROM boundaries ORDER BY code", {}
    )
    return _collection(features, n)
