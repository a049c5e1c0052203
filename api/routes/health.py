from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy import Engine

from api.deps import get_engine
from izagis import db
from izagis.answers import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness with the database's and PostGIS's versions")
def healthz(engine: Annotated[Engine, Depends(get_engine)]) -> Health:
    return Health(status="ok", **db.versions(engine))
