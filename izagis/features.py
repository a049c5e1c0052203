"""The queries behind OGC API - Features: the public layers of ``izagis.layers`` as collections
of GeoJSON features, filtered by bbox (in any CRS served), datetime (on ``updated_at``) and
CQL2, paged, in WGS 84 or a VN-2000 CRS.

Coordinates follow each CRS's axis order (OGC API - Features - Part 2): CRS84 is longitude,
latitude; EPSG:4326 and EPSG:4756 are latitude, longitude; the projected VN-2000 CRSs are
easting, northing. VN-2000 coordinates come from ``izagis.crs.pinned_transformer`` (EPSG:6960).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import shapely
from numpy.typing import NDArray
from sqlalchemy import Connection, LargeBinary, and_, func, literal, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from izagis import cql
from izagis.crs import OUTPUT_CRS, WGS84, lat_first, transform_geometries
from izagis.errors import InvalidInputError, NotFoundError
from izagis.layers import Layer, Prop

CRS84: Final = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI: Final = "http://www.opengis.net/def/crs/EPSG/0/{code}"
DEGREE_DECIMALS: Final = 7  # about 1 cm
METRE_DECIMALS: Final = 3
BBOX_EDGE_POINTS: Final = 21  # a projected bbox's edges are curves in WGS 84


@dataclass(frozen=True)
class CrsRef:
    """A CRS served: its URI, its EPSG code, and whether latitude (northing) comes first."""

    uri: str
    epsg: int
    lat_first: bool


def _served() -> dict[str, CrsRef]:
    refs = {CRS84: CrsRef(CRS84, WGS84, False)}
    for code in OUTPUT_CRS:
        uri = EPSG_URI.format(code=code)
        refs[uri] = CrsRef(uri, code, lat_first(code))
    return refs


SERVED_CRS: Final[dict[str, CrsRef]] = _served()


def _served_list() -> str:
    """The served CRSs by short name, runs of consecutive codes as ``EPSG:A to EPSG:B``."""
    codes = [ref.epsg for ref in SERVED_CRS.values() if ref.uri != CRS84]
    runs: list[list[int]] = []
    for code in codes:
        if runs and code == runs[-1][-1] + 1:
            runs[-1].append(code)
        else:
            runs.append([code])
    names = ["OGC:CRS84 (the default)"]
    for run in runs:
        if len(run) > 2:
            names.append(f"EPSG:{run[0]} to EPSG:{run[-1]}")
        else:
            names.extend(f"EPSG:{code}" for code in run)
    return ", ".join(names)


CRS_HELP: Final = (
    f"the CRSs served are {_served_list()}; name one by URI, "
    f"http://www.opengis.net/def/crs/EPSG/0/NNNN (CRS84: {CRS84}), or as EPSG:NNNN"
)


def _crs_uri(name: str) -> str:
    """The URI of a CRS named by URI, ``EPSG:NNNN``, ``OGC:CRS84`` or either as a safe CURIE
    (``[EPSG:NNNN]``); any other text as it is."""
    text = name.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    authority, colon, code = text.partition(":")
    if (
        colon
        and authority.upper() == "EPSG"
        and code.isascii()
        and code.isdigit()
        and len(code) < 10
    ):
        return EPSG_URI.format(code=int(code))
    if colon and authority.upper() == "OGC" and code.upper() == "CRS84":
        return CRS84
    return name


def crs_ref(name: str | None, field: str) -> CrsRef:
    """The served CRS named ``name`` (CRS84 when absent): its URI, as OGC API - Features -
    Part 2 asks, or the short forms ``EPSG:NNNN`` and ``OGC:CRS84`` that exports and imports
    take, also as safe CURIEs (``[EPSG:NNNN]``)."""
    if name is None:
        return SERVED_CRS[CRS84]
    found = SERVED_CRS.get(_crs_uri(name))
    if found is None:
        raise InvalidInputError(
            f"{field} {name[:80]!r} is not a CRS served here: {CRS_HELP}", field=field
        )
    return found


@dataclass(frozen=True)
class ItemQuery:
    """What ``/items`` asks for; every filter optional."""

    limit: int
    offset: int = 0
    bbox: tuple[float, ...] | None = None
    bbox_crs: CrsRef = SERVED_CRS[CRS84]
    datetime: str | None = None
    filter: str | None = None
    filter_lang: str = cql.TEXT
    crs: CrsRef = SERVED_CRS[CRS84]


@dataclass(frozen=True)
class FeaturePage:
    features: list[str]  # each a GeoJSON Feature as JSON text
    number_matched: int

    @property
    def number_returned(self) -> int:
        return len(self.features)


@dataclass(frozen=True)
class Extent:
    bbox: tuple[float, float, float, float] | None  # CRS84
    interval: tuple[dt.datetime | None, dt.datetime | None]


def _refuse(field: str, message: str) -> InvalidInputError:
    return InvalidInputError(message, field=field)


def bbox_condition(layer: Layer, bbox: tuple[float, ...], crs: CrsRef) -> ColumnElement[bool]:
    """Features whose geometry intersects ``bbox`` (4 or 6 numbers in ``crs``'s axis order)."""
    if len(bbox) not in (4, 6):
        raise _refuse("bbox", "bbox must be 4 or 6 numbers")
    if not all(math.isfinite(v) for v in bbox):
        raise _refuse("bbox", "bbox numbers must be finite")
    half = len(bbox) // 2
    low, high = (bbox[0], bbox[1]), (bbox[half], bbox[half + 1])  # heights are ignored
    if crs.lat_first:
        low, high = (low[1], low[0]), (high[1], high[0])
    (minx, miny), (maxx, maxy) = low, high
    geographic = crs.epsg in (WGS84, 4756)
    if geographic and not (
        all(-180 <= v <= 180 for v in (minx, maxx)) and all(-90 <= v <= 90 for v in (miny, maxy))
    ):
        raise _refuse("bbox", "bbox is out of range: longitudes -180..180, latitudes -90..90")
    if miny > maxy or (minx > maxx and crs.epsg != WGS84):
        raise _refuse("bbox", "bbox must go from its lower corner to its upper corner")
    if crs.epsg == WGS84:
        if minx > maxx:  # across the antimeridian
            return or_(
                _envelope(layer, minx, miny, 180, maxy), _envelope(layer, -180, miny, maxx, maxy)
            )
        return _envelope(layer, minx, miny, maxx, maxy)
    edge = np.linspace(0, 1, BBOX_EDGE_POINTS)
    xs = np.concatenate([minx + (maxx - minx) * edge, np.full_like(edge, maxx)])
    ys = np.concatenate([np.full_like(edge, miny), miny + (maxy - miny) * edge])
    xs = np.concatenate([xs, maxx - (maxx - minx) * edge, np.full_like(edge, minx)])
    ys = np.concatenate([ys, np.full_like(edge, maxy), maxy - (maxy - miny) * edge])
    ring = shapely.polygons(np.column_stack([xs, ys]))
    try:
        moved = transform_geometries(np.array([ring]), crs.epsg, WGS84)[0]
    except Exception as exc:  # pyproj refuses points outside the projection's domain
        raise _refuse("bbox", f"bbox does not fit EPSG:{crs.epsg}") from exc
    if not (moved.is_valid and np.isfinite(shapely.bounds(moved)).all()):
        raise _refuse("bbox", f"bbox does not fit EPSG:{crs.epsg}")
    area = func.ST_GeomFromWKB(literal(shapely.to_wkb(moved), LargeBinary), WGS84)
    return func.ST_Intersects(layer.geom, area)


def _envelope(layer: Layer, *corners: float) -> ColumnElement[bool]:
    return func.ST_Intersects(layer.geom, func.ST_MakeEnvelope(*corners, WGS84))


DATETIME_HELP: Final = (
    "give an instant, an RFC 3339 date-time with its time zone (2026-11-01T08:30:00Z or "
    "2026-11-01T15:30:00+07:00) or a date (2026-11-01, that whole day in UTC), or an interval "
    "start/end of two of those where .. (or nothing) leaves an end open, as in "
    "2026-11-01T00:00:00Z/.. for whatever changed since then"
)
_NO_ZONE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?")
_NO_SECONDS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}([Zz]|[+-][0-9:]+)?")


