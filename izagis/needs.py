"""What an investor's project needs: the site-search request, validated once for every caller
(Python, CLI, API)."""

from __future__ import annotations

import math
from typing import Annotated, Literal, get_args

from pydantic import Field, field_validator, model_validator

from izagis.criteria import CRITERION_NAMES
from izagis.inputs import MAX_CODES, Code, StrictModel
from izagis.value_functions import MAX_BREAKPOINTS, check_breakpoints
from izagis.vocab import ConstraintKind, InfrastructureKind, values
from izagis.vsic import check as check_vsic

# Kinds a maximum distance can be asked for: the infrastructure that sites are near to, and
# "hanoi" (the capital's city feature).
NEARBY_KINDS = tuple(
    k for k in values(InfrastructureKind) if k not in ("water_plant", "wastewater_plant", "city")
)
MAX_DISTANCE_KINDS = (*NEARBY_KINDS, "hanoi")
# Kinds of constraint area a plot can be asked to keep away from.
MIN_DISTANCE_KINDS = values(ConstraintKind)
# Protected land no site may enter unless the request says otherwise.
PROTECTED_KINDS = ("heritage_property", "heritage_buffer", "national_park", "ramsar_wetland")
DEFAULT_MIN_DISTANCE_KM = dict.fromkeys(PROTECTED_KINDS, 0.0)
Availability = Literal["free", "planned", "delayed"]
Method = Literal["weighted_sum", "topsis"]
Normalization = Literal["value_function", "min_max"]
MAX_LIMIT = 1000
MAX_SAMPLES = 5000
MAX_SPREAD = 0.9  # factors stay >= 0.1: no weight vanishes in a sample
MAX_X = 1e9
MAX_WEIGHT = 1e6  # weights are relative; this keeps their sum finite
Km = Annotated[float, Field(ge=0, le=40_000)]
Weight = Annotated[float, Field(ge=0, le=MAX_WEIGHT)]
CriterionName = Annotated[str, Field(json_schema_extra={"enum": list(CRITERION_NAMES)})]
Breakpoint = tuple[
    Annotated[float, Field(ge=-MAX_X, le=MAX_X, description="x, in the criterion's unit")],
    Annotated[float, Field(ge=0, le=1, description="the value at x, 0-1")],
]
Breakpoints = Annotated[list[Breakpoint], Field(min_length=2, max_length=MAX_BREAKPOINTS)]


def _free_only() -> list[Availability]:
    return ["free"]


class AreaRange(StrictModel):
    min: float = Field(gt=0, description="hectares")
    max: float | None = Field(default=None, gt=0, description="hectares")

    @model_validator(mode="after")
    def _ordered(self) -> AreaRange:
        if self.max is not None and self.min > self.max:
            raise ValueError("min is larger than max")
        return self


class AHPInput(StrictModel):
    criteria: list[CriterionName] = Field(min_length=2, max_length=len(CRITERION_NAMES))
    matrix: list[list[float]] = Field(
        max_length=len(CRITERION_NAMES),
        description="Saaty's 1/9..9 scale; 0 marks a missing judgement (completed by Harker's "
        "method; where only one of [i][j] and [j][i] is given, the other is its reciprocal)",
    )

    @model_validator(mode="after")
    def _square(self) -> AHPInput:
        n = len(self.criteria)
        if len(self.matrix) != n or any(len(row) != n for row in self.matrix):
            raise ValueError(f"matrix must be {n} x {n}, one row and column per criterion")
        _check_criteria(self.criteria)
        if len(set(self.criteria)) != n:
            raise ValueError("criteria must not repeat")
        return self


class Robustness(StrictModel):
    """SMAA-2 weight perturbation: each weight times an independent factor uniform in
    [1 - weight_spread, 1 + weight_spread], then renormalised, ``samples`` times."""

    samples: int = Field(default=1000, ge=1, le=MAX_SAMPLES)
    weight_spread: float = Field(default=0.2, ge=0, le=MAX_SPREAD)
    seed: int = Field(default=0, ge=0, le=2**32 - 1, description="the same seed, the same answer")


def _check_criteria(names: list[str]) -> None:
    unknown = [n for n in names if n not in CRITERION_NAMES]
    if unknown:
        raise ValueError(
            f"unknown criteria {', '.join(unknown)}; known: {', '.join(CRITERION_NAMES)}"
        )


def _check_distances(value: dict[str, float], allowed: tuple[str, ...]) -> dict[str, float]:
    for kind, km in value.items():
        if kind not in allowed:
            raise ValueError(f"unknown kind {kind!r}; one of {', '.join(allowed)}")
        if not math.isfinite(km) or km < 0:
            raise ValueError(f"{kind}: distance must be a number >= 0")
    return value


