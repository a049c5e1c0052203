"""Writes on a plot's state: dated status events and holds (staff; admins too).

Each request is one transaction (``TransactionDep``): the change, its event and the data
version commit together or not at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path
from pydantic import AwareDatetime, Field

from api.auth import CurrentUser, TransactionDep, require_role
from api.deps import CodePath, ConnectionDep
from api.errors import ErrorBody
from izagis import plot_state
from izagis.inputs import MAX_TEXT, TEXT_PATTERN, Code, StrictModel
from izagis.plot_state import Hold, PlotEvent
from izagis.vocab import PlotEventKind, Role

router = APIRouter(
    prefix="/api/v1",
    tags=["plot state"],
    dependencies=[Depends(require_role(Role.STAFF))],
    responses={
        401: {"model": ErrorBody, "description": "not signed in"},
        403: {"model": ErrorBody, "description": "wrong role"},
        404: {"model": ErrorBody, "description": "no such plot or hold"},
        409: {"model": ErrorBody, "description": "the plot is held, or not free"},
    },
)
Note = Annotated[str, Field(max_length=MAX_TEXT, pattern=TEXT_PATTERN)]
HoldId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class EventIn(StrictModel):
    kind: PlotEventKind
    happened_on: dt.date
    note: Note | None = None


class HoldIn(StrictModel):
    plot_code: Code
    holder: Annotated[str, Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)]
    ends: AwareDatetime = Field(description="with its offset, e.g. 2027-01-31T17:00:00+07:00")
    starts: AwareDatetime | None = None
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


@router.post("/holds", status_code=201, summary="Hold a free plot for an investor")
def place_hold(body: HoldIn, conn: TransactionDep, user: CurrentUser) -> Hold:
    return plot_state.place_hold(conn, **body.model_dump(), recorded_by=_name(user))


@router.delete("/holds/{hold_id}", summary="Release a hold now")
def release_hold(hold_id: HoldId, conn: TransactionDep, user: CurrentUser) -> Hold:
    return plot_state.release_hold(conn, hold_id=hold_id, recorded_by=_name(user))