def datetime_message(value: str) -> str:
    """Why ``value`` is no datetime parameter, in words, and what is taken instead."""
    if any(_NO_SECONDS.fullmatch(part) for part in value.split("/")):
        return (
            f"datetime {value[:60]!r} has a date-time without its seconds (08:30:00, not "
            f"08:30): {DATETIME_HELP}"
        )
    if any(_NO_ZONE.fullmatch(part) for part in value.split("/")):
        return (
            f"datetime {value[:60]!r} has a date-time without its time zone (Z or an offset "
            f"such as +07:00): {DATETIME_HELP}"
        )
    return f"datetime {value[:60]!r} is neither an instant nor an interval: {DATETIME_HELP}"


def _instant(text: str) -> tuple[dt.datetime, dt.datetime, bool]:
    """(first moment, last moment, whether the last is excluded) of a date or a date-time."""
    wrong = _refuse(
        "datetime", f"datetime {text[:40]!r} is no real date or date-time: {DATETIME_HELP}"
    )
    if "T" in text.upper():
        moment = cql.timestamp(text.upper(), wrong)
        return moment, moment, False
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise wrong from exc
    start = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return start, start + dt.timedelta(days=1), True


def datetime_condition(layer: Layer, value: str) -> ColumnElement[bool]:
    """Features whose ``updated_at`` is the instant (a date: that day, UTC) or lies in the
    interval ``start/end`` (both ends included, either one open as ``..`` or empty)."""
    changed = layer.changed
    first, slash, last = value.partition("/")
    if not slash:
        last = first
    lower = _instant(first)[0] if first not in ("", "..") else None
    upper = _instant(last) if last not in ("", "..") else None
    if lower is not None and upper is not None and lower > upper[1]:
        raise _refuse("datetime", "the interval ends before it starts")
    parts: list[ColumnElement[bool]] = [changed.is_not(None)]
    if lower is not None:
        parts.append(changed >= lower)
    if upper is not None:
        _, end, excluded = upper
        parts.append(changed < end if excluded else changed <= end)
    return and_(*parts)


