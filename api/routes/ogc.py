"""OGC API - Features at ``/ogc``: Part 1 (Core, GeoJSON, OpenAPI 3.0), Part 2 (CRS by
reference) and Part 3 (filtering with CQL2 text and JSON) over the public layers.

The HTTP shape lives here: links, media types, headers and OGC exceptions (400 for a bad
parameter or an unknown one, 404 for an unknown collection or feature). The queries are the
core's (``izagis.features``, ``izagis.cql``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Coroutine
from enum import StrEnum
from typing import Annotated, Any, Final

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel

from api.deps import MAX_OFFSET, ConnectionDep, SettingsDep
from izagis import cql, features
from izagis.errors import InvalidInputError, NotFoundError
from izagis.inputs import CODE_PATTERN
from izagis.layers import LAYERS, PublicLayer

JSON: Final = "application/json"
GEOJSON: Final = "application/geo+json"
SCHEMA_JSON: Final = "application/schema+json"
OPENAPI: Final = "application/vnd.oai.openapi+json;version=3.0"
REL: Final = "http://www.opengis.net/def/rel/ogc/1.0/"
GREGORIAN: Final = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
MAX_LIMIT: Final = 10_000
DEFAULT_LIMIT: Final = 10
CONFORMANCE: Final = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
)
_NUMBER = r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?"
BBOX_PATTERN: Final = rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}(,{_NUMBER},{_NUMBER})?$"
_TIME = r"[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
_MOMENT = rf"[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}({_TIME})?"
DATETIME_PATTERN: Final = rf"^({_MOMENT}|({_MOMENT}|\.\.)?/({_MOMENT}|\.\.)?)$"

FilterLang = StrEnum("FilterLang", {lang.upper().replace("-", "_"): lang for lang in cql.LANGUAGES})  # type: ignore[misc]


class Link(BaseModel):
    href: str
    rel: str
    type: str | None = None
    title: str | None = None


class LandingPage(BaseModel):
    title: str
    description: str
    links: list[Link]


class Conformance(BaseModel):
    conformsTo: list[str]


class SpatialExtent(BaseModel):
    bbox: list[list[float]]
    crs: str


class TemporalExtent(BaseModel):
    interval: list[list[str | None]]
    trs: str


class Extent(BaseModel):
    spatial: SpatialExtent | None = None
    temporal: TemporalExtent


class Collection(BaseModel):
    id: str
    title: str
    description: str
    links: list[Link]
    extent: Extent
    itemType: str
    crs: list[str]
    storageCrs: str


class Collections(BaseModel):
    links: list[Link]
    collections: list[Collection]


class OgcException(BaseModel):
    """An OGC API exception: ``code``, a human ``description`` and the parameter at fault."""

    code: str
    description: str | None = None
    field: str | None = None


def ogc_error(status: int, code: str, description: str, field: str | None = None) -> JSONResponse:
    body = {"code": code, "description": description}
    if field is not None:
        body["field"] = field
    return JSONResponse(body, status_code=status)


def _got(value: Any) -> str:
    return repr(str(value)[:60])


# What each parameter takes, in words: the OGC exception for a value the route's validation
# refuses says this, never a pattern or the validator's wording.
_TAKES: Final[dict[str, Callable[[Any], str]]] = {
    "limit": lambda v: (
        f"limit takes a whole number from 1 to {MAX_LIMIT:,} (features per page), not {_got(v)}"
    ),
    "offset": lambda v: (
        f"offset takes a whole number from 0 to {MAX_OFFSET:,} (features to "
        f"skip; the next and prev links carry it), not {_got(v)}"
    ),
    "bbox": lambda v: (
        "bbox takes 4 numbers separated by commas, the lower corner then the upper corner in "
        "the axis order of bbox-crs (CRS84 by default: min longitude, min latitude, max "
        "longitude, max latitude), as in bbox=105.85,20.15,106.05,20.35, "
        f"or 6 with heights (ignored); not {_got(v)}"
    ),
    "datetime": lambda v: features.datetime_message(str(v)),
    "filter": lambda v: f"the filter is longer than {cql.MAX_LENGTH:,} characters",
    "filter-lang": lambda v: (
        f"filter-lang takes {cql.TEXT} (the default) or {cql.JSON} "
        f"({cql.DRAFT_TEXT}, the draft's name, is read as {cql.TEXT}), not {_got(v)}"
    ),
}


def _refusal(request: Request, error: dict[str, Any]) -> JSONResponse:
    """The OGC exception for the first error of the route's own validation, in words."""
    where = [str(p) for p in error.get("loc", ())]
    field = where[-1] if where else None
    value = error.get("input")
    if where and where[0] == "path":
        if field == "collectionId":
            names = ", ".join(layer.value for layer in PublicLayer)
            return ogc_error(
                404, "NotFound", f"no collection {_got(value)}; the collections are {names}", field
            )
        collection = request.path_params.get("collectionId", "")
        return ogc_error(404, "NotFound", f"no feature {_got(value)} in {collection}", field)
    takes = _TAKES.get(field or "")
    message = takes(value) if takes is not None else f"{field} cannot be {_got(value)}"
    return ogc_error(400, "InvalidParameterValue", message, field)


