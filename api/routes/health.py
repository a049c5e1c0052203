from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from api.deps import get_engine

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness with the database's and PostGIS's versions")
def healthz(request: Request) -> JSONResponse:
    try:
        with get_engine(request).connect() as conn:
            row = conn.execute(
                text("SELECT current_setting('server_version'), postgis_lib_version()")
            ).one()
    except OperationalError:
        return JSONResponse(
            {
                "status": "unavailable",
                "code": "database_unavailable",
                "message": "the database is not reachable",
            },
            status_code=503,
        )
    return JSONResponse({"status": "ok", "postgresql": row[0], "postgis": row[1]})
