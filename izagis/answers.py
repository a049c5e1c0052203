"""The core's typed answers: what the registry, the statistics and the site search return.

The API uses these very models as its response models, so a shape is declared once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel

from izagis.vocab import ProjectKind, ProjectStatus


class Health(BaseModel):
    status: Literal["ok"]
    postgresql: str
    postgis: str


class ProjectPublic(BaseModel):
    code: str
    zone_code: str
    kind: ProjectKind
    name: str
    investor: str
    country: str
    is_fdi: bool
    capital_vnd_bn: float
    capital_usd_m: float | None
    vsic: str | None
    status: ProjectStatus
    workers_vn: int
    workers_foreign: int
    certificate_date: dt.date | None
    plot_codes: list[str]


class ProjectPage(BaseModel):
    numberMatched: int  # the OGC API paging names, as in the GeoJSON layers
    numberReturned: int
    items: list[ProjectPublic]


class KindCounts(BaseModel):
    infrastructure: int
    secondary: int


class FDI(BaseModel):
    projects: int
    registered_capital_usd_m: float
    registered_capital_vnd_bn: float


class StatusShare(BaseModel):
    projects: int
    share_pct: float | None


class Workers(BaseModel):
    total: int
    foreign: int


class Totals(BaseModel):
    projects: int
    registered_capital_vnd_bn: float
    by_kind: KindCounts
    fdi: FDI
    by_status: dict[ProjectStatus, StatusShare]
    workers: Workers


class ZoneTotals(Totals):
    zone_code: str


class EventTotals(BaseModel):
    events: int
    projects: int
    amount_vnd_bn: float
    amount_usd_m: float


class Activity(BaseModel):
    year: int
    certificate_issued: EventTotals
    certificate_adjusted: EventTotals
    capital_increase: EventTotals
    building_permit: EventTotals
    construction_start: EventTotals
    supervision: EventTotals
    certificate_adjustments: int
    new_and_increased_capital_vnd_bn: float


class Stats(Totals):
    zones: list[ZoneTotals]
    activity: Activity | None


class CriterionBreakdown(BaseModel):
    value: float
    unit: str
    direction: Literal["benefit", "cost"]
    normalized: float
    weight: float
    contribution: float


class Candidate(BaseModel):
    rank: int
    score: float
    plot_codes: list[str]
    zone_code: str
    area_ha: float
    assembled: bool
    status: str
    leasable_year: int | None
    geometry: dict[str, Any]
    criteria: dict[str, CriterionBreakdown]


class Sensitivity(BaseModel):
    criterion: str
    weight: float
    max_decrease_pct: float | None
    max_increase_pct: float | None
    leader_on_decrease: list[str] | None
    leader_on_increase: list[str] | None


class AHPReport(BaseModel):
    lambda_max: float
    ci: float
    cr: float


class SearchAnswer(BaseModel):
    method: Literal["weighted_sum", "topsis"]
    profile: str
    weights: dict[str, float]
    ahp: AHPReport | None
    considered: int
    passed: int
    excluded: dict[str, int]
    candidates: list[Candidate]
    sensitivity: list[Sensitivity]
