"""Vector tiles of the large layers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from api.deps import ConnectionDep
from izagis import plot_state, tiles

router = APIRouter(prefix="/api/v1/tiles", tags=["tiles"])
MVT = "application/vnd.mapbox-vector-tile"
# Plot statuses change during the day; a minute of caching keeps panning fast and maps fresh,
# and never beyond the next hold boundary, when a plot turns reserved or free by itself.
MAX_AGE_S = 60


@router.get(
    "/{layer}/{z}/{x}/{y}.pbf",
    summary="A Mapbox Vector Tile of plots or zones",
    responses={200: {"content": {MVT: {}}, "description": "Mapbox Vector Tile"}},
)
def tile(
    layer: tiles.Layer,
    z: Annotated[int, Path(ge=0, le=tiles.MAX_ZOOM)],
    x: Annotated[int, Path(ge=0, le=2**tiles.MAX_ZOOM - 1, description="below 2^z")],
    y: Annotated[int, Path(ge=0, le=2**tiles.MAX_ZOOM - 1, description="below 2^z")],
    request: Request,
    conn: ConnectionDep,
) -> Response:
    data = tiles.tile(conn, layer, z, x, y)
    tag = tiles.etag(data)
    stamp = plot_state.data_stamp(conn)
    max_age = MAX_AGE_S
    if stamp.valid_until is not None:
        left = (stamp.valid_until - dt.datetime.now(dt.UTC)).total_seconds()
        max_age = max(0, min(MAX_AGE_S, int(left)))
    headers = {"ETag": tag, "Cache-Control": f"public, max-age={max_age}"}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    return Response(content=data, media_type=MVT, headers=headers)
