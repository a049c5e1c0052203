"""Scoring of site search: the weights (given, from an AHP matrix, or the industry's
profile), the criteria's values turned into 0-1 values (value functions by default, min-max as
an option), the ranking method, the order of the candidates, its sensitivity to the weights,
and each candidate's explanation.

Under value functions the weighted sum is absolute: a site's score is a function of its own
values only. Min-max normalisation and TOPSIS (closeness to the best and worst of the sites that
passed) are relative: a score may change when other sites are added or removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from izagis import mcda, value_functions
from izagis.criteria import CRITERIA, CRITERION_NAMES, default_weights
from izagis.errors import InvalidInputError
from izagis.needs import SiteNeeds
from izagis.value_functions import ValueFunction

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]
DIRECTIONS: Final = [c.direction for c in CRITERIA]

SCORE_BASIS: Final = {
    ("value_function", "weighted_sum"): (
        False,
        "Absolute: each criterion's value comes from a fixed function of its own unit, so a "
        "site's score does not depend on the other sites and means the same in every search.",
    ),
    ("value_function", "topsis"): (
        True,
        "Relative: TOPSIS scores a site by its closeness to the best and worst values among "
        "the sites that passed, so a score changes when other sites are added or removed.",
    ),
    ("min_max", "weighted_sum"): (
        True,
        "Relative: min-max normalisation rescales each criterion to the sites that passed, so "
        "a score changes when other sites are added or removed.",
    ),
    ("min_max", "topsis"): (
        True,
        "Relative: TOPSIS scores a site by its closeness to the best and worst values among "
        "the sites that passed, so a score changes when other sites are added or removed.",
    ),
}


def resolve_weights(needs: SiteNeeds) -> tuple[FloatArray, dict[str, Any] | None]:
    """The weight vector in ``CRITERIA`` order, and the AHP report when AHP made it."""
    if needs.ahp is not None:
        try:
            result = mcda.ahp_weights(
                np.array(needs.ahp.matrix, dtype=float), names=needs.ahp.criteria
            )
        except mcda.MCDAError as exc:
            raise InvalidInputError(str(exc), field="ahp.matrix") from exc
        names = needs.ahp.criteria
        given = dict(zip(names, result.weights.tolist(), strict=True))
        report = {
            "lambda_max": round(result.lambda_max, 4),
            "ci": round(result.ci, 4),
            "cr": round(result.cr, 4),
            "completed": [
                {"row": names[i], "column": names[j], "value": round(v, 4)}
                for i, j, v in result.completed
            ],
        }
    else:
        given = needs.weights if needs.weights is not None else default_weights(needs.industry)
        report = None
    raw = np.array([given.get(name, 0.0) for name in CRITERION_NAMES], dtype=float)
    try:
        return mcda.normalize_weights(raw), report
    except mcda.MCDAError as exc:
        raise InvalidInputError(str(exc), field="weights") from exc


def tiebreak_order(values: FloatArray, weights: FloatArray) -> IntArray:
    """An order of the candidates that respects dominance and no other candidate: by the
    criteria in order of weight (heaviest first), the better value first, a missing value
    last. Candidates put in this order before ranking break score ties by it, so a site that
    dominates another never ranks below it, even where value functions are flat."""
    oriented = np.where([d == "benefit" for d in DIRECTIONS], values, -values)
    oriented = np.nan_to_num(oriented, nan=-np.inf)
    heaviest_first = np.argsort(-weights, kind="stable")
    keys = [-oriented[:, j] for j in heaviest_first[::-1]]
    return np.lexsort(keys) if keys and len(values) else np.arange(len(values))


def fill_worst(values: FloatArray) -> FloatArray:
    """Min-max's treatment of a missing value: the worst one seen (0 if none is)."""
    matrix = values.copy()
    for j, criterion in enumerate(CRITERIA):
        col = matrix[:, j]
        if np.isnan(col).any():
            worst = np.nanmax(col) if criterion.direction == "cost" else np.nanmin(col)
            col[np.isnan(col)] = 0.0 if np.isnan(worst) else worst
    return matrix


