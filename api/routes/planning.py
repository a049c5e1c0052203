"""Planners' analytics: occupancy, the fill forecast and land runway, reclaimable land, the
check of a proposed boundary; and the zones' phases, which everyone may read (the map shows
them)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, File, Query, Response, UploadFile
from fastapi import Path as InPath

from api.auth import require_role
from api.deps import CodeQuery, ConnectionDep, Plain
from api.errors import ErrorBody
from api.routes.registry import GEOJSON, GEOJSON_RESPONSE, geojson
from api.uploads import saved
from izagis import absorption, occupancy, phases, proposals, reclaim, suitability
from izagis.absorption import Forecast
from izagis.errors import InvalidInputError
from izagis.occupancy import Occupancy
from izagis.proposals import ProposalCheck, ProposalFileCheck, ProposalIn
from izagis.reclaim import Reclaimable
from izagis.vocab import Role

SIGNED_IN: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "not signed in"},
    403: {"model": ErrorBody, "description": "neither a planner nor an admin"},
    422: {"model": ErrorBody, "description": "an invalid value"},
}
router = APIRouter(
    prefix="/api/v1/planning",
    tags=["planning"],
    dependencies=[Depends(require_role(Role.PLANNER))],
    responses=SIGNED_IN,
)
public_router = APIRouter(prefix="/api/v1", tags=["registry"])
proposals_router = APIRouter(
    prefix="/api/v1/proposals",
    tags=["planning"],
    dependencies=[Depends(require_role(Role.PLANNER))],
    responses=SIGNED_IN,
)

Window = Annotated[
    int, Query(ge=1, le=50, description="years of history the rate is taken from"), Plain
]
BaseYear = Annotated[
    int | None,
    Query(ge=2000, le=2100, description="the first year forecast (default: this year)"),
    Plain,
]
Weights = Annotated[
    str | None,
    Query(
        max_length=2000,
        description="the site search's weights as a JSON object (criterion -> weight); "
        "default: the general profile's",
    ),
]
ScheduleYears = Annotated[
    float,
    Query(
        ge=0,
        le=20,
        description="years after its certificate a project is taken to be due (default 2)",
    ),
    Plain,
]


@public_router.get(
    "/phases",
    summary="Zone phases with their status and opening year (GeoJSON)",
    responses={**GEOJSON_RESPONSE, 422: {"model": ErrorBody, "description": "unknown zone"}},
)
def zone_phases(
    conn: ConnectionDep,
    zone: CodeQuery = None,
    unlike_zone: Annotated[
        bool, Query(description="only phases whose status is not their zone's")
    ] = False,
) -> Response:
    return geojson(phases.phases_geojson(conn, zone=zone, unlike_zone=unlike_zone))


@router.get("/occupancy", summary="Land occupancy per zone, phase and province")
def planning_occupancy(conn: ConnectionDep, zone: CodeQuery = None) -> Occupancy:
    return occupancy.occupancy(conn, zone=zone)


@router.get("/forecast", summary="Absorption per year, fill years with a range, land runway")
def planning_forecast(
    conn: ConnectionDep, window: Window = absorption.WINDOW_YEARS, base_year: BaseYear = None
) -> Forecast:
    return absorption.forecast(conn, window=window, base_year=base_year)


@router.get("/reclaimable", summary="Projects behind schedule and the land they hold, ranked")
def planning_reclaimable(
    conn: ConnectionDep, schedule_years: ScheduleYears = reclaim.SCHEDULE_YEARS
) -> Reclaimable:
    return reclaim.reclaimable(conn, schedule_years=schedule_years)[0]


@router.get(
    "/reclaimable.csv",
    summary="Reclaimable land as CSV",
    responses={200: {"content": {"text/csv": {}}, "description": "one row a project"}},
)
def planning_reclaimable_csv(
    conn: ConnectionDep, schedule_years: ScheduleYears = reclaim.SCHEDULE_YEARS
) -> Response:
    answer, _ = reclaim.reclaimable(conn, schedule_years=schedule_years)
    return Response(
        reclaim.as_csv(answer),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="reclaimable.csv"'},
    )


@router.get(
    "/reclaimable.geojson", summary="Reclaimable land as GeoJSON", responses=GEOJSON_RESPONSE
)
def planning_reclaimable_geojson(
    conn: ConnectionDep, schedule_years: ScheduleYears = reclaim.SCHEDULE_YEARS
) -> Response:
    answer, shapes = reclaim.reclaimable(conn, schedule_years=schedule_years)
    return Response(reclaim.as_geojson(answer, shapes), media_type=GEOJSON)


@proposals_router.post(
    "/check", summary="A proposed boundary's area, overlaps, distances and rule verdicts"
)
def check_proposal(
    conn: ConnectionDep,
    proposal: Annotated[
        ProposalIn,
        Body(description="a GeoJSON Polygon or MultiPolygon, or a Feature of one, in WGS 84"),
    ],
) -> ProposalCheck:
    return proposals.check(conn, proposal)


@router.get(
    "/suitability.tif",
    summary="Suitability for new industrial land: a Cloud-Optimized GeoTIFF (UTM 48N, 100 m)",
    responses={200: {"content": {"image/tiff": {}}, "description": "scores 0-1, -1 masked"}},
)
def planning_suitability_tif(conn: ConnectionDep, weights: Weights = None) -> Response:
    surface = suitability.surface(conn, suitability.parse_weights(weights))
    return Response(
        suitability.geotiff(surface),
        media_type="image/tiff",
        headers={"Content-Disposition": 'attachment; filename="izagis-suitability.tif"'},
    )


@router.get(
    "/suitability.png",
    summary="The suitability surface as a heat image in WGS 84 (bounds in X-Bounds)",
    responses={200: {"content": {"image/png": {}}, "description": "the heat image"}},
)
def planning_suitability_png(conn: ConnectionDep, weights: Weights = None) -> Response:
    image, bounds = suitability.png(suitability.surface(conn, suitability.parse_weights(weights)))
    (south, west), (north, east) = bounds
    return Response(
        image,
        media_type="image/png",
        headers={"X-Bounds": f"{south:.7f},{west:.7f},{north:.7f},{east:.7f}"},
    )


@router.get(
    "/suitability/{z}/{x}/{y}.png",
    summary="The suitability heat layer as map tiles (XYZ, Web Mercator, 256 px)",
    responses={
        200: {
            "content": {"image/png": {}},
            "description": "the tile, transparent outside the province and where masked",
        }
    },
)
def planning_suitability_tile(
    conn: ConnectionDep,
    z: Annotated[int, InPath(ge=0, le=22)],
    x: Annotated[int, InPath(ge=0, le=2**22 - 1)],
    y: Annotated[int, InPath(ge=0, le=2**22 - 1)],
    weights: Weights = None,
) -> Response:
    if x >= 2**z or y >= 2**z:
        raise InvalidInputError(f"x and y must be below {2**z} at zoom {z}", field="x")
    surface = suitability.surface(conn, suitability.parse_weights(weights))
    conn.close()  # the surface is cached: drawing the tile needs no connection
    return Response(
        suitability.tile(surface, z, x, y),
        media_type="image/png",
        headers={"Cache-Control": "private, no-cache"},
    )


@proposals_router.post(
    "/check-file",
    summary="The same check of a boundary uploaded as a file (GeoJSON, KML, zipped "
    "Shapefile, GeoPackage; VN-2000 accepted)",
)
def check_proposal_file(
    conn: ConnectionDep,
    file: Annotated[UploadFile, File(description="the boundary; its polygons are joined")],
    crs: Annotated[
        str | None, Query(pattern=r"^EPSG:[0-9]{4,5}$", description="for a file with none")
    ] = None,
) -> ProposalFileCheck:
    with saved(file, "boundary.geojson") as path:
        boundary = proposals.from_file(path, int(crs.removeprefix("EPSG:")) if crs else None)
    checked = proposals.check(conn, boundary)
    return ProposalFileCheck(**checked.model_dump(), boundary=boundary.model_dump())
