"""Benchmark of the search's robustness analysis (SMAA-2, ``izagis.robustness``): 1,000 weight
samples over 1,000 candidates, vectorised, against the plain way in the same run, a loop over
the samples that ranks the candidates one sample at a time with the ``izagis.mcda`` functions.
Both must give the same rank acceptabilities.

    python -m bench.robustness
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import numpy as np

from izagis import mcda
from izagis.robustness import RANKS_REPORTED, sample_weights, smaa

CANDIDATES = 1000
CRITERIA = 13
SAMPLES = 1000
SPREAD = 0.2


def per_sample_loop(values: np.ndarray, weights: np.ndarray, seed: int) -> np.ndarray:
    """The baseline: one weighted sum and one full sort per sample."""
    n = len(values)
    counts = np.zeros((n, RANKS_REPORTED))
    for w in sample_weights(weights, SAMPLES, SPREAD, seed):
        scores = mcda.weighted_sum_of_values(values, w).scores
        order = np.lexsort((np.arange(n), -scores))[:RANKS_REPORTED]
        counts[order, np.arange(RANKS_REPORTED)] += 1
    return counts / SAMPLES


def _median_ms(fn: Any, repeat: int) -> tuple[float, Any]:
    fn()
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def measure(repeat: int = 5, seed: int = 1) -> dict[str, float]:
    """Median milliseconds of the vectorised SMAA and of the per-sample loop, on value-function
    values of 1,000 candidates whose scores lie close together (little can be left out)."""
    rng = np.random.default_rng(seed)
    values = 0.4 + 0.2 * rng.random((CANDIDATES, CRITERIA))
    weights = rng.random(CRITERIA)
    weights /= weights.sum()
    directions = ["benefit"] * CRITERIA
    fast_ms, fast = _median_ms(
        lambda: smaa(
            values, weights, "weighted_sum", directions, samples=SAMPLES, spread=SPREAD, seed=seed
        ),
        repeat,
    )
    loop_ms, loop = _median_ms(lambda: per_sample_loop(values, weights, seed), repeat)
    np.testing.assert_allclose(fast.ranks, loop, atol=1e-12)
    return {"smaa_ms": fast_ms, "loop_ms": loop_ms}


if __name__ == "__main__":
    result = measure()
    print(
        f"SMAA, {SAMPLES} samples x {CANDIDATES} candidates: {result['smaa_ms']:.1f} ms "
        f"vectorised, {result['loop_ms']:.1f} ms per-sample loop "
        f"({result['loop_ms'] / result['smaa_ms']:.1f}x)"
    )
