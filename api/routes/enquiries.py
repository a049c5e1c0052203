"""Investors' enquiries: the public form, staff's pipeline, and an admin's export and erasure
of one person's data.

Contact data is personal data (Decree 13/2023/NĐ-CP): only staff and admins read it, the
public form answers with the new id alone, and no message or log line here names a person.
The person routes take the e-mail address in the body, never in the URL, so that it never
reaches an access log.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field

from api.auth import CurrentUser, TransactionDep, require_role
from api.errors import ErrorBody
from api.limits import rate_limit
from izagis import enquiries
from izagis.enquiries import (
    MAX_PAGE,
    Email,
    EnquiryDetail,
    EnquiryIn,
    EnquiryPage,
    EnquiryPatch,
    Erasure,
    Funnel,
    PersonExport,
    PublicEnquiryIn,
)
from izagis.inputs import TEXT_PATTERN, StrictModel
from izagis.vocab import EnquiryStage, Role

EnquiryId = Annotated[int, Path(ge=1, le=2**31 - 1)]
SIGNED_IN: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "not signed in"},
    403: {"model": ErrorBody, "description": "wrong role"},
}
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "an invalid value"}
}

router = APIRouter(
    prefix="/api/v1",
    tags=["enquiries"],
    dependencies=[Depends(require_role(Role.STAFF))],
    responses={**SIGNED_IN, **INVALID},
)
# Only admins read or erase everything stored about a person.
persons_router = APIRouter(
    prefix="/api/v1/persons",
    tags=["personal data"],
    dependencies=[Depends(require_role(Role.ADMIN))],
    responses={**SIGNED_IN, **INVALID},
)
public_router = APIRouter(prefix="/api/v1/public", tags=["enquiries"])


class Created(BaseModel):
    id: int


class PublicForm(PublicEnquiryIn):
    website: Annotated[str, Field(max_length=200, pattern=TEXT_PATTERN)] | None = Field(
        default=None, description="leave empty (a field people never see)"
    )


class PersonIn(StrictModel):
    email: Email


def _name(user: CurrentUser) -> str | None:
    return user.name if user else None


@public_router.post(
    "/enquiries",
    status_code=201,
    summary="Leave an enquiry from the public map (consent required)",
    dependencies=[Depends(rate_limit("enquiries", lambda s: s.enquiries_per_minute))],
    responses={
        422: {"model": ErrorBody, "description": "an invalid value, or no consent"},
        429: {"model": ErrorBody, "description": "too many forms from this address"},
    },
)
def leave_enquiry(body: PublicForm, conn: TransactionDep) -> Created:
    if body.website:
        # The honeypot: a person never fills it. Answer as if stored; store nothing.
        return Created(id=secrets.randbelow(2**31 - 2) + 1)
    enquiry = PublicEnquiryIn(**body.model_dump(exclude={"website", "needs"}), needs=body.needs)
    return Created(id=enquiries.create_public(conn, enquiry=enquiry))


@router.post("/enquiries", status_code=201, summary="Record an enquiry")
def create(body: EnquiryIn, conn: TransactionDep, user: CurrentUser) -> Created:
    return Created(id=enquiries.create(conn, enquiry=body, created_by=_name(user)))


@router.get("/enquiries", summary="Enquiries, newest first")
def list_enquiries(
    conn: TransactionDep,
    stage: Annotated[EnquiryStage | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> EnquiryPage:
    return enquiries.list_enquiries(conn, stage=stage, limit=limit, offset=offset)


@router.get("/enquiries/funnel", summary="Enquiries per stage now, and entering each per month")
def funnel(conn: TransactionDep) -> Funnel:
    return enquiries.funnel(conn)


@router.get(
    "/enquiries/{id}",
    summary="An enquiry with its pipeline history",
    responses={404: {"model": ErrorBody, "description": "no such enquiry"}},
)
def get(id: EnquiryId, conn: TransactionDep) -> EnquiryDetail:  # noqa: A002 - the Contract's name
    return enquiries.get(conn, enquiry_id=id)


@router.patch(
    "/enquiries/{id}",
    summary="Change an enquiry (members sent only); a new stage enters the history",
    responses={404: {"model": ErrorBody, "description": "no such enquiry"}},
)
def update(
    id: EnquiryId,  # noqa: A002 - the Contract's name
    body: EnquiryPatch,
    conn: TransactionDep,
    user: CurrentUser,
) -> EnquiryDetail:
    return enquiries.update(conn, enquiry_id=id, changes=body, by=_name(user))


@persons_router.post("/export", summary="Everything stored about one person (by e-mail)")
def export_person(body: PersonIn, conn: TransactionDep) -> PersonExport:
    return enquiries.export_person(conn, email=body.email)


@persons_router.post(
    "/erase", summary="Erase one person's contact data; their enquiries stay, anonymised"
)
def erase_person(body: PersonIn, conn: TransactionDep) -> Erasure:
    return enquiries.erase_person(conn, email=body.email)
