"""Writes on a plot's state: dated status events and holds (staff; admins too).

Each request is one transaction (``TransactionDep``): the change, its event and the data
version commit together or not at all.
"""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Depends
from pydantic import BaseModel, ConfigDict, Field

from api.auth import CurrentUser, TransactionDep, require_role
from api.deps import ConnectionDep
from izagis import plot_state
from izagis.plot_state import Hold, PlotEvent
from izagis.vocab import PlotEventKind, Role

router = APIRouter(
    prefix="/api/v1",
    tags=["plot state"],
    dependencies=[Depends(require_role(Role.STAFF))],
    responses={401: {"description": "not signed in"}, 403: {"description": "wrong role"}},
)
Text = Field(default=None, max_length=2000)


class EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: PlotEventKind
    happened_on: dt.date
    note: str | None = Text


class HoldIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    plot_code: str = Field(max_length=64)
    holder: str = Field(min_length=1, max_length=200)
    ends: dt.datetime
    starts: dt.datetime | None = None
    note: str | None = Text


def _name(user: CurrentUser) -> str | None:
    return user.name if user else None


@router.get("/plots/{code}/events", summary="A plot's history, oldest first")
def events(code: str, conn: ConnectionDep) -> list[PlotEvent]:
    return plot_state.history(conn, plot_code=code)


@router.post("/plots/{code}/events", status_code=201, summary="Record a dated status change")
def record_event(code: str, body: EventIn, conn: TransactionDep, user: CurrentUser) -> PlotEvent:
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
def release_hold(hold_id: int, conn: TransactionDep, user: CurrentUser) -> Hold:
    return plot_state.release_hold(conn, hold_id=hold_id, recorded_by=_name(user))
