"""The core's typed answers: what the registry, the statistics and the site search return.

The API uses these very models as its response models, so a shape is declared once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, Field

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
    value: float = Field(description="in ``unit``; 0 when ``missing``")
    unit: str
    direction: Literal["benefit", "cost"]
    normalized: float = Field(description="0-1, 1 best: the value function's output")
    weight: float
    contribution: float
    value_function: list[list[float]] | None = Field(
        default=None,
        description="the breakpoints [x, value] used (linear between, flat outside); None "
        "under min_max normalisation",
    )
    missing: bool = Field(default=False, description="no value on file")


class CandidatePhase(BaseModel):
    code: str
    name_vi: str
    name_en: str
    status: str = Field(description="a zone status: planned and proposed phases open later")
    leasable_from: int | None = Field(description="the first year its land can be leased")
    whole_zone: bool = Field(description="the zone's only phase: the zone as a whole")


class Candidate(BaseModel):
    rank: int = Field(description="place in the ranking of every site that passed")
    score: float
    plot_codes: list[str]
    zone_code: str
    area_ha: float
    assembled: bool
    status: str
    leasable_year: int | None
    geometry: dict[str, Any]
    criteria: dict[str, CriterionBreakdown]
    rank_acceptability: list[float] | None = Field(
        default=None,
        description="share of the robustness samples in which the site takes rank 1, 2, ... "
        "(rank 1 first; ranks beyond the list never happen or are not reported)",
    )
    top3_probability: float | None = Field(
        default=None, description="share of the robustness samples with the site in the top 3"
    )
    phase: CandidatePhase | None = Field(
        default=None,
        description="the zone phase the site lies in (across phases: the one opening last)",
    )


class Sensitivity(BaseModel):
    criterion: str
    weight: float
    max_decrease_pct: float | None
    max_increase_pct: float | None
    leader_on_decrease: list[str] | None
    leader_on_increase: list[str] | None


class CompletedJudgement(BaseModel):
    row: str
    column: str
    value: float


class AHPReport(BaseModel):
    lambda_max: float
    ci: float
    cr: float
    completed: list[CompletedJudgement] = Field(
        default_factory=list, description="missing judgements completed by Harker's method"
    )


class RobustnessReport(BaseModel):
    samples: int = Field(description="samples drawn (fewer than asked only above the work cap)")
    weight_spread: float
    seed: int
    ranks_reported: int = Field(description="the length of each rank_acceptability list")


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
    normalization: Literal["value_function", "min_max"] = "value_function"
    relative_scores: bool = Field(
        default=False, description="whether a score depends on the other sites that passed"
    )
    score_basis: str = Field(default="", description="what a score means, in a sentence")
    held_back: int = Field(
        default=0, description="sites that passed but were held back by max_per_zone"
    )
    robustness: RobustnessReport | None = None
