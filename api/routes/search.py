"""Site search: the investor's needs in, ranked and explained sites out."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ConnectionDep
from izagis.answers import SearchAnswer
from izagis.needs import SiteNeeds
from izagis.search import site_search

router = APIRouter(prefix="/api/v1", tags=["site search"])


@router.post(
    "/site-search",
    summary="Rank sites against a project's needs, with reasons",
    response_model=SearchAnswer,
)
def search(needs: SiteNeeds, conn: ConnectionDep) -> SearchAnswer:
    return site_search(conn, needs)