@dataclass(frozen=True)
class Scored:
    """A ranking and what explains it."""

    method: str
    ranking: mcda.Ranking
    matrix: FloatArray  # what the method ranks
    directions: list[str]  # of ``matrix``
    prenormalized: bool  # whether ``matrix`` holds 0-1 values (value functions)
    normalized: FloatArray  # the 0-1 values reported
    reported: FloatArray  # the values reported, in each criterion's unit
    missing: BoolArray
    functions: list[ValueFunction] | None
    order: IntArray  # every candidate, best first

    def smaa_matrix(self) -> FloatArray:
        """What SMAA scores: 0-1 values for the weighted sum, the ranked values for TOPSIS."""
        return self.matrix if self.method == "topsis" else self.ranking.normalized


def score(values: FloatArray, weights: FloatArray, needs: SiteNeeds) -> Scored:
    """Rank candidates whose raw criteria ``values`` (NaN where missing) are in the order the
    ties are to be broken in (``tiebreak_order``)."""
    missing = np.isnan(values)
    functions = None
    if needs.normalization == "value_function":
        functions = value_functions.resolve(needs.value_functions, needs.wanted_ha())
        matrix = value_functions.apply(functions, values)
        directions = ["benefit"] * len(CRITERIA)
        reported = np.where(missing, 0.0, values)
    else:
        matrix = fill_worst(values)
        directions = list(DIRECTIONS)
        reported = matrix
    prenormalized = functions is not None
    try:
        if needs.method == "topsis":
            ranking = mcda.topsis(matrix, directions, weights)
        elif prenormalized:
            ranking = mcda.weighted_sum_of_values(matrix, weights)
        else:
            ranking = mcda.weighted_sum(matrix, directions, weights)
    except mcda.MCDAError as exc:
        raise InvalidInputError(str(exc), field="weights") from exc
    normalized = matrix if prenormalized else ranking.normalized
    order = np.lexsort((np.arange(len(values)), -ranking.scores))
    return Scored(
        method=needs.method,
        ranking=ranking,
        matrix=matrix,
        directions=directions,
        prenormalized=prenormalized,
        normalized=normalized,
        reported=reported,
        missing=missing,
        functions=functions,
        order=order,
    )


def _pct(fraction: float | None, scale: float) -> float | None:
    return None if fraction is None else round(scale * fraction, 2)


def sensitivity(
    scored: Scored, weights: FloatArray, codes: list[list[str]]
) -> list[dict[str, Any]]:
    """For each weighted criterion, by how many percent its weight may fall or rise before
    first place changes, and to which site."""
    if len(codes) < 2:
        return []
    rows = mcda.weight_sensitivity(
        scored.matrix,
        scored.directions,
        weights,
        scored.method,  # type: ignore[arg-type]
        prenormalized=scored.prenormalized,
    )
    out = []
    for row in rows:
        j = row["criterion_index"]
        if weights[j] == 0:
            continue
        dec, inc = row["new_leader_index_on_decrease"], row["new_leader_index_on_increase"]
        out.append(
            {
                "criterion": CRITERION_NAMES[j],
                "weight": round(float(weights[j]), 6),
                "max_decrease_pct": _pct(row["decrease"], -100),
                "max_increase_pct": _pct(row["increase"], 100),
                "leader_on_decrease": None if dec is None else codes[dec],
                "leader_on_increase": None if inc is None else codes[inc],
            }
        )
    return out


def breakdown(scored: Scored, i: int) -> dict[str, dict[str, Any]]:
    """Candidate ``i``'s explanation: per criterion its value, the function that valued it,
    the 0-1 value, the weight and the contribution."""
    ranking = scored.ranking
    return {
        c.name: {
            "value": round(float(scored.reported[i, j]), 4),
            "unit": c.unit,
            "direction": c.direction,
            "normalized": round(float(scored.normalized[i, j]), 6),
            "weight": round(float(ranking.weights[j]), 6),
            "contribution": float(ranking.contributions[i, j]),
            "value_function": None
            if scored.functions is None
            else scored.functions[j].breakpoints(),
            "missing": bool(scored.missing[i, j]),
        }
        for j, c in enumerate(CRITERIA)
    }
