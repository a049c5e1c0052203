"""Site search: the investor's needs in, ranked and explained sites out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from api.deps import ConnectionDep
from api.limits import rate_limit
from izagis.answers import SearchAnswer
from izagis.costs import (
    MAX_PLOTS,
    LabourCost,
    SiteCost,
    SitesIn,
    labour_cost,
    site_cost,
    site_costs,
)
from izagis.incentives import Incentive, incentives
from izagis.needs import SiteNeeds
from izagis.search import site_search
from izagis.vsic import Industry, industries

router = APIRouter(prefix="/api/v1", tags=["site search"])


@router.post(
    "/site-search",
    summary="Rank sites against a project's needs, with reasons",
    response_model=SearchAnswer,
    dependencies=[Depends(rate_limit("search", lambda s: s.search_per_minute))],
    responses={429: {"description": "too many searches from this address (Retry-After)"}},
)
def search(needs: SiteNeeds, conn: ConnectionDep) -> SearchAnswer:
    return site_search(conn, needs)


@router.get(
    "/industries",
    summary="The VSIC 2018 industries site search takes: every division and listed classes",
    response_model=list[Industry],
)
def industry_list(response: Response) -> list[Industry]:
    """Titles in Vietnamese and English (empty where no source was found) and izagis's own
    search words; the same for everyone, so browsers may keep it a day."""
    response.headers["Cache-Control"] = "public, max-age=86400"
    return list(industries().values())


@router.get(
    "/labour-cost",
    summary="A year's minimum wages of the workers planned (Decree 293/2025/NĐ-CP), lowest to "
    "highest region",
)
def labour(
    jobs: Annotated[int, Query(ge=0, le=10_000_000, description="workers planned")],
) -> LabourCost:
    return labour_cost(jobs)


# Plot codes (as izagis.inputs.CODE_PATTERN, without commas), comma-separated: "GK-065,GK-066".
_CODE = r"[^,\u0000-\u001f\u007f]{1,64}"
PLOT_LIST = rf"^{_CODE}(,{_CODE})*$"


@router.get(
    "/cost-estimate",
    summary="A site's land lease, yearly service fees and the labour of the jobs stated",
    responses={404: {"description": "no plot with one of the codes"}},
)
def cost_estimate(
    conn: ConnectionDep,
    plots: Annotated[
        str,
        Query(
            pattern=PLOT_LIST,
            max_length=MAX_PLOTS * 65,
            description="the site's plot codes, comma-separated, all in one zone",
        ),
    ],
    jobs: Annotated[int | None, Query(ge=0, le=10_000_000, description="workers planned")] = None,
) -> SiteCost:
    """Every figure names its source; the service fees are illustrative."""
    return site_cost(conn, plots.split(","), jobs)


@router.post(
    "/cost-estimates",
    summary="Several sites' land lease and yearly service fees at once (a page of results)",
    responses={404: {"description": "no plot with one of the codes"}},
)
def cost_estimates(conn: ConnectionDep, body: SitesIn) -> list[SiteCost]:
    """The same as ``GET /cost-estimate`` for each site, in the order sent."""
    return site_costs(conn, body.sites)


@router.get(
    "/incentives",
    summary="Investment incentives (corporate income tax, land rent), each with its "
    "condition and legal basis",
)
def incentive_list(response: Response) -> list[Incentive]:
    response.headers["Cache-Control"] = "public, max-age=86400"
    return list(incentives())
