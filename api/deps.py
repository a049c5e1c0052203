"""Typed dependencies shared by the routers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Path, Query, Request
from pydantic import BeforeValidator
from sqlalchemy import Connection, Engine

from izagis.inputs import CODE_PATTERN
from izagis.registry import BBox, Page, PlotFilter, parse_bbox
from izagis.settings import Settings
from izagis.vocab import PlotStatus

MAX_OFFSET = 2**31 - 1
_NUMBER = r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?"
BBOX_PATTERN = rf"^{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}$"


def _plain_number(value: object) -> object:
    """Query numbers as people write them: no ``1_000``, ``+0`` or ``0x10``."""
    if isinstance(value, str) and not re.fullmatch(_NUMBER, value):
        raise ValueError("must be a plain decimal number, such as 12, 0.5 or 1e-3")
    return value


# Metadata for a query number: Annotated[int | None, Query(ge=1), Plain].
Plain = BeforeValidator(_plain_number)
CodePath = Annotated[str, Path(pattern=CODE_PATTERN, description="a zone or plot code")]
CodeQuery = Annotated[str | None, Query(pattern=CODE_PATTERN)]


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
    limit: Annotated[
        int | None, Query(ge=1, description="features per page (capped)"), Plain
    ] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET), Plain] = 0,
) -> Page:
    cap = settings.max_features
    return Page(limit=min(limit or cap, cap), offset=offset)


def get_bbox(
    bbox: Annotated[
        str | None,
        Query(pattern=BBOX_PATTERN, description="minlon,minlat,maxlon,maxlat (WGS 84)"),
    ] = None,
) -> BBox | None:
    return parse_bbox(bbox) if bbox is not None else None


def get_plot_filter(
    bbox: Annotated[BBox | None, Depends(get_bbox)],
    zone: CodeQuery = None,
    status: PlotStatus | None = None,
    min_area_ha: Annotated[float | None, Query(ge=0, le=1e6), Plain] = None,
    max_area_ha: Annotated[float | None, Query(ge=0, le=1e6), Plain] = None,
    code: Annotated[str | None, Query(pattern=CODE_PATTERN, description="exact plot code")] = None,
) -> PlotFilter:
    return PlotFilter(zone, status, min_area_ha, max_area_ha, bbox, code)


SettingsDep = Annotated[Settings, Depends(get_settings)]
# scope="function": the dependency's exit (commit, return to the pool) runs before the
# response is sent, not after it has begun.
ConnectionDep = Annotated[Connection, Depends(get_connection, scope="function")]

PageDep = Annotated[Page, Depends(get_page)]
BBoxDep = Annotated[BBox | None, Depends(get_bbox)]
PlotFilterDep = Annotated[PlotFilter, Depends(get_plot_filter)]
