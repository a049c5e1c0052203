"""What a project's workers cost at least: the workers planned times the regional minimum
wage (``izagis/data/minimum_wage.csv``, Decree 74/2024/NĐ-CP; where the figures come from is
in ``izagis/data/README.md``). Which region a site is in is not on file, so the estimate is the
range from the lowest region to the highest; wages alone, no social insurance or the like."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import Final

from pydantic import BaseModel

# Probably superseded on 1 January 2026 (izagis/data/README.md): said with every estimate.
SOURCE: Final = "Decree 74/2024/NĐ-CP (rates from 1 July 2024; later rates not on file)"
MONTHS: Final = 12


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


@cache
def minimum_wages() -> tuple[RegionWage, ...]:
    """The four regions' minimum wages, region I first."""
    text = (resources.files("izagis") / "data" / "minimum_wage.csv").read_text(encoding="utf-8")
    return tuple(
        RegionWage(region=r["region"], vnd_month=int(r["vnd_month"]), vnd_hour=int(r["vnd_hour"]))
        for r in csv.DictReader(text.splitlines())
    )


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
