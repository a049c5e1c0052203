"""How robust a ranking is to the weights: stochastic multicriteria acceptability analysis,
SMAA-2 (Lahdelma and Salminen 2001, Operations Research 49(3) 444-454), with weights drawn
around the given ones.

Each sample multiplies every weight by an independent factor uniform in ``[1 - spread,
1 + spread]`` and renormalises them to sum 1; every candidate is scored under every sample
(one matrix product), and the rank acceptability ``b[i, r]`` is the share of samples in which
candidate i takes rank r + 1. Ties rank the lower index first, as the search does.

Work stays bounded: for the weighted sum, a candidate that cannot reach the reported ranks in
any sample is left out before sampling (exact: with non-negative 0-1 values a score can move by
at most the factor ``(1 + spread) / (1 - spread)`` either way); samples are scored in chunks;
and above ``WORK_CAP`` candidate-samples the number of samples is reduced (the answer says how
many were drawn).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from izagis import mcda

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

RANKS_REPORTED: Final = 10  # rank acceptabilities 1..10 are reported per candidate
WORK_CAP: Final = 20_000_000  # candidates x samples scored per request, at most
CHUNK: Final = 2_000_000  # candidates x samples scored at once (16 MB of scores)


@dataclass(frozen=True)
class Acceptability:
    ranks: FloatArray  # (candidates, min(candidates, RANKS_REPORTED)), rank 1 first
    top3: FloatArray  # (candidates,)
    samples: int  # samples drawn


def sample_weights(weights: FloatArray, samples: int, spread: float, seed: int) -> FloatArray:
    """(samples, criteria) weights: each times an independent U[1 - spread, 1 + spread]
    factor, rows renormalised to sum 1 (a zero weight stays zero)."""
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1 - spread, 1 + spread, size=(samples, weights.size))
    drawn = weights[None, :] * factors
    drawn /= drawn.sum(axis=1, keepdims=True)
    return drawn


class Scorer:
    """Scores of fixed candidates under many weight vectors at once."""

    def __init__(self, matrix: FloatArray, method: str, directions: list[str]) -> None:
        self.method = method
        if method == "topsis":
            self.p, self.q = mcda.topsis_gaps(matrix, directions)
        else:
            self.values = matrix  # 0-1, 1 best (value functions or min-max normalised)

    def __len__(self) -> int:
        return int((self.q if self.method == "topsis" else self.values).shape[0])

    def take(self, keep: IntArray) -> Scorer:
        out = Scorer.__new__(Scorer)
        out.method = self.method
        if self.method == "topsis":
            out.p, out.q = self.p[keep], self.q[keep]
        else:
            out.values = self.values[keep]
        return out

    def scores(self, weights: FloatArray) -> FloatArray:
        """(samples, candidates) scores for (samples, criteria) weights."""
        if self.method != "topsis":
            return weights @ self.values.T
        w2 = np.square(weights)
        d_plus = np.sqrt(w2 @ self.p.T)
        d_minus = np.sqrt(w2 @ self.q.T)
        total = d_plus + d_minus
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(total > 0, d_minus / total, 1.0)


def _reachable(scorer: Scorer, weights: FloatArray, spread: float, ranks: int) -> IntArray:
    """The candidates that can take one of the first ``ranks`` places in some sample."""
    n = len(scorer)
    if scorer.method == "topsis" or n <= ranks or spread >= 1:
        return np.arange(n)
    score = scorer.values @ weights
    ratio = (1 + spread) / (1 - spread)
    floor = np.partition(score / ratio, n - ranks)[n - ranks]  # ranks-th best lowest score
    return np.flatnonzero(score * ratio >= floor * (1 - 1e-9))


def _top(scores: FloatArray, k: int) -> IntArray:
    """(samples, k): the k best candidates of each sample, best first, ties to the lower
    index."""
    n = scores.shape[1]
    if k >= n:
        return np.argsort(-scores, axis=1, kind="stable")[:, :k]
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    got = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -got), axis=1)
    top = np.take_along_axis(part, order, axis=1)
    # A tie across the cut may have left out a lower index: sort those samples in full.
    kth = np.take_along_axis(got, order[:, -1:], axis=1)
    tied = (scores >= kth).sum(axis=1) > k
    if tied.any():
        top[tied] = np.argsort(-scores[tied], axis=1, kind="stable")[:, :k]
    return top


def smaa(
    matrix: FloatArray,
    weights: FloatArray,
    method: str,
    directions: list[str],
    *,
    samples: int,
    spread: float,
    seed: int,
    ranks: int = RANKS_REPORTED,
) -> Acceptability:
    """Rank acceptabilities of the candidates (rows of ``matrix``: for the weighted sum their
    0-1 values, 1 best; for TOPSIS the values TOPSIS ranks, with ``directions``)."""
    scorer = Scorer(matrix, method, directions)
    n = len(scorer)
    reported = min(n, ranks)
    keep_top = min(n, max(reported, 3))
    if n == 0:
        return Acceptability(np.zeros((0, 0)), np.zeros(0), samples)
    drawn = sample_weights(weights, samples, spread, seed)
    alive = _reachable(scorer, weights, spread, keep_top)
    scorer = scorer.take(alive)
    m = len(scorer)
    drawn = drawn[: max(1, min(samples, WORK_CAP // m))]
    counts = np.zeros(m * keep_top, dtype=np.int64)
    step = max(1, CHUNK // m)
    for start in range(0, len(drawn), step):
        top = _top(scorer.scores(drawn[start : start + step]), keep_top)
        counts += np.bincount((top * keep_top + np.arange(keep_top)).ravel(), minlength=counts.size)
    share = np.zeros((n, keep_top))
    share[alive] = counts.reshape(m, keep_top) / len(drawn)
    return Acceptability(share[:, :reported], share[:, :3].sum(axis=1), len(drawn))
