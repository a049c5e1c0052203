"""Vector tiles of the large layers.

A tile the process has cached answers without touching the database (no connection, no
thread); a miss runs one statement, in the thread pool, that returns the tile and its data
stamp (``izagis.tiles``, ``izagis.tile_cache``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import APIRouter, FastAPI, Path, Request, Response
from sqlalchemy import Engine, create_engine
from starlette.concurrency import run_in_threadpool

from izagis import tiles
from izagis.tile_cache import Listener, TileCache


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """A tile cache and its listener for the app's lifetime (after the app's own start-up,
    which made the engine)."""
    engine: Engine = app.state.engine
    cache = TileCache()
    dsn = engine.url.render_as_string(hide_password=False).replace("+psycopg", "", 1)
    listener = Listener(dsn, cache)
    listener.start()
    app.state.tile_cache = cache
    # Tiles' own pool: one statement each, so autocommit (no BEGIN, no ROLLBACK on return), no
    # JIT, and no ping before each checkout (a connection lost with the database fails one request,
    # 503, and the pool starts afresh).
    app.state.tile_engine = create_engine(
        engine.url,
        pool_size=5,
        max_overflow=5,
        pool_pre_ping=False,
        isolation_level="AUTOCOMMIT",
        # JIT compiling a low-zoom tile's query takes ten times longer than running it.
        connect_args={
            "options": f"-c statement_timeout={app.state.settings.statement_timeout_ms} -c jit=off"
        },
    )
    try:
        yield
    finally:
        listener.stop()
        app.state.tile_engine.dispose()


router = APIRouter(prefix="/api/v1/tiles", tags=["tiles"], lifespan=lifespan)
MVT = "application/vnd.mapbox-vector-tile"
# Plot statuses change during the day; a minute of caching keeps panning fast and maps fresh,
# and never beyond the next hold boundary, when a plot turns reserved or free by itself.
MAX_AGE_S = 60


def _render(engine: Engine, layer: str, z: int, x: int, y: int) -> tiles.Tile:
    with engine.connect() as conn:
        return tiles.render(conn, layer, z, x, y)


@router.get(
    "/{layer}/{z}/{x}/{y}.pbf",
    summary="A Mapbox Vector Tile of plots or zones",
    responses={200: {"content": {MVT: {}}, "description": "Mapbox Vector Tile"}},
)
async def tile(
    layer: tiles.Layer,
    z: Annotated[int, Path(ge=0, le=tiles.MAX_ZOOM)],
    x: Annotated[int, Path(ge=0, le=2**tiles.MAX_ZOOM - 1, description="below 2^z")],
    y: Annotated[int, Path(ge=0, le=2**tiles.MAX_ZOOM - 1, description="below 2^z")],
    request: Request,
) -> Response:
    tiles.check(layer, z, x, y)
    cache: TileCache | None = getattr(request.app.state, "tile_cache", None)
    key = (layer.value, z, x, y)
    found = cache.get(key) if cache is not None else None
    if found is None:
        engine = getattr(request.app.state, "tile_engine", None) or request.app.state.engine
        found = await run_in_threadpool(_render, engine, layer.value, z, x, y)
        if cache is not None:
            cache.put(key, found)
    max_age = MAX_AGE_S
    if found.valid_until is not None:
        left = (found.valid_until - dt.datetime.now(dt.UTC)).total_seconds()
        max_age = max(0, min(MAX_AGE_S, int(left)))
    headers = {"ETag": found.etag, "Cache-Control": f"public, max-age={max_age}"}
    if tiles.matches(request.headers.get("if-none-match"), found.etag):
        return Response(status_code=304, headers=headers)
    return Response(content=found.data, media_type=MVT, headers=headers)
