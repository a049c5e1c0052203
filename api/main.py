"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from anyio import to_thread
from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from api import errors
from api.compression import Compress
from api.limits import BodyLimit
from api.routes import (
    audit,
    auth,
    enquiries,
    export,
    health,
    holds,
    imports,
    ogc,
    pages,
    planning,
    planning_records,
    plot_state,
    registry,
    search,
    sheets,
    shortlists,
    tiles,
)
from api.security import SecurityHeaders
from izagis import db, tokens
from izagis.settings import Settings
from web.assets import STATIC_DIR

# The public routes, an explicit allow-list: registry reads, tiles, site search, pages.
PUBLIC_ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    registry.router,
    search.router,
    tiles.router,
    pages.router,
    auth.public_router,
    sheets.router,
    export.router,
    ogc.router,
    enquiries.public_router,
    planning.public_router,
    imports.public_router,
)
# Everything else writes or touches personal data: each router declares its roles.
SIGNED_IN_ROUTERS: tuple[APIRouter, ...] = (
    auth.router,
    plot_state.router,
    holds.router,
    enquiries.router,
    enquiries.persons_router,
    shortlists.router,
    audit.router,
    planning.router,
    planning.proposals_router,
    planning_records.kpi_router,
    planning_records.saved_router,
    imports.router,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = db.make_engine(
            db.database_url(settings, start=False),
            statement_timeout_ms=settings.statement_timeout_ms,
            pool_size=settings.db_pool_size,
        )
        db.check_schema(engine)
        app.state.engine = engine
        app.state.secret_key = tokens.secret_key(settings)
        # Many more threads than connections: a request waits for a connection in a thread,
        # and with threads no more than connections, every thread could be waiting while
        # each connection's request waits for a thread (they would wait out the pool timeout).
        to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        try:
            yield
        finally:
            engine.dispose()

    app = FastAPI(
        title="izagis",
        summary="Industrial zones of Ninh Bình: land registry and site selection",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served by api.routes.pages from the vendored Swagger UI
        redoc_url=None,
    )
    app.state.settings = settings
    errors.install(app)
    # Outermost last: security headers wrap everything, the body limit runs before parsing.
    app.add_middleware(Compress)
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        timeout_s=settings.body_timeout_s,
        uploads=(imports.UPLOAD_PATH, imports.MAX_UPLOAD_BYTES),
    )
    app.add_middleware(SecurityHeaders)
    for router in (*PUBLIC_ROUTERS, *SIGNED_IN_ROUTERS):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
