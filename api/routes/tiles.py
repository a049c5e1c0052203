"""Vector tiles of the large layers."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from api.deps import ConnectionDep
from izagis import tiles

router = APIRouter(prefix="/api/v1/tiles", tags=["tiles"])
MVT = "application/vnd.mapbox-vector-tile"
# Plot statuses change during the day; a minute of caching keeps panning fast and maps fresh.
CACHE_CONTROL = "public, max-age=60"


@router.get(
    "/{layer}/{z}/{x}/{y}.pbf",
    summary="A Mapbox Vector Tile of plots or zones",
    responses={200: {"content": {MVT: {}}, "description": "Mapbox Vector Tile"}},
)
def tile(layer: str, z: int, x: int, y: int, request: Request, conn: ConnectionDep) -> Response:
    data = tiles.tile(conn, layer, z, x, y)
    tag = tiles.etag(data)
    headers = {"ETag": tag, "Cache-Control": CACHE_CONTROL}
    if request.headers.get("if-none-match") == tag:
        return Response(status_code=304, headers=headers)
    return Response(content=data, media_type=MVT, headers=headers)
