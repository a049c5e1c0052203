"""Multi-criteria decision analysis: weighted sum, TOPSIS, AHP weights and weight sensitivity.

Everything is vectorised over alternatives, so a million candidate sites with a dozen
criteria are ranked with a handful of whole-array numpy operations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypedDict

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
Direction = Literal["benefit", "cost"]
Method = Literal["weighted_sum", "topsis"]

# Saaty's random consistency index by matrix order.
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
# Relative tolerance of the reciprocity check: accepts 1/3 written as 0.333 or 0.33.
RECIPROCAL_RTOL = 1e-2


class MCDAError(ValueError):
    """Invalid input to a decision analysis; the message is meant for the end user."""


@dataclass(frozen=True)
class Criterion:
    name: str
    unit: str
    direction: Direction

    def __post_init__(self) -> None:
        if self.direction not in ("benefit", "cost"):
            raise MCDAError(
                f"criterion {self.name!r}: direction must be 'benefit' or 'cost', "
                f"got {self.direction!r}"
            )


@dataclass(frozen=True)
class Ranking:
    """Result of a ranking method.

    ``normalized`` is the min-max value oriented so 1 is best for ``weighted_sum``, and the raw
    vector-normalised value ``x / sqrt(sum x**2)`` (not oriented) for ``topsis``.
    """

    scores: FloatArray
    normalized: FloatArray
    contributions: FloatArray
    weights: FloatArray


@dataclass(frozen=True)
class AHPResult:
    weights: FloatArray
    lambda_max: float
    ci: float
    cr: float
    # Judgements that were missing, as (row, column, value w_row / w_column), row < column.
    completed: tuple[tuple[int, int, float], ...] = ()


class WeightSensitivity(TypedDict):
    criterion_index: int
    decrease: float | None
    increase: float | None
    new_leader_index_on_decrease: int | None
    new_leader_index_on_increase: int | None


def normalize_weights(weights: npt.ArrayLike) -> FloatArray:
    """Scale non-negative weights to sum 1."""
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or w.size == 0:
        raise MCDAError("weights must be a non-empty list with one weight per criterion")
    if not np.isfinite(w).all():
        bad = int(np.flatnonzero(~np.isfinite(w))[0])
        raise MCDAError(f"weight of criterion {bad} is not a finite number")
    if (w < 0).any():
        bad = int(np.flatnonzero(w < 0)[0])
        raise MCDAError(f"weight of criterion {bad} is negative ({w[bad]:g}); weights must be >= 0")
    total = w.sum()
    if total <= 0:
        raise MCDAError("all weights are zero; give at least one criterion a positive weight")
    return w / total


def _validate(
    values: npt.ArrayLike, directions: Sequence[str], weights: npt.ArrayLike
) -> tuple[FloatArray, npt.NDArray[np.bool_], FloatArray]:
    """Return values as float (n, m), a benefit mask (m,) and weights normalised to sum 1."""
    x = np.asarray(values, dtype=np.float64)
    if x.ndim != 2:
        raise MCDAError(
            f"values must be a 2-D table (alternatives x criteria), got {x.ndim} dimension(s)"
        )
    m = x.shape[1]
    dirs = list(directions)
    if len(dirs) != m:
        raise MCDAError(f"got {len(dirs)} directions for {m} criteria")
    for j, d in enumerate(dirs):
        if d not in ("benefit", "cost"):
            raise MCDAError(f"criterion {j}: direction must be 'benefit' or 'cost', got {d!r}")
    w = normalize_weights(weights)
    if w.size != m:
        raise MCDAError(f"got {w.size} weights for {m} criteria")
    finite = np.isfinite(x)
    if not finite.all():
        j = int(np.flatnonzero(~finite.all(axis=0))[0])
        i = int(np.flatnonzero(~finite[:, j])[0])
        raise MCDAError(
            f"criterion column {j} contains NaN or infinite values (first at row {i}); "
            "fill or drop missing data before ranking"
        )
    benefit = np.array([d == "benefit" for d in dirs], dtype=bool)
    return x, benefit, w


def _empty_ranking(m: int, w: FloatArray) -> Ranking:
    return Ranking(np.empty(0), np.empty((0, m)), np.empty((0, m)), w)


def weighted_sum(
    values: npt.ArrayLike, directions: Sequence[str], weights: npt.ArrayLike
) -> Ranking:
    """Weighted linear combination of min-max normalised criteria.

    A constant column normalises to 1.0 for every alternative: nobody is worse on it, and it
    shifts all scores equally so it cannot change the order.
    """
    return _weighted_sum(*_validate(values, directions, weights))


def _weighted_sum(x: FloatArray, benefit: npt.NDArray[np.bool_], w: FloatArray) -> Ranking:
    if x.shape[0] == 0:
        return _empty_ranking(x.shape[1], w)
    lo = x.min(axis=0)
    hi = x.max(axis=0)
    span = hi - lo
    constant = span == 0
    # Distance from the worst value: (x - min) for benefit, (max - x) for cost.
    r = x - np.where(benefit, lo, hi)
    np.abs(r, out=r)
    r /= np.where(constant, 1.0, span)
    r[:, constant] = 1.0
    contributions = r * w
    return Ranking(contributions.sum(axis=1), r, contributions, w)


def weighted_sum_of_values(values: npt.ArrayLike, weights: npt.ArrayLike) -> Ranking:
    """Weighted sum of values already on a 0-1 scale where 1 is best (value functions): no
    rescaling, so an alternative's score does not depend on the other alternatives."""
    x, _, w = _validate(values, ["benefit"] * np.shape(values)[-1], weights)
    return _weighted_values(x, w)


