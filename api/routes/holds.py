"""Holds for enquiries (staff; admins too): place, list, release, and convert to a lease.

Each request is one transaction (``TransactionDep``): the hold rows, the plots' events, the
enquiry's stage and the audit rows commit together or not at all.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from pydantic import Field

from api.auth import CurrentUser, TransactionDep, require_role
from api.deps import ConnectionDep
from api.errors import ErrorBody
from izagis import clock, holds
from izagis.errors import InvalidInputError
from izagis.holds import MAX_PLOTS, Hold, HoldConflict, Lease, ProjectIn
from izagis.inputs import MAX_TEXT, TEXT_PATTERN, Code, StrictModel
from izagis.vocab import Role

MAX_DAYS = 3 * 366  # the longest hold: a site kept for three years is a lease in all but name


class HeldErrorBody(ErrorBody):
    conflicts: list[HoldConflict] | None = None


router = APIRouter(
    prefix="/api/v1/holds",
    tags=["holds"],
    dependencies=[Depends(require_role(Role.STAFF))],
    responses={
        401: {"model": ErrorBody, "description": "not signed in"},
        403: {"model": ErrorBody, "description": "wrong role"},
        404: {"model": ErrorBody, "description": "no such enquiry, plot or hold"},
        409: {
            "model": HeldErrorBody,
            "description": "`plot_held` with every conflicting hold, or `plot_not_free`",
        },
        422: {"model": ErrorBody, "description": "an invalid value"},
    },
)
HoldId = Annotated[int, Path(ge=1, le=2**63 - 1)]
EnquiryId = Annotated[int, Field(ge=1, le=2**31 - 1)]


class HoldIn(StrictModel):
    enquiry_id: EnquiryId
    plot_codes: Annotated[list[Code], Field(min_length=1, max_length=MAX_PLOTS)]
    until: dt.date = Field(description="the last day held, inclusive (Vietnam's calendar)")
    note: Annotated[str, Field(max_length=MAX_TEXT, pattern=TEXT_PATTERN)] | None = None


class LeaseIn(StrictModel):
    project: ProjectIn


def _name(user: CurrentUser) -> str | None:
    return user.name if user else None


@router.post("", status_code=201, summary="Hold free plots for an enquiry until a day")
def place(body: HoldIn, conn: TransactionDep, user: CurrentUser) -> Hold:
    today = clock.today()
    if not today <= body.until <= today + dt.timedelta(days=MAX_DAYS):
        raise InvalidInputError(
            f"until must be a day from today to {MAX_DAYS} days ahead", field="until"
        )
    return holds.place_hold(
        conn,
        plot_codes=body.plot_codes,
        ends=clock.end_of_day(body.until),
        enquiry_id=body.enquiry_id,
        note=body.note,
        recorded_by=_name(user),
    )


@router.get("", summary="Live holds (active or to come), newest first")
def list_live(
    conn: ConnectionDep,
    enquiry_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
) -> list[Hold]:
    return holds.list_holds(conn, enquiry_id=enquiry_id)


@router.get("/{hold_id}", summary="One hold, live or ended")
def one(hold_id: HoldId, conn: ConnectionDep) -> Hold:
    return holds.get_hold(conn, hold_id=hold_id)


@router.delete("/{hold_id}", summary="Release a hold now")
def release(hold_id: HoldId, conn: TransactionDep, user: CurrentUser) -> Hold:
    return holds.release_hold(conn, hold_id=hold_id, recorded_by=_name(user))


@router.post("/{hold_id}/lease", status_code=201, summary="Turn a hold into a lease")
def lease(hold_id: HoldId, body: LeaseIn, conn: TransactionDep, user: CurrentUser) -> Lease:
    return holds.lease_hold(conn, hold_id=hold_id, project=body.project, recorded_by=_name(user))