def _conditions(layer: Layer, query: ItemQuery) -> list[ColumnElement[bool]]:
    conditions = []
    if query.bbox is not None:
        conditions.append(bbox_condition(layer, query.bbox, query.bbox_crs))
    if query.datetime is not None:
        conditions.append(datetime_condition(layer, query.datetime))
    if query.filter is not None:
        conditions.append(cql.filter_condition(layer, query.filter, query.filter_lang))
    return conditions


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _geometry_sql(layer: Layer, crs: CrsRef) -> ColumnElement[Any]:
    if crs.epsg == WGS84:
        geom = func.ST_FlipCoordinates(layer.geom) if crs.lat_first else layer.geom
        return func.ST_AsGeoJSON(geom, DEGREE_DECIMALS)
    return func.ST_AsBinary(layer.geom)


def _geojson_in(wkbs: list[bytes], crs: CrsRef) -> list[str]:
    """GeoJSON geometries (texts) of WGS 84 WKBs, moved to ``crs`` in its axis order."""
    if not wkbs:
        return []
    geoms = transform_geometries(shapely.from_wkb(wkbs), WGS84, crs.epsg)
    decimals = DEGREE_DECIMALS if crs.epsg == 4756 else METRE_DECIMALS

    def tidy(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        xy = np.round(xy, decimals)
        return xy[:, ::-1] if crs.lat_first else xy

    return [str(g) for g in shapely.to_geojson(shapely.transform(geoms, tidy))]


def _features(conn: Connection, layer: Layer, where: ColumnElement[bool], crs: CrsRef) -> list[str]:
    columns = [p.sql.label(p.name) for p in layer.props]
    stmt = (
        select(*columns, _geometry_sql(layer, crs).label("geometry"))
        .select_from(layer.source)
        .where(where)
        .order_by(layer.code)
    )
    rows = conn.execute(stmt).all()
    names = [p.name for p in layer.props]
    if crs.epsg == WGS84:
        geometries = [str(r[-1]) for r in rows]
    else:
        geometries = _geojson_in([bytes(r[-1]) for r in rows], crs)
    out = []
    for row, geometry in zip(rows, geometries, strict=True):
        properties = {n: _json_value(v) for n, v in zip(names, row[:-1], strict=True)}
        ident = json.dumps(properties["code"], ensure_ascii=False)
        body = json.dumps(properties, ensure_ascii=False)
        out.append(f'{{"type":"Feature","id":{ident},"geometry":{geometry},"properties":{body}}}')
    return out


def items(conn: Connection, layer: Layer, query: ItemQuery) -> FeaturePage:
    """One page of ``layer``'s features that pass every filter of ``query``, by code."""
    conditions = _conditions(layer, query)
    if layer.few:
        every = _features(conn, layer, and_(true(), *conditions), query.crs)
        start = int(query.offset)
        return FeaturePage(every[start : start + int(query.limit)], len(every))
    matching = select(layer.code).select_from(layer.source).where(*conditions)
    matched = conn.execute(select(func.count()).select_from(matching.subquery())).scalar_one()
    page = (
        matching.order_by(layer.code).limit(int(query.limit)).offset(int(query.offset)).subquery()
    )
    features = _features(conn, layer, layer.code.in_(select(page.c[0])), query.crs)
    return FeaturePage(features, int(matched))


def item(conn: Connection, layer: Layer, code: str, crs: CrsRef) -> str:
    """One feature of ``layer`` by its code, as GeoJSON text."""
    found = _features(conn, layer, layer.code == code, crs)
    if not found:
        raise NotFoundError(f"no feature {code!r} in {layer.id}", field="featureId")
    return found[0]


def extent(conn: Connection, layer: Layer) -> Extent:
    """The layer's bounding box (CRS84) and the span of its ``updated_at``."""
    box = func.ST_Extent(layer.geom)
    row = conn.execute(
        select(
            func.ST_XMin(box),
            func.ST_YMin(box),
            func.ST_XMax(box),
            func.ST_YMax(box),
            func.min(layer.changed),
            func.max(layer.changed),
        ).select_from(layer.source)
    ).one()
    bbox = None if row[0] is None else (float(row[0]), float(row[1]), float(row[2]), float(row[3]))
    return Extent(bbox, (row[4], row[5]))


def _schema(prop: Prop) -> dict[str, Any]:
    schema: dict[str, Any] = {"title": prop.title}
    if prop.kind in ("date", "date-time"):
        schema.update(type="string", format=prop.kind)
    else:
        schema["type"] = prop.kind
    if prop.enum:
        schema["enum"] = list(prop.enum)
    return schema


def queryables(layer: Layer, url: str) -> dict[str, Any]:
    """The layer's queryables as a JSON Schema (OGC API - Features - Part 3), with the draft's
    list of them too (``queryables``, an annotation JSON Schema ignores), which is what GDAL's
    OAPIF driver (up to 3.12 at least) reads to know what it may filter on the server."""
    listed = [p for p in layer.props if p.queryable]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url,
        "type": "object",
        "title": layer.title,
        "properties": {p.name: _schema(p) for p in listed},
        "additionalProperties": False,
        "queryables": [{"id": p.name, **_schema(p)} for p in listed],
    }
