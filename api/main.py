"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api import errors
from api.routes import health, pages, registry, search, tiles
from izagis import db
from izagis.settings import Settings
from web.assets import STATIC_DIR


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = db.make_engine(db.database_url(settings, start=False))
        db.check_schema(engine)
        app.state.engine = engine
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
    app.include_router(health.router)
    app.include_router(registry.router)
    app.include_router(search.router)
    app.include_router(tiles.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
