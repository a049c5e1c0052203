"""What a site costs: its land lease (area times the zone's price, for the zone's term), the
zone's yearly service fees (``izagis/data/service_fees.csv``, ILLUSTRATIVE: no zone's fees are
published) and, for the workers planned, a year of the regional minimum wage
(``izagis/data/minimum_wage.csv``, Decree 293/2025/NĐ-CP). Which region a site is in is not on
file, so the wages are the range from the lowest region to the highest, wages alone (no social
insurance or the like). Where the figures come from is in ``izagis/data/README.md``."""

from __future__ import annotations

import csv
import datetime as dt
from functools import cache
from importlib import resources
from typing import Annotated, Any, Final, get_args

from pydantic import BaseModel, Field
from sqlalchemy import Connection, Row, text

from izagis.errors import InvalidInputError, NotFoundError
from izagis.inputs import Code, StrictModel
from izagis.needs import Availability
from izagis.vocab import LEASABLE_LAND_USES

# Said with every estimate (izagis/data/README.md: where the rates were read).
SOURCE: Final = "Decree 293/2025/NĐ-CP (rates from 1 January 2026)"
LEASE_SOURCE: Final = (
    "the zone's lease price in the registry, USD per m² for the whole term (in the shipped "
    "Ninh Bình dataset the prices are illustrative: geodata/README.md)"
)
FEE_SOURCE: Final = (
    "ILLUSTRATIVE: the zones' service fees are not published; izagis ships a made-up figure "
    "per zone (izagis/data/service_fees.csv)"
)
MONTHS: Final = 12
MAX_PLOTS: Final = 50
MAX_SITES: Final = 100  # a page of results, and then some


class RegionWage(BaseModel):
    region: str
    vnd_month: int
    vnd_hour: int


class LabourCost(BaseModel):
    jobs: int
    months: int
    low_vnd: int  # every worker at the lowest region's monthly minimum, for a year
    high_vnd: int  # at the highest region's
    wages: list[RegionWage]
    source: str


class SiteCost(BaseModel):
    """A site's costs; a figure the zone lacks is null, and the total with it."""

    plot_codes: list[str]
    zone_code: str
    area_m2: float
    lease_price_usd_m2: float | None
    lease_term_end: dt.date | None
    lease_usd: float | None = Field(description="area times the price, for the whole term")
    lease_source: str
    service_fee_usd_m2_year: float | None
    service_fees_usd_year: float | None = Field(description="area times the fee, each year")
    service_fee_source: str
    first_year_usd: float | None = Field(description="the lease plus the first year's service fees")
    labour: LabourCost | None = Field(description="a year's minimum wages of the jobs stated")


@cache
def minimum_wages() -> tuple[RegionWage, ...]:
    """The four regions' minimum wages, region I first."""
    text_ = (resources.files("izagis") / "data" / "minimum_wage.csv").read_text(encoding="utf-8")
    return tuple(
        RegionWage(region=r["region"], vnd_month=int(r["vnd_month"]), vnd_hour=int(r["vnd_hour"]))
        for r in csv.DictReader(text_.splitlines())
    )


@cache
def service_fees() -> dict[str, float]:
    """USD per m² a year by zone code (illustrative); a zone not listed has none on file."""
    text_ = (resources.files("izagis") / "data" / "service_fees.csv").read_text(encoding="utf-8")
    return {r["zone_code"]: float(r["usd_m2_year"]) for r in csv.DictReader(text_.splitlines())}


def labour_cost(jobs: int) -> LabourCost:
    """A year's minimum wages of ``jobs`` workers, from the lowest region to the highest."""
    monthly = [w.vnd_month for w in minimum_wages()]
    return LabourCost(
        jobs=jobs,
        months=MONTHS,
        low_vnd=jobs * min(monthly) * MONTHS,
        high_vnd=jobs * max(monthly) * MONTHS,
        wages=list(minimum_wages()),
        source=SOURCE,
    )


def _times(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(a * b, 2)


def offered(plot: dict[str, Any]) -> bool:
    """Whether a plot (its public properties) is land an investor could lease: what a cost
    estimate is for (not roads, green or utility land, nor land already taken)."""
    return plot["land_use"] in LEASABLE_LAND_USES and plot["status"] in get_args(Availability)


class SitesIn(StrictModel):
    """Several sites to estimate at once (a page of search results), each its plot codes."""

    sites: Annotated[
        list[Annotated[list[Code], Field(min_length=1, max_length=MAX_PLOTS)]],
        Field(min_length=1, max_length=MAX_SITES),
    ]


def _plots(conn: Connection, codes: list[str]) -> dict[str, Row[Any]]:
    """The plots of ``codes`` with what their costs need, by code."""
    rows = conn.execute(
        text(
            "SELECT p.code, z.code AS zone, p.area_m2, z.lease_price_usd_m2::float8 AS price, "
            "z.lease_term_end FROM plots p JOIN zones z ON z.id = p.zone_id "
            "WHERE p.code = ANY(:codes)"
        ),
        {"codes": codes},
    ).all()
    return {r.code: r for r in rows}


def site_cost(conn: Connection, plot_codes: list[str], jobs: int | None = None) -> SiteCost:
    """The costs of the site made of ``plot_codes`` (one zone's plots)."""
    return _site_cost(plot_codes, _plots(conn, list(dict.fromkeys(plot_codes))), jobs)


def site_costs(conn: Connection, sites: list[list[str]]) -> list[SiteCost]:
    """``site_cost`` of each of ``sites``, their plots read in one query."""
    found = _plots(conn, list(dict.fromkeys(code for site in sites for code in site)))
    return [_site_cost(site, found, None) for site in sites]


def _site_cost(plot_codes: list[str], found: dict[str, Row[Any]], jobs: int | None) -> SiteCost:
    codes = list(dict.fromkeys(plot_codes))
    if not 1 <= len(codes) <= MAX_PLOTS:
        raise InvalidInputError(f"a site has 1 to {MAX_PLOTS} plots", field="plots")
    missing = sorted(set(codes) - set(found))
    if missing:
        raise NotFoundError(f"no plot with code {missing[0]!r}")
    rows = [found[code] for code in codes]
    zones = sorted({r.zone for r in rows})
    if len(zones) > 1:
        raise InvalidInputError(
            f"a site lies in one zone, not in {', '.join(zones)}", field="plots"
        )
    first = rows[0]
    area = round(sum(r.area_m2 for r in rows), 1)
    fee = service_fees().get(first.zone)
    lease, fees = _times(area, first.price), _times(area, fee)
    return SiteCost(
        plot_codes=codes,
        zone_code=first.zone,
        area_m2=area,
        lease_price_usd_m2=first.price,
        lease_term_end=first.lease_term_end,
        lease_usd=lease,
        lease_source=LEASE_SOURCE,
        service_fee_usd_m2_year=fee,
        service_fees_usd_year=fees,
        service_fee_source=FEE_SOURCE,
        first_year_usd=None if lease is None or fees is None else round(lease + fees, 2),
        labour=None if jobs is None else labour_cost(jobs),
    )
