"""Typed dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy import Connection, Engine

from izagis.registry import BBox, Page, PlotFilter, parse_bbox
from izagis.settings import Settings

MAX_OFFSET = 2**31 - 1


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_connection(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Connection]:
    """A read connection, returned to the pool before the response starts."""
    with engine.connect() as conn:
        yield conn


def get_transaction(engine: Annotated[Engine, Depends(get_engine)]) -> Iterator[Connection]:
    """One transaction per request: committed when the route returns, before the response
    is sent (so a failed commit is an error answer, never a lost write), rolled back on any
    error."""
    with engine.begin() as conn:
        yield conn


def get_page(
    settings: Annotated[Settings, Depends(get_settings)],
    limit: Annotated[int | None, Query(ge=1, description="features per page (capped)")] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Page:
    cap = settings.max_features
    return Page(limit=min(limit or cap, cap), offset=offset)


def get_bbox(
    bbox: Annotated[str | None, Query(description="minlon,minlat,maxlon,maxlat (WGS 84)")] = None,
) -> BBox | None:
    return parse_bbox(bbox) if bbox is not None else None


def get_plot_filter(
    bbox: Annotated[BBox | None, Depends(get_bbox)],
    zone: str | None = None,
    status: str | None = None,
    min_area_ha: Annotated[float | None, Query(ge=0, allow_inf_nan=False)] = None,
    max_area_ha: Annotated[float | None, Query(ge=0, allow_inf_nan=False)] = None,
    code: Annotated[str | None, Query(description="exact plot code")] = None,
) -> PlotFilter:
    return PlotFilter(zone, status, min_area_ha, max_area_ha, bbox, code)


SettingsDep = Annotated[Settings, Depends(get_settings)]
# scope="function": the dependency's exit (commit, return to the pool) runs before the
# response is sent, not after it has begun.
ConnectionDep = Annotated[Connection, Depends(get_connection, scope="function")]
TransactionDep = Annotated[Connection, Depends(get_transaction, scope="function")]
PageDep = Annotated[Page, Depends(get_page)]
BBoxDep = Annotated[BBox | None, Depends(get_bbox)]
PlotFilterDep = Annotated[PlotFilter, Depends(get_plot_filter)]
