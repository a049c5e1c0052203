"""What planners record: the year's KPIs against their targets, and saved proposals (named,
versioned, compared two at a time, printed). Planner or admin role, like the analytics."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import Field

from api.auth import CurrentUser, TransactionDep, require_role
from api.deps import CodeQuery, ConnectionDep, Plain
from api.errors import ErrorBody
from api.routes.planning import SIGNED_IN
from izagis import kpis, proposal_store, sheet_map
from izagis.inputs import MAX_TEXT, TEXT_PATTERN, StrictModel
from izagis.kpis import Kpi, KpiIn, KpiReport
from izagis.proposal_store import (
    SIDE_PATTERN,
    Comparison,
    ProposalDetail,
    ProposalSummary,
    Version,
)
from izagis.proposals import ProposalIn
from izagis.vocab import Role
from web import proposals as proposal_pdf

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "no such proposal or version"}
}
kpi_router = APIRouter(
    prefix="/api/v1/planning",
    tags=["planning"],
    dependencies=[Depends(require_role(Role.PLANNER))],
    responses=SIGNED_IN,
)
saved_router = APIRouter(
    prefix="/api/v1/proposals",
    tags=["planning"],
    dependencies=[Depends(require_role(Role.PLANNER))],
    responses={**SIGNED_IN, **NOT_FOUND},
)
ProposalId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Name = Annotated[str, Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)]
Note = Annotated[str, Field(max_length=MAX_TEXT, pattern=TEXT_PATTERN)]
Side = Annotated[
    str, Query(pattern=SIDE_PATTERN, description="a proposal id (its latest version) or id:version")
]


class ProposalSaveIn(StrictModel):
    name: Name
    geometry: ProposalIn = Field(
        description="a GeoJSON Polygon or MultiPolygon, or a Feature of one, in WGS 84"
    )
    note: Note | None = None


class VersionIn(StrictModel):
    geometry: ProposalIn = Field(
        description="a GeoJSON Polygon or MultiPolygon, or a Feature of one, in WGS 84"
    )
    note: Note | None = None


def _name(user: CurrentUser) -> str | None:
    return user.name if user else None


@kpi_router.get("/kpis", summary="The year's KPIs against their targets, with the gaps")
def planning_kpis(
    conn: ConnectionDep,
    year: Annotated[
        int | None,
        Query(ge=2000, le=2100, description="default: the latest year with a target"),
        Plain,
    ] = None,
    zone: CodeQuery = None,
) -> KpiReport:
    return kpis.report(conn, year=year, zone=zone)


@kpi_router.put("/kpis", summary="Record a KPI's actual and/or target for a zone or the province")
def record_kpi(body: KpiIn, conn: TransactionDep, user: CurrentUser) -> Kpi:
    return kpis.record(conn, body, by=_name(user))


@saved_router.get("", summary="Saved proposals, each with its latest version")
def list_proposals(conn: ConnectionDep) -> list[ProposalSummary]:
    return proposal_store.listing(conn)


@saved_router.post("", status_code=201, summary="Save a named proposal: its version 1, checked")
def save_proposal(body: ProposalSaveIn, conn: TransactionDep, user: CurrentUser) -> ProposalDetail:
    return proposal_store.save(
        conn, name=body.name, boundary=body.geometry, note=body.note, by=_name(user)
    )


@saved_router.get(
    "/compare", summary="Two versions (of one proposal or two) side by side, and their difference"
)
def compare_proposals(conn: ConnectionDep, a: Side, b: Side) -> Comparison:
    return proposal_store.compare(conn, a, b)


@saved_router.get("/{id}", summary="A saved proposal with every version")
def get_proposal(id: ProposalId, conn: ConnectionDep) -> ProposalDetail:  # noqa: A002
    return proposal_store.get(conn, id)


@saved_router.post(
    "/{id}/versions", status_code=201, summary="A new version of a proposal, checked"
)
def add_version(
    id: ProposalId,  # noqa: A002
    body: VersionIn,
    conn: TransactionDep,
    user: CurrentUser,
) -> Version:
    return proposal_store.add_version(
        conn, id, boundary=body.geometry, note=body.note, by=_name(user)
    )


@saved_router.get(
    "/{id}/report.pdf",
    summary="A proposal's version as PDF: map, area, overlaps, distances, rules",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "the report"}},
)
def proposal_report(
    id: ProposalId,  # noqa: A002
    conn: ConnectionDep,
    version: Annotated[
        int | None, Query(ge=1, le=999_999, description="default: the latest"), Plain
    ] = None,
) -> Response:
    chosen = proposal_store.version_of(conn, id, version)
    versions = len(proposal_store.get(conn, id).versions)
    png = sheet_map.draw_boundary(conn, json.dumps(chosen.geometry))
    conn.close()  # back to the pool before the slow part: printing the PDF
    return Response(
        proposal_pdf.render_boundary(version=chosen, versions=versions, map_png=png),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="proposal-{id}-v{chosen.version}.pdf"'
        },
    )
