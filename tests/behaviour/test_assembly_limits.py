"""Land assembly cannot hold a worker: groups have at most MAX_GROUP_PLOTS plots and a search
at most ASSEMBLY_EVALUATIONS candidate evaluations, whatever the request asks."""

from __future__ import annotations

import time

from izagis import search
from izagis.needs import SiteNeeds

SIDE = 40  # a fully free zone of 1,600 one-hectare plots: the worst case for growing groups


def grid() -> search._Parcels:
    ids = [r * SIDE + c + 1 for r in range(SIDE) for c in range(SIDE)]
    shared: dict[int, dict[int, float]] = {pid: {} for pid in ids}
    for r in range(SIDE):
        for c in range(SIDE):
            pid = r * SIDE + c + 1
            for dr, dc in ((0, 1), (1, 0)):
                if r + dr < SIDE and c + dc < SIDE:
                    other = (r + dr) * SIDE + c + dc + 1
                    shared[pid][other] = shared[other][pid] = 100.0
    return search._Parcels(
        area_m2=dict.fromkeys(ids, 1e4), perimeter_m=dict.fromkeys(ids, 400.0), shared_m=shared
    )


def test_a_group_never_exceeds_the_plot_cap() -> None:
    parcels = grid()
    needs = SiteNeeds.model_validate({"area_ha": {"min": SIDE * SIDE - 1}})
    started = time.monotonic()
    budget = search._Budget(search.ASSEMBLY_EVALUATIONS)
    assert search._grow(1, parcels, needs, budget) is None  # would need 1,599 plots
    assert time.monotonic() - started < 1


def test_groups_within_the_cap_still_grow() -> None:
    needs = SiteNeeds.model_validate({"area_ha": {"min": 9, "max": 9}})
    grown = search._grow(1, grid(), needs, search._Budget(search.ASSEMBLY_EVALUATIONS))
    assert grown is not None
    group, compactness = grown
    assert len(group) == 9 and 0 < compactness <= 1
    parcels = grid()  # connected: every plot but the seed touches another of the group
    assert all(set(parcels.shared_m[pid]) & group for pid in group)


def test_the_search_wide_budget_stops_growing() -> None:
    needs = SiteNeeds.model_validate({"area_ha": {"min": 50}})
    budget = search._Budget(1_000)
    assert search._grow(1, grid(), needs, budget) is None
    assert budget.left <= 0