def _query_names(dependant: Dependant) -> set[str]:
    names = {str(p.alias) for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


class OgcRoute(APIRoute):
    """A route answering as OGC API - Features asks: 400 for a parameter that is invalid or
    not in the API definition, 404 for a path that names no collection or feature."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        allowed = _query_names(self.dependant)

        async def route(request: Request) -> Response:
            unknown = sorted(set(request.query_params) - allowed)
            if unknown:
                return ogc_error(
                    400,
                    "InvalidParameterValue",
                    f"unknown query parameter {unknown[0]!r}; this request takes "
                    + (", ".join(sorted(allowed)) or "none"),
                    unknown[0],
                )
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return _refusal(request, exc.errors()[0] if exc.errors() else {})
            except NotFoundError as exc:
                return ogc_error(404, "NotFound", exc.message, exc.field)
            except InvalidInputError as exc:
                return ogc_error(400, "InvalidParameterValue", exc.message, exc.field)

        return route


router = APIRouter(prefix="/ogc", tags=["OGC API - Features"], route_class=OgcRoute)
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": OgcException, "description": "an invalid or unknown parameter"},
    "4XX": {"model": OgcException, "description": "another client error"},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    **_ERRORS,
    404: {"model": OgcException, "description": "no such collection or feature"},
}
_CONTENT_CRS = {
    "Content-Crs": {
        "description": "the CRS of the coordinates, as <URI>",
        "schema": {"type": "string", "pattern": "^<http.+>$"},
    }
}
CollectionId = Annotated[PublicLayer, Path(description="a collection")]
FeatureId = Annotated[str, Path(pattern=CODE_PATTERN, description="a feature's code")]
_CRS_NAMES = (
    "by URI (http://www.opengis.net/def/crs/EPSG/0/NNNN, or "
    "http://www.opengis.net/def/crs/OGC/1.3/CRS84) or as EPSG:NNNN or [EPSG:NNNN]; one of the "
    "collection's crs"
)
CrsParam = Annotated[
    str | None,
    Query(description=f"CRS of the answer's coordinates (default CRS84), {_CRS_NAMES}"),
]


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/") + router.prefix


def _collection_links(base: str, layer: PublicLayer) -> list[Link]:
    here = f"{base}/collections/{layer.value}"
    return [
        Link(href=here, rel="self", type=JSON, title=LAYERS[layer].title),
        Link(href=f"{here}/items", rel="items", type=GEOJSON, title="the features"),
        Link(
            href=f"{here}/queryables",
            rel=REL + "queryables",
            type=SCHEMA_JSON,
            title="the properties a filter may use",
        ),
        # The draft's name of that relation, which GDAL up to 3.12 looks for.
        Link(href=f"{here}/queryables", rel="queryables", type=SCHEMA_JSON, title="queryables"),
    ]


def _stamp(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _collection(request: Request, conn: Any, layer: PublicLayer) -> Collection:
    public = LAYERS[layer]
    extent = features.extent(conn, public)
    spatial = (
        None if extent.bbox is None else SpatialExtent(bbox=[list(extent.bbox)], crs=features.CRS84)
    )
    interval = [[_stamp(extent.interval[0]), _stamp(extent.interval[1])]]
    return Collection(
        id=layer.value,
        title=public.title,
        description=public.description,
        links=_collection_links(_base(request), layer),
        extent=Extent(spatial=spatial, temporal=TemporalExtent(interval=interval, trs=GREGORIAN)),
        itemType="feature",
        crs=list(features.SERVED_CRS),
        storageCrs=features.CRS84,
    )


@router.get(
    "",
    summary="Landing page of the OGC API - Features",
    response_model=LandingPage,
    response_model_exclude_none=True,
    responses=_ERRORS,
)
def landing(request: Request) -> LandingPage:
    base = _base(request)
    root = str(request.base_url).rstrip("/")
    return LandingPage(
        title="izagis: industrial zones of Ninh Bình",
        description="Zones, their phases, plots, infrastructure and constraint areas of the Ninh "
        "Bình industrial zones as OGC API - Features, in WGS 84 or VN-2000, filtered with CQL2.",
        links=[
            Link(href=base, rel="self", type=JSON, title="this document"),
            Link(href=f"{root}/openapi.json", rel="service-desc", type=OPENAPI, title="OpenAPI"),
            Link(href=f"{root}/docs", rel="service-doc", type="text/html", title="API docs"),
            Link(href=f"{base}/conformance", rel="conformance", type=JSON, title="conformance"),
            Link(href=f"{base}/collections", rel="data", type=JSON, title="the collections"),
        ],
    )


@router.get(
    "/conformance",
    summary="The conformance classes implemented",
    response_model=Conformance,
    responses=_ERRORS,
)
def conformance() -> Conformance:
    return Conformance(conformsTo=list(CONFORMANCE))


@router.get(
    "/collections",
    summary="The collections: zones, plots, infrastructure, constraints",
    response_model=Collections,
    response_model_exclude_none=True,
    responses=_ERRORS,
)
def collections(request: Request, conn: ConnectionDep) -> Collections:
    return Collections(
        links=[Link(href=f"{_base(request)}/collections", rel="self", type=JSON)],
        collections=[_collection(request, conn, layer) for layer in PublicLayer],
    )


@router.get(
    "/collections/{collectionId}",
    summary="One collection: its extent, CRSs and links",
    response_model=Collection,
    response_model_exclude_none=True,
    responses=_NOT_FOUND,
)
def collection(collectionId: CollectionId, request: Request, conn: ConnectionDep) -> Collection:
    return _collection(request, conn, collectionId)


@router.get(
    "/collections/{collectionId}/queryables",
    summary="The properties a filter may use (JSON Schema)",
    response_class=JSONResponse,
    responses={
        200: {
            "description": "JSON Schema (as application/json to a client that accepts only that)",
            "content": {
                SCHEMA_JSON: {"schema": {"type": "object"}},
                JSON: {"schema": {"type": "object"}},
            },
        },
        **_NOT_FOUND,
    },
)
def queryables(collectionId: CollectionId, request: Request) -> Response:
    url = f"{_base(request)}/collections/{collectionId.value}/queryables"
    body = features.queryables(LAYERS[collectionId], url)
    accepted = request.headers.get("accept", "")
    plain = JSON in accepted and SCHEMA_JSON not in accepted and "*/*" not in accepted
    return Response(json.dumps(body, ensure_ascii=False), media_type=JSON if plain else SCHEMA_JSON)


_FEATURES_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "GeoJSON; coordinates in the CRS of Content-Crs, in its axis order",
        "headers": _CONTENT_CRS,
        "content": {GEOJSON: {"schema": {"type": "object", "required": ["type"]}}},
    },
    **_NOT_FOUND,
}


def _content_crs(crs: features.CrsRef) -> dict[str, str]:
    return {"Content-Crs": f"<{crs.uri}>"}


@router.get(
    "/collections/{collectionId}/items",
    summary="The features of a collection: bbox, datetime and CQL2 filters, paged",
    response_class=Response,
    responses=_FEATURES_RESPONSE,
)
def items(
    collectionId: CollectionId,
    request: Request,
    conn: ConnectionDep,
    settings: SettingsDep,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description="features per page (capped)")
    ] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET, description="features to skip")] = 0,
    bbox: Annotated[
        str | None,
        Query(
            pattern=BBOX_PATTERN,
            description="lower corner, upper corner (4 or 6 numbers) in bbox-crs's axis order",
        ),
    ] = None,
    bbox_crs: Annotated[
        str | None,
        Query(alias="bbox-crs", description=f"CRS of bbox (default CRS84), {_CRS_NAMES}"),
    ] = None,
    datetime: Annotated[
        str | None,
        Query(
            pattern=DATETIME_PATTERN,
            description="updated_at: an instant, or an interval start/end (.. leaves one open)",
        ),
    ] = None,
    filter: Annotated[
        str | None, Query(max_length=cql.MAX_LENGTH, description="a CQL2 filter")
    ] = None,
    filter_lang: Annotated[
        FilterLang | None,
        Query(
            alias="filter-lang",
            description="cql2-text (default) or cql2-json; cql-text, the draft's name that "
            "GDAL sends, is read as cql2-text",
        ),
    ] = None,
    filter_crs: Annotated[
        str | None,
        Query(
            alias="filter-crs",
            description=f"CRS of geometries in the filter (none used), {_CRS_NAMES}",
        ),
    ] = None,
    crs: CrsParam = None,
) -> Response:
    layer = LAYERS[collectionId]
    out_crs = features.crs_ref(crs, "crs")
    features.crs_ref(filter_crs, "filter-crs")
    numbers = None if bbox is None else tuple(float(v) for v in bbox.split(","))
    query = features.ItemQuery(
        limit=min(limit, settings.max_features),
        offset=offset,
        bbox=numbers,
        bbox_crs=features.crs_ref(bbox_crs, "bbox-crs"),
        datetime=datetime,
        filter=filter,
        filter_lang=cql.TEXT if filter_lang is None else str(filter_lang.value),
        crs=out_crs,
    )
    page = features.items(conn, layer, query)
    links = [
        Link(href=str(request.url), rel="self", type=GEOJSON, title="this page"),
        Link(
            href=f"{_base(request)}/collections/{collectionId.value}",
            rel="collection",
            type=JSON,
            title=layer.title,
        ),
    ]
    if query.offset + page.number_returned < page.number_matched:
        after = request.url.include_query_params(offset=query.offset + query.limit)
        links.append(Link(href=str(after), rel="next", type=GEOJSON, title="next page"))
    if query.offset > 0:
        before = request.url.include_query_params(offset=max(0, query.offset - query.limit))
        links.append(Link(href=str(before), rel="prev", type=GEOJSON, title="previous page"))
    head = {
        "type": "FeatureCollection",
        "timeStamp": _stamp(dt.datetime.now(dt.UTC)),
        "numberMatched": page.number_matched,
        "numberReturned": page.number_returned,
        "links": [link.model_dump(exclude_none=True) for link in links],
    }
    listed = ",".join(page.features)
    text = json.dumps(head, ensure_ascii=False)[:-1] + f',"features":[{listed}]}}'
    return Response(text, media_type=GEOJSON, headers=_content_crs(out_crs))


@router.get(
    "/collections/{collectionId}/items/{featureId}",
    summary="One feature by its code",
    response_class=Response,
    responses=_FEATURES_RESPONSE,
)
def item(
    collectionId: CollectionId,
    featureId: FeatureId,
    request: Request,
    conn: ConnectionDep,
    crs: CrsParam = None,
) -> Response:
    layer = LAYERS[collectionId]
    out_crs = features.crs_ref(crs, "crs")
    feature = features.item(conn, layer, featureId, out_crs)
    here = f"{_base(request)}/collections/{collectionId.value}"
    links = [
        Link(href=str(request.url), rel="self", type=GEOJSON, title="this feature"),
        Link(href=here, rel="collection", type=JSON, title=layer.title),
    ]
    listed = json.dumps([link.model_dump(exclude_none=True) for link in links])
    text = feature[:-1] + ',"links":' + listed + "}"
    return Response(text, media_type=GEOJSON, headers=_content_crs(out_crs))