class SiteNeeds(StrictModel):
    """A project's needs. Only ``area_ha`` is required."""

    area_ha: AreaRange
    industry: str | None = Field(
        default=None, pattern=r"^[0-9]{2,5}$", description="VSIC 2018 code (division or finer)"
    )
    jobs: int | None = Field(
        default=None, ge=0, le=10_000_000, description="workers planned (for the cost estimate)"
    )
    max_lease_price_usd_m2: float | None = Field(default=None, ge=0)
    power_mva: float | None = Field(default=None, ge=0)
    water_m3_day: float | None = Field(default=None, ge=0)
    wastewater_m3_day: float | None = Field(default=None, ge=0)
    max_distance_km: dict[str, Km] = Field(
        default_factory=dict,
        max_length=len(MAX_DISTANCE_KINDS),
        json_schema_extra={"propertyNames": {"enum": list(MAX_DISTANCE_KINDS)}},
    )
    min_distance_km: dict[str, Km] = Field(
        default_factory=dict,
        max_length=len(MIN_DISTANCE_KINDS),
        json_schema_extra={"propertyNames": {"enum": list(MIN_DISTANCE_KINDS)}},
    )
    availability: list[Availability] = Field(
        default_factory=_free_only, min_length=1, max_length=len(get_args(Availability))
    )
    leasable_by: int | None = Field(
        default=None, ge=1990, le=2100, description="planned land only if leasable by this year"
    )
    zones: list[Code] | None = Field(default=None, min_length=1, max_length=MAX_CODES)
    exclude_zones: list[Code] = Field(default_factory=list, max_length=MAX_CODES)
    allow_assembly: bool = True
    method: Method = "weighted_sum"
    weights: dict[str, Weight] | None = Field(
        default=None,
        min_length=1,
        max_length=len(CRITERION_NAMES),
        json_schema_extra={"propertyNames": {"enum": list(CRITERION_NAMES)}},
    )
    ahp: AHPInput | None = None
    normalization: Normalization = Field(
        default="value_function",
        description="value_function: each criterion's fixed 0-1 function of its own unit (a "
        "site's score does not depend on the other sites); min_max: rescaled to the sites "
        "that pass",
    )
    value_functions: dict[str, Breakpoints] = Field(
        default_factory=dict,
        max_length=len(CRITERION_NAMES),
        json_schema_extra={"propertyNames": {"enum": list(CRITERION_NAMES)}},
        description="criterion -> [[x, value], ...], x strictly ascending, linear between the "
        "breakpoints and flat outside; replaces that criterion's default function",
    )
    robustness: Robustness | None = None
    max_per_zone: int | None = Field(
        default=None, ge=1, le=MAX_LIMIT, description="at most this many sites of one zone"
    )
    group_by_zone: bool = Field(
        default=False, description="the best site of each zone first, then the rest"
    )
    limit: int = Field(default=20, ge=1, le=MAX_LIMIT)

    @field_validator("industry")
    @classmethod
    def _known_industry(cls, value: str | None) -> str | None:
        return None if value is None else check_vsic(value)

    @field_validator("max_distance_km")
    @classmethod
    def _max_kinds(cls, value: dict[str, float]) -> dict[str, float]:
        return _check_distances(value, MAX_DISTANCE_KINDS)

    @field_validator("min_distance_km")
    @classmethod
    def _min_kinds(cls, value: dict[str, float]) -> dict[str, float]:
        return _check_distances(value, MIN_DISTANCE_KINDS)

    @field_validator("availability", "zones", "exclude_zones")
    @classmethod
    def _once_each(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else list(dict.fromkeys(value))

    @field_validator("weights")
    @classmethod
    def _weights(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        if value is None:
            return None
        _check_criteria(list(value))
        if any(not 0 <= w <= MAX_WEIGHT for w in value.values()):
            raise ValueError(f"weights must be between 0 and {MAX_WEIGHT:g}")
        if value and not any(w > 0 for w in value.values()):
            raise ValueError("at least one weight must be above zero")
        return value

    @field_validator("value_functions")
    @classmethod
    def _value_functions(
        cls, value: dict[str, list[tuple[float, float]]]
    ) -> dict[str, list[tuple[float, float]]]:
        _check_criteria(list(value))
        for name, points in value.items():
            why = check_breakpoints(points)
            if why is not None:
                raise ValueError(f"{name}: {why}")
        return value

    @model_validator(mode="after")
    def _one_weighting(self) -> SiteNeeds:
        if self.weights is not None and self.ahp is not None:
            raise ValueError("give either weights or ahp, not both")
        if self.value_functions and self.normalization != "value_function":
            raise ValueError("value_functions apply only with normalization value_function")
        return self

    def wanted_ha(self) -> float:
        """The area a site should have: the middle of the range, or its minimum."""
        return (self.area_ha.min + self.area_ha.max) / 2 if self.area_ha.max else self.area_ha.min

    def protected_distances(self) -> dict[str, float]:
        """The minimum distances that apply: the defaults, overridden by the request."""
        return {**DEFAULT_MIN_DISTANCE_KM, **self.min_distance_km}
