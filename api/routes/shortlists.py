"""An enquiry's site search, shortlist, comparison, exports and proposal (staff; admins too)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import Field, TypeAdapter, ValidationError

from api.auth import CurrentUser, TransactionDep, require_role
from api.deps import ConnectionDep
from api.errors import ErrorBody
from izagis import enquiries, sheet_map, shortlists
from izagis.answers import SearchAnswer
from izagis.errors import InvalidInputError
from izagis.inputs import MAX_TEXT, TEXT_PATTERN, Code, StrictModel
from izagis.needs import Weight
from izagis.shortlists import COMPARED, MAX_ITEMS, Comparison, ShortlistItem
from izagis.vocab import Role
from web import proposals

router = APIRouter(
    prefix="/api/v1/enquiries/{id}",
    tags=["shortlists"],
    dependencies=[Depends(require_role(Role.STAFF))],
    responses={
        401: {"model": ErrorBody, "description": "not signed in"},
        403: {"model": ErrorBody, "description": "wrong role"},
        404: {"model": ErrorBody, "description": "no such enquiry, item or plot"},
        422: {"model": ErrorBody, "description": "an invalid value"},
    },
)
EnquiryId = Annotated[int, Path(ge=1, le=2**31 - 1)]
ItemId = Annotated[int, Path(ge=1, le=2**31 - 1)]
WEIGHTS: TypeAdapter[dict[str, float]] = TypeAdapter(dict[str, Weight])
Note = Annotated[str, Field(max_length=MAX_TEXT, pattern=TEXT_PATTERN)]


class SearchIn(StrictModel):
    weights: dict[str, Weight] | None = Field(
        default=None, description="replace the enquiry's weighting for this search"
    )


class ItemIn(StrictModel):
    plot_codes: Annotated[list[Code], Field(min_length=1, max_length=MAX_ITEMS)]
    note: Note | None = None


class ItemPatch(StrictModel):
    note: Note | None = None
    position: Annotated[int, Field(ge=1, le=MAX_ITEMS)] | None = None


def _name(user: CurrentUser) -> str | None:
    return user.name if user else None


@router.post("/search", summary="The site search with the enquiry's needs")
def search(
    id: EnquiryId,  # noqa: A002 - the Contract's name
    conn: ConnectionDep,
    body: SearchIn | None = None,
) -> SearchAnswer:
    weights = body.weights if body else None
    return shortlists.enquiry_search(conn, enquiry_id=id, weights=weights)


@router.get("/shortlist", summary="The shortlist, in its order")
def items(id: EnquiryId, conn: ConnectionDep) -> list[ShortlistItem]:  # noqa: A002
    return shortlists.items(conn, enquiry_id=id)


@router.post(
    "/shortlist",
    status_code=201,
    summary="Add a site (one plot or an assembled group) last",
    responses={409: {"model": ErrorBody, "description": "already on the shortlist, or full"}},
)
def add(
    id: EnquiryId,  # noqa: A002
    body: ItemIn,
    conn: TransactionDep,
    user: CurrentUser,
) -> ShortlistItem:
    return shortlists.add(
        conn, enquiry_id=id, plot_codes=body.plot_codes, note=body.note, by=_name(user)
    )


@router.patch("/shortlist/{item_id}", summary="Change a site's note or move it")
def update(
    id: EnquiryId,  # noqa: A002
    item_id: ItemId,
    body: ItemPatch,
    conn: TransactionDep,
) -> ShortlistItem:
    changes = body.model_dump(exclude_unset=True)
    return shortlists.update(conn, enquiry_id=id, item_id=item_id, changes=changes)


@router.delete("/shortlist/{item_id}", status_code=204, summary="Take a site off")
def remove(id: EnquiryId, item_id: ItemId, conn: TransactionDep) -> Response:  # noqa: A002
    shortlists.remove(conn, enquiry_id=id, item_id=item_id)
    return Response(status_code=204)


@router.get("/compare", summary="Two to five shortlisted sites side by side")
def compare(
    id: EnquiryId,  # noqa: A002
    conn: ConnectionDep,
    items: Annotated[
        str,
        Query(
            pattern=r"^[1-9][0-9]{0,8}(,[1-9][0-9]{0,8}){1,4}$",
            description=f"{COMPARED[0]} to {COMPARED[1]} item ids, comma-separated",
        ),
    ],
    weights: Annotated[
        str | None,
        Query(
            max_length=2000,
            description='the weights of a search to score with, as JSON: {"lease_price": 2}',
        ),
    ] = None,
) -> Comparison:
    ids = [int(i) for i in items.split(",")]
    return shortlists.compare(conn, enquiry_id=id, item_ids=ids, weights=_weights(weights))


def _weights(raw: str | None) -> dict[str, float] | None:
    if raw is None:
        return None
    try:
        return WEIGHTS.validate_json(raw)
    except ValidationError as exc:
        raise InvalidInputError(
            "weights must be a JSON object of criterion -> number from 0", field="weights"
        ) from exc


@router.get(
    "/shortlist.csv",
    summary="The shortlist as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def as_csv(id: EnquiryId, conn: ConnectionDep) -> Response:  # noqa: A002
    return Response(
        shortlists.as_csv(conn, enquiry_id=id),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="shortlist-{id}.csv"'},
    )


@router.get(
    "/shortlist.geojson",
    summary="The shortlist as GeoJSON (WGS 84)",
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
)
def as_geojson(id: EnquiryId, conn: ConnectionDep) -> Response:  # noqa: A002
    return Response(
        json.dumps(shortlists.as_geojson(conn, enquiry_id=id), ensure_ascii=False),
        media_type="application/geo+json",
        headers={"Content-Disposition": f'attachment; filename="shortlist-{id}.geojson"'},
    )


@router.get(
    "/proposal.pdf",
    summary="The shortlist as a bilingual site proposal (PDF)",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the proposal"}},
)
def proposal(id: EnquiryId, conn: ConnectionDep) -> Response:  # noqa: A002
    company = enquiries.get(conn, enquiry_id=id).company
    comparison = shortlists.proposal(conn, enquiry_id=id)
    png = sheet_map.draw_sites(conn, [site.plot_codes for site in comparison.sites])
    conn.close()  # back to the pool before the slow part: printing the PDF
    return Response(
        proposals.render(company=company, comparison=comparison, map_png=png),
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="proposal-{id}.pdf"'},
    )
