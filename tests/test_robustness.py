"""Robust ranks (issue 9): SMAA-2 rank acceptabilities, checked against a plain per-sample loop,
and as the site search reports them."""

from __future__ import annotations

import time
from typing import Any

import httpx
import numpy as np
import pytest

from izagis import mcda
from izagis.robustness import RANKS_REPORTED, WORK_CAP, sample_weights, smaa
from tests.behaviour.measure import search

METHODS = ("weighted_sum", "topsis")
CAR_PARTS = {
    "area_ha": {"min": 10, "max": 20},
    "industry": "2930",
    "max_distance_km": {"expressway_interchange": 15},
}


def loop_smaa(
    values: np.ndarray, weights: np.ndarray, method: str, samples: int, spread: float, seed: int
) -> np.ndarray:
    """The oracle: every sample ranked on its own by the mcda functions, ties to the lower
    index; (candidates x candidates) rank acceptabilities."""
    n, m = values.shape
    counts = np.zeros((n, n))
    for w in sample_weights(weights, samples, spread, seed):
        if method == "topsis":
            scores = mcda.topsis(values, ["benefit"] * m, w).scores
        else:
            scores = mcda.weighted_sum_of_values(values, w).scores
        order = sorted(range(n), key=lambda i: (-scores[i], i))
        counts[order, np.arange(n)] += 1
    return counts / samples


def _random(n: int, m: int, seed: int, ties: bool = False) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    values = rng.random((n, m))
    if ties:  # flat value functions make equal values, even equal sites
        values = np.round(values * 3) / 3
        values[1] = values[0]
    weights = rng.random(m)
    return values, weights / weights.sum()


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("n", "ties"), [(4, False), (25, False), (25, True), (60, True)])
def test_rank_acceptabilities_match_a_per_sample_loop(method: str, n: int, ties: bool) -> None:
    values, weights = _random(n, 5, seed=n, ties=ties)
    got = smaa(values, weights, method, ["benefit"] * 5, samples=300, spread=0.3, seed=7)
    want = loop_smaa(values, weights, method, 300, 0.3, 7)
    reported = min(n, RANKS_REPORTED)
    assert got.ranks.shape == (n, reported) and got.samples == 300
    np.testing.assert_allclose(got.ranks, want[:, :reported], atol=1e-12)
    np.testing.assert_allclose(got.top3, want[:, :3].sum(axis=1), atol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_each_ranks_acceptabilities_sum_to_one_over_the_candidates(method: str) -> None:
    values, weights = _random(40, 6, seed=3)
    got = smaa(values, weights, method, ["benefit"] * 6, samples=500, spread=0.5, seed=1)
    np.testing.assert_allclose(got.ranks.sum(axis=0), 1.0)
    assert got.top3.sum() == pytest.approx(3.0)
    assert ((got.ranks >= 0) & (got.ranks <= 1)).all()


@pytest.mark.parametrize("method", METHODS)
def test_a_dominating_site_is_first_in_every_sample(method: str) -> None:
    values, weights = _random(30, 6, seed=5)
    values[17] = values.max(axis=0)  # at least as good as every other site on every criterion
    values[17, 2] += 0.01
    got = smaa(values, weights, method, ["benefit"] * 6, samples=1000, spread=0.9, seed=2)
    assert got.ranks[17, 0] == 1.0 and got.top3[17] == 1.0
    assert got.ranks[:, 0].sum() == 1.0


def test_a_seed_reproduces_the_answer_and_another_differs() -> None:
    values, weights = _random(50, 6, seed=11)
    a = smaa(values, weights, "weighted_sum", ["benefit"] * 6, samples=200, spread=0.4, seed=9)
    b = smaa(values, weights, "weighted_sum", ["benefit"] * 6, samples=200, spread=0.4, seed=9)
    c = smaa(values, weights, "weighted_sum", ["benefit"] * 6, samples=200, spread=0.4, seed=10)
    np.testing.assert_array_equal(a.ranks, b.ranks)
    assert not np.array_equal(a.ranks, c.ranks)


def test_no_spread_means_one_ranking() -> None:
    values, weights = _random(12, 4, seed=1)
    got = smaa(values, weights, "weighted_sum", ["benefit"] * 4, samples=50, spread=0, seed=0)
    order = np.lexsort((np.arange(12), -(values @ weights)))
    np.testing.assert_array_equal(got.ranks[order[:10], np.arange(10)], 1.0)


def test_samples_are_capped_by_the_work_they_make() -> None:
    values, weights = _random(5000, 3, seed=2)
    values[:, :] = 0.5  # all equal: nothing can be left out before sampling
    got = smaa(values, weights, "weighted_sum", ["benefit"] * 3, samples=5000, spread=0.2, seed=0)
    assert got.samples == WORK_CAP // 5000 < 5000
    np.testing.assert_allclose(got.ranks.sum(axis=0), 1.0)


def test_a_thousand_samples_of_a_thousand_sites_take_well_under_a_second() -> None:
    values, weights = _random(1000, 13, seed=4)
    smaa(values, weights, "weighted_sum", ["benefit"] * 13, samples=1000, spread=0.2, seed=1)
    for method in METHODS:
        start = time.perf_counter()
        smaa(values, weights, method, ["benefit"] * 13, samples=1000, spread=0.2, seed=1)
        assert time.perf_counter() - start < 1.0, method


# --- in the search ------------------------------------------------------------------------


def _robust(api: httpx.Client, **extra: Any) -> dict[str, Any]:
    body = {**CAR_PARTS, "robustness": {"samples": 1000, "weight_spread": 0.2, "seed": 1}}
    return search(api, {**body, **extra})


@pytest.mark.parametrize("method", METHODS)
def test_the_search_reports_rank_acceptability_over_every_site_that_passed(
    api: httpx.Client, method: str
) -> None:
    answer = _robust(api, method=method, availability=["free", "planned"], limit=1000)
    cands = answer["candidates"]
    assert len(cands) == answer["passed"] > RANKS_REPORTED
    report = answer["robustness"]
    assert report == {"samples": 1000, "weight_spread": 0.2, "seed": 1, "ranks_reported": 10}
    table = np.array([c["rank_acceptability"] for c in cands])
    np.testing.assert_allclose(table.sum(axis=0), 1.0, atol=1e-3)  # rounded to 4 decimals
    for c in cands:
        assert c["top3_probability"] == pytest.approx(sum(c["rank_acceptability"][:3]), abs=2e-4)
    # with limit 3 the first three report the same: computed over all that passed
    short = _robust(api, method=method, availability=["free", "planned"], limit=3)
    assert [c["rank_acceptability"] for c in short["candidates"]] == [
        c["rank_acceptability"] for c in cands[:3]
    ]


def test_the_same_seed_gives_the_same_answer(api: httpx.Client) -> None:
    assert _robust(api) == _robust(api)
    plain = search(api, CAR_PARTS)
    assert plain["robustness"] is None
    assert all(c["rank_acceptability"] is None for c in plain["candidates"])