def _weighted_values(x: FloatArray, w: FloatArray) -> Ranking:
    if x.shape[0] == 0:
        return _empty_ranking(x.shape[1], w)
    if (x < 0).any() or (x > 1).any():
        raise MCDAError("values for a weighted sum of values must lie in 0-1")
    contributions = x * w
    return Ranking(contributions.sum(axis=1), x, contributions, w)


def topsis_gaps(values: npt.ArrayLike, directions: Sequence[str]) -> tuple[FloatArray, FloatArray]:
    """TOPSIS's squared per-criterion gaps to the ideal (P) and anti-ideal (Q): for weights w
    the closeness is ``sqrt(Q @ w**2) / (sqrt(P @ w**2) + sqrt(Q @ w**2))``."""
    x, benefit, _ = _validate(values, directions, np.ones(len(directions)))
    if x.shape[0] == 0:
        return np.empty((0, x.shape[1])), np.empty((0, x.shape[1]))
    _, p, q = _topsis_parts(x, benefit)
    return p, q


def _topsis_parts(
    x: FloatArray, benefit: npt.NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Vector-normalised r and the squared per-criterion gaps to the ideal (P) and anti-ideal (Q).

    With non-negative weights the weighted ideal is ``w_j * best(r_j)``, so the separations are
    ``d+^2 = P @ w**2`` and ``d-^2 = Q @ w**2`` for any weight vector.
    """
    norm = np.sqrt(np.einsum("ij,ij->j", x, x))
    r = x / np.where(norm == 0, 1.0, norm)
    r_max = r.max(axis=0)
    r_min = r.min(axis=0)
    p = r - np.where(benefit, r_max, r_min)
    q = r - np.where(benefit, r_min, r_max)
    return r, np.square(p, out=p), np.square(q, out=q)


def topsis(values: npt.ArrayLike, directions: Sequence[str], weights: npt.ArrayLike) -> Ranking:
    """TOPSIS (Hwang & Yoon 1981); the score is the closeness C = d- / (d+ + d-).

    If every alternative is identical on the weighted criteria, all are ideal: C = 1.

    ``contributions[i, j]`` splits C_i over criteria in proportion to each criterion's share of
    the squared separation from the anti-ideal, ``w_j**2 (r_ij - anti_j)**2 / d-_i**2``: it says
    which criteria put the alternative far from the worst case. Rows sum to the score. Where
    d- is 0 (the score is 0, or 1 in the all-identical case) the split follows the weights.
    """
    x, benefit, w = _validate(values, directions, weights)
    if x.shape[0] == 0:
        return _empty_ranking(x.shape[1], w)
    return _topsis(_topsis_parts(x, benefit), w)


def _topsis(parts: tuple[FloatArray, FloatArray, FloatArray], w: FloatArray) -> Ranking:
    r, p, q = parts
    w2 = np.square(w)
    d_minus_sq = q @ w2
    d_plus = np.sqrt(p @ w2)
    d_minus = np.sqrt(d_minus_sq)
    total = d_plus + d_minus
    with np.errstate(invalid="ignore", divide="ignore"):
        closeness = np.where(total > 0, d_minus / total, 1.0)
        contributions = q * w2
        contributions *= (closeness / d_minus_sq)[:, None]
    at_anti_ideal = d_minus_sq == 0
    contributions[at_anti_ideal] = closeness[at_anti_ideal, None] * w
    return Ranking(closeness, r, contributions, w)


def ahp_weights(
    matrix: npt.ArrayLike, max_cr: float = 0.1, names: Sequence[str] | None = None
) -> AHPResult:
    """Saaty's eigenvector weights from a reciprocal pairwise comparison matrix.

    ``matrix[i, j]`` says how much more important criterion i is than j, on Saaty's 1/9..9 scale.
    A 0 marks a missing judgement: where only one of ``[i, j]`` and ``[j, i]`` is given, the
    other is its reciprocal; where both are 0 the judgement is missing, and the weights come
    from Harker's method (Harker 1987, "Incomplete pairwise comparisons in the analytic
    hierarchy process", Mathematical Modelling 9(11) 837-848): missing entries set to 0, each
    diagonal entry raised by the number of judgements missing in its row, and the principal
    eigenvector of that matrix taken. It is also the principal eigenvector of the matrix
    completed with ``w_i / w_j``, whose λmax, CI and CR are reported (the completed judgements
    in ``completed``). A matrix whose judgements do not connect every criterion, directly or
    through others, has no unique answer and is refused, naming the pairs that would connect
    it (``names`` name the criteria in messages; indices otherwise).
    Raises MCDAError if the consistency ratio exceeds ``max_cr``.
    """
    a = np.asarray(matrix, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise MCDAError(f"the pairwise comparison matrix must be square, got shape {a.shape}")
    n = a.shape[0]
    if n not in RANDOM_INDEX:
        raise MCDAError(
            f"AHP supports at most {max(RANDOM_INDEX)} criteria (Saaty's random index table), "
            f"got {n}"
        )
    if not np.isfinite(a).all() or (a < 0).any():
        raise MCDAError(
            "pairwise comparisons must be positive finite numbers (0 marks a missing judgement)"
        )
    tol = RECIPROCAL_RTOL
    if (np.abs(np.diag(a) - 1) > tol).any():
        raise MCDAError("diagonal entries must be 1 (a criterion is equally important as itself)")
    with np.errstate(divide="ignore"):
        a = np.where((a == 0) & (a.T > 0), 1 / a.T, a)  # one of a pair given: its reciprocal
    given = a > 0
    outside = given & ((a < (1 / 9) * (1 - tol)) | (a > 9 * (1 + tol)))
    if outside.any():
        i, j = (int(k) for k in np.argwhere(outside)[0])
        raise MCDAError(f"comparison [{i}, {j}] = {a[i, j]:g} is outside Saaty's scale 1/9 .. 9")
    # a_ji == 1/a_ij within a relative tolerance  <=>  |a_ij * a_ji - 1| <= tol.
    off = given & (np.abs(a * a.T - 1) > tol)
    if off.any():
        i, j = (int(k) for k in np.argwhere(off)[0])
        raise MCDAError(
            f"matrix is not reciprocal: [{i}, {j}] = {a[i, j]:g} but [{j}, {i}] = {a[j, i]:g} "
            f"(expected {1 / a[i, j]:g})"
        )
    missing = ~given
    label = list(names) if names is not None else [str(i) for i in range(n)]
    if missing.any():
        _check_connected(given, label)
        harker = np.where(given, a, 0.0)
        harker[np.diag_indices(n)] = 1 + missing.sum(axis=1)
        lambda_max, weights = _principal(harker)
        a = np.where(missing, weights[:, None] / weights[None, :], a)
    else:
        lambda_max, weights = _principal(a)
    # lambda_max >= n for positive reciprocal matrices; clip rounding noise below it.
    ci = max(0.0, (lambda_max - n) / (n - 1)) if n > 1 else 0.0
    cr = ci / RANDOM_INDEX[n] if n > 2 else 0.0
    if cr > max_cr:
        # The judgement furthest from the ratio implied by the derived weights (a completed
        # one never is: it equals that ratio).
        dev = np.abs(np.log(a * weights[None, :] / weights[:, None]))
        i, j = (int(t) for t in np.unravel_index(int(np.argmax(dev)), dev.shape))
        raise MCDAError(
            f"pairwise comparisons are inconsistent: consistency ratio CR = {cr:.3f} exceeds "
            f"{max_cr:g}; please revise the judgements (the least consistent is [{i}, {j}] = "
            f"{a[i, j]:g}, the other judgements imply about {weights[i] / weights[j]:.2g})"
        )
    completed = tuple((int(i), int(j), float(a[i, j])) for i, j in np.argwhere(np.triu(missing, 1)))
    return AHPResult(weights=weights, lambda_max=lambda_max, ci=ci, cr=cr, completed=completed)


def _principal(a: FloatArray) -> tuple[float, FloatArray]:
    """The Perron eigenvalue of a non-negative irreducible matrix and its eigenvector, summing
    to 1."""
    eigvals, eigvecs = np.linalg.eig(a)
    k = int(np.argmax(eigvals.real))
    vec = eigvecs[:, k].real
    return float(eigvals[k].real), vec / vec.sum()


MAX_PAIRS_NAMED = 12


def _check_connected(given: npt.NDArray[np.bool_], label: list[str]) -> None:
    """Refuse judgements that leave the criteria in separate groups, naming the missing pairs
    that would join the first group to the others."""
    n = given.shape[0]
    group = np.full(n, -1)
    for start in range(n):
        if group[start] >= 0:
            continue
        group[start], todo = start, [start]
        while todo:
            i = todo.pop()
            for j in np.flatnonzero(given[i]):
                if group[j] < 0:
                    group[j] = start
                    todo.append(int(j))
    if (group == group[0]).all():
        return
    first = np.flatnonzero(group == group[0])
    rest = np.flatnonzero(group != group[0])
    pairs = [f"{label[i]} / {label[j]}" for i in first for j in rest]
    shown = ", ".join(pairs[:MAX_PAIRS_NAMED]) + (" ..." if len(pairs) > MAX_PAIRS_NAMED else "")
    raise MCDAError(
        "the judgements do not connect every criterion, so the missing ones cannot be "
        f"completed; compare at least one of these missing pairs: {shown}"
    )


def _first_overtakes(
    c2: FloatArray, c1: FloatArray, c0: FloatArray, x0: float, x_max: float
) -> tuple[float | None, int | None, float | None, int | None]:
    """Where the first alternative overtakes the leader as a parameter x moves away from x0.

    Alternative i beats the leader where ``q_i(x) = c2 x^2 + c1 x + c0 < 0``; q_i(x0) >= 0.
    Returns (x, i) for the nearest root in [x0, x_max) where q turns negative as x grows, then
    the nearest root in (0, x0] where q turns negative as x shrinks; None where nothing does.
    """
    quad = c2 != 0
    with np.errstate(invalid="ignore", divide="ignore"):
        disc = c1 * c1 - 4 * c2 * c0
        two_roots = quad & (disc > 0)
        sq = np.sqrt(np.where(two_roots, disc, 0.0))
        sign = np.where(c1 >= 0, 1.0, -1.0)
        # Numerically stable roots; q'(r1) = -sign * sq and q'(r2) = +sign * sq.
        half = -0.5 * (c1 + sign * sq)
        r1 = half / c2
        r2 = c0 / half
        linear_root = -c0 / c1
    linear = ~quad & (c1 != 0)
    falling = np.where(sign > 0, r1, r2)  # q' < 0: q turns negative as x grows
    rising = np.where(sign > 0, r2, r1)  # q' > 0: q turns negative as x shrinks
    up = np.where(two_roots, falling, np.where(linear & (c1 < 0), linear_root, np.nan))
    down = np.where(two_roots, rising, np.where(linear & (c1 > 0), linear_root, np.nan))
    with np.errstate(invalid="ignore"):
        # A root on the domain edge (x = 0 or x_max) is a tie there, never an overtake.
        up = np.where((up >= x0) & (up < x_max), up, np.inf)
        down = np.where((down <= x0) & (down > 0), down, -np.inf)
    i_up = int(np.argmin(up))
    i_down = int(np.argmax(down))
    x_up = float(up[i_up]) if np.isfinite(up[i_up]) else None
    x_down = float(down[i_down]) if np.isfinite(down[i_down]) else None
    return (
        x_up,
        i_up if x_up is not None else None,
        x_down,
        i_down if x_down is not None else None,
    )


def weight_sensitivity(
    values: npt.ArrayLike,
    directions: Sequence[str],
    weights: npt.ArrayLike,
    method: Method,
    *,
    prenormalized: bool = False,
) -> list[WeightSensitivity]:
    """How far each weight can move before the top-ranked alternative loses first place.

    Weight j is changed by a relative amount t (w_j -> w_j * (1 + t)) while the other weights are
    rescaled proportionally so the total stays 1, so t ranges over [-1, 1/w_j - 1]. For each
    criterion, ``decrease`` (<= 0) and ``increase`` (>= 0) are the values of t at which another
    alternative first ties the leader; just beyond them it scores strictly higher. None means
    no alternative overtakes anywhere in that direction; this is always so for a criterion with
    zero weight (no relative change moves it), one holding all the weight, or fewer than two
    alternatives. An alternative that only ever ties the leader does not count as overtaking.

    Both methods are solved in closed form, to float precision, not by a grid scan. Along this
    path the weighted-sum score difference to the leader is linear in the new weight s. For
    TOPSIS the ideal and anti-ideal scale with the weights, so the vector-normalised gaps stay
    fixed and the overtaking condition ``d+_i^2 d-_L^2 < d+_L^2 d-_i^2`` is a quadratic in
    ``lam = (s (1 - w_j) / (1 - s))^2``, which grows monotonically with s.

    With ``prenormalized`` the weighted sum takes ``values`` as they are (0-1, 1 best: value
    functions' output, see ``weighted_sum_of_values``) instead of min-max normalising them.
    """
    if method not in ("weighted_sum", "topsis"):
        raise MCDAError(f"unknown method {method!r}; use 'weighted_sum' or 'topsis'")
    x, benefit, w = _validate(values, directions, weights)
    n, m = x.shape
    results: list[WeightSensitivity] = [
        {
            "criterion_index": j,
            "decrease": None,
            "increase": None,
            "new_leader_index_on_decrease": None,
            "new_leader_index_on_increase": None,
        }
        for j in range(m)
    ]
    if n < 2:
        return results
    if method == "weighted_sum":
        ranking = _weighted_values(x, w) if prenormalized else _weighted_sum(x, benefit, w)
    else:
        parts = _topsis_parts(x, benefit)
        _, p, q = parts
        ranking = _topsis(parts, w)
    leader = int(np.argmax(ranking.scores))
    for j in range(m):
        wj = float(w[j])
        if wj == 0 or wj >= 1:
            continue
        if method == "weighted_sum":
            # Score along the path: s * r_ij + (1 - s) * b_i with s the new w_j and b_i the
            # score from the other criteria renormalised to weights summing to 1.
            r_j = ranking.normalized[:, j]
            b = (ranking.scores - wj * r_j) / (1 - wj)
            a0 = b[leader] - b
            slope = (r_j[leader] - r_j) - a0
            s_up, i_up, s_down, i_down = _first_overtakes(np.zeros(n), slope, a0, wj, 1.0)
        else:
            w2_rest = np.square(w)
            w2_rest[j] = 0
            p_j, q_j = p[:, j], q[:, j]
            p_o, q_o = p @ w2_rest, q @ w2_rest
            c2 = p_j * q_j[leader] - p_j[leader] * q_j
            c1 = p_j * q_o[leader] + p_o * q_j[leader] - p_j[leader] * q_o - p_o[leader] * q_j
            c0 = p_o * q_o[leader] - p_o[leader] * q_o
            lam_up, i_up, lam_down, i_down = _first_overtakes(c2, c1, c0, wj * wj, np.inf)
            # lam = (s / ((1 - s) / (1 - wj)))^2  =>  s = mu / (mu + 1 - wj), mu = sqrt(lam).
            s_up = None if lam_up is None else _lam_to_weight(lam_up, wj)
            s_down = None if lam_down is None else _lam_to_weight(lam_down, wj)
        row = results[j]
        if s_down is not None:
            row["decrease"] = s_down / wj - 1
            row["new_leader_index_on_decrease"] = i_down
        if s_up is not None:
            row["increase"] = s_up / wj - 1
            row["new_leader_index_on_increase"] = i_up
    return results


def _lam_to_weight(lam: float, wj: float) -> float:
    mu = float(np.sqrt(lam))
    return mu / (mu + 1 - wj)
