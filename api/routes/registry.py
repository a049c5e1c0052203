"""Public read endpoints of the zone and plot registry."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from api.deps import (
    BBoxDep,
    CodePath,
    CodeQuery,
    ConnectionDep,
    PageDep,
    Plain,
    PlotFilterDep,
)
from api.errors import NOT_FOUND
from izagis import registry, stats
from izagis.answers import ProjectPage, Stats
from izagis.vocab import ConstraintKind, InfrastructureKind, ProjectStatus

router = APIRouter(prefix="/api/v1", tags=["registry"])
GEOJSON = "application/geo+json"
GEOJSON_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "GeoJSON (RFC 7946, WGS 84 lon/lat)",
        "content": {GEOJSON: {"schema": {"type": "object"}}},
    }
}
geojson_get = partial(router.get, responses=GEOJSON_RESPONSE)


def geojson(body: str) -> Response:
    return Response(content=body, media_type=GEOJSON)


@geojson_get("/zones", summary="All zones with their land accounts (GeoJSON)")
def zones(conn: ConnectionDep, bbox: BBoxDep) -> Response:
    return geojson(registry.zones_geojson(conn, bbox))


@router.get(
    "/zones/{code}",
    summary="One zone (GeoJSON Feature)",
    responses={**GEOJSON_RESPONSE, **NOT_FOUND},
)
def zone(code: CodePath, conn: ConnectionDep) -> Response:
    return geojson(registry.zone_geojson(conn, code))


@geojson_get("/plots", summary="Plots, filtered and paged (GeoJSON)")
def plots(conn: ConnectionDep, page: PageDep, filters: PlotFilterDep) -> Response:
    return geojson(registry.plots_geojson(conn, page=page, filters=filters))


@router.get(
    "/plots/{code}",
    summary="One plot (GeoJSON Feature)",
    responses={**GEOJSON_RESPONSE, **NOT_FOUND},
)
def plot(code: CodePath, conn: ConnectionDep) -> Response:
    return geojson(registry.plot_geojson(conn, code))


@router.get("/projects", summary="Investment projects (public fields)", response_model=ProjectPage)
def projects(
    conn: ConnectionDep,
    page: PageDep,
    zone: CodeQuery = None,
    status: ProjectStatus | None = None,
    fdi: bool | None = None,
) -> ProjectPage:
    return registry.projects(conn, page=page, zone=zone, status=status, fdi=fdi)


@geojson_get("/infrastructure", summary="Roads, rail, ports, utilities, cities (GeoJSON)")
def infrastructure(
    conn: ConnectionDep, bbox: BBoxDep, kind: InfrastructureKind | None = None
) -> Response:
    return geojson(registry.infrastructure_geojson(conn, kind, bbox))


@geojson_get("/constraints", summary="Protected and constrained areas (GeoJSON)")
def constraints(conn: ConnectionDep, bbox: BBoxDep, kind: ConstraintKind | None = None) -> Response:
    return geojson(registry.constraints_geojson(conn, kind, bbox))


@geojson_get("/boundaries", summary="Administrative boundaries (GeoJSON)")
def boundaries(conn: ConnectionDep) -> Response:
    return geojson(registry.boundaries_geojson(conn))


@router.get("/stats", summary="KPIs computed from the registry", response_model=Stats)
def kpis(
    conn: ConnectionDep,
    year: Annotated[int | None, Query(ge=1990, le=2100, description="activity year"), Plain] = None,
) -> Stats:
    return stats.kpis(conn, year)
