"""Writes on a plot's state: dated status events (staff; admins too). Holds: api.routes.holds.

Each request is one transaction (``TransactionDep``): the change, its event and the data
version commit together or not at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import Field

from api.auth import CurrentUser, TransactionDep, require_role
from api.deps import CodePath, ConnectionDep
from api.errors import ErrorBody
from izagis import plot_state
from izagis.inputs import MAX_TEXT, TEXT_PATTERN, StrictModel
from izagis.plot_state import PlotEvent
from izagis.vocab import PlotEventKind, Role

router = APIRouter(
    prefix="/api/v1",
    tags=["plot state"],
    dependencies=[Depends(require_role(Role.STAFF))],
    responses={
        401: {"model": ErrorBody, "description": "not signed in"},
        403: {"model": ErrorBody, "description": "wrong role"},
        404: {"model": ErrorBody, "description": "no such plot"},
        409: {"model": ErrorBody, "description": "the plot is held"},
    },
)
Note = Annotated[str, Field(max_length=MAX_TEXT, pattern=TEXT_PATTERN)]


class EventIn(StrictModel):
    kind: PlotEventKind
    happened_on: dt.date
    note: Note | None = None


def _name(user: CurrentUser) -> str | None:
    return user.name if user else None


@router.get("/plots/{code}/events", summary="A plot's history, oldest first")
def events(code: CodePath, conn: ConnectionDep) -> list[PlotEvent]:
    return plot_state.history(conn, plot_code=code)


@router.post("/plots/{code}/events", status_code=201, summary="Record a dated status change")
def record_event(
    code: CodePath, body: EventIn, conn: TransactionDep, user: CurrentUser
) -> PlotEvent:
    return plot_state.record_event(
        conn,
        plot_code=code,
        kind=body.kind,
        happened_on=body.happened_on,
        note=body.note,
        recorded_by=_name(user),
    )
