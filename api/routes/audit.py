"""An object's audit history (admins only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from api.auth import require_role
from api.deps import ConnectionDep
from api.errors import ErrorBody
from izagis import audit
from izagis.audit import AuditRow
from izagis.inputs import CODE_PATTERN
from izagis.tables import AUDITED_TABLES
from izagis.vocab import Role

router = APIRouter(
    prefix="/api/v1",
    tags=["audit"],
    dependencies=[Depends(require_role(Role.ADMIN))],
    responses={
        401: {"model": ErrorBody, "description": "not signed in"},
        403: {"model": ErrorBody, "description": "not an admin"},
        422: {"model": ErrorBody, "description": "an unknown table"},
    },
)


@router.get("/audit", summary="Every recorded change of one object, oldest first")
def history(
    conn: ConnectionDep,
    table: Annotated[str, Query(json_schema_extra={"enum": list(AUDITED_TABLES)})],
    key: Annotated[str, Query(pattern=CODE_PATTERN, description="the object's code, else its id")],
) -> list[AuditRow]:
    return audit.history(conn, table=table, key=key)
