"""Land assembly grows no seed whose connected land cannot make the area: the groups are those
of growing every seed, and a seed skipped would have spent at most (k - 1)^2 evaluations."""

from __future__ import annotations

import numpy as np

from izagis import search
from izagis.needs import SiteNeeds


def test_components_join_what_the_edges_connect() -> None:
    a, b = np.array([0, 1, 4, 6]), np.array([1, 2, 5, 2])
    labels = search._components(7, a, b).tolist()
    assert labels[0] == labels[1] == labels[2] == labels[6]
    assert labels[4] == labels[5]
    assert len({labels[0], labels[3], labels[4]}) == 3


def islands() -> tuple[search._Parcels, list[set[int]]]:
    """One zone: a 5 x 5 block of 1 ha plots and islands of 1, 2, 3 and 6 plots (lines and a
    2 x 3 block), each plot sharing 100 m with its grid neighbours."""
    cells = {(r, c) for r in range(5) for c in range(5)}
    cells |= {(0, 7), (2, 7), (2, 8), (4, 7), (4, 8), (4, 9)}
    cells |= {(r, c) for r in (7, 8) for c in (0, 1, 2)}
    ids = {cell: n for n, cell in enumerate(sorted(cells), 1)}
    shared: dict[int, dict[int, float]] = {pid: {} for pid in ids.values()}
    for (r, c), pid in ids.items():
        for other in ((r, c + 1), (r + 1, c)):
            if other in ids:
                shared[pid][ids[other]] = shared[ids[other]][pid] = 100.0
    parts: list[set[int]] = []
    for pid in ids.values():  # connected parts, by hand
        if not any(pid in p for p in parts):
            part, todo = set(), [pid]
            while todo:
                n = todo.pop()
                if n not in part:
                    part.add(n)
                    todo += list(shared[n])
            parts.append(part)
    parcels = search._Parcels(
        area_m2=dict.fromkeys(ids.values(), 1e4),
        perimeter_m=dict.fromkeys(ids.values(), 400.0),
        shared_m=shared,
    )
    return parcels, parts


def test_a_hopeless_seed_spends_at_most_k_minus_1_squared() -> None:
    parcels, parts = islands()
    needs = SiteNeeds.model_validate({"area_ha": {"min": 7, "max": 9}})
    for part in parts:
        if len(part) < 7:
            for seed in part:
                budget = search._Budget(10**6)
                assert search._grow(seed, parcels, needs, budget) is None
                assert 10**6 - budget.left <= (len(part) - 1) ** 2


def test_skipping_hopeless_seeds_changes_no_group() -> None:
    parcels, parts = islands()
    needs = SiteNeeds.model_validate({"area_ha": {"min": 4, "max": 6}})
    by_zone = {"Z": sorted(parcels.area_m2)}
    hopeless = {pid for part in parts if len(part) < 4 for pid in part}
    full = search._grow_zones(by_zone, parcels, needs, search._Budget(10**6), set())
    spared = sum((len(p) - 1) ** 2 for p in parts if len(p) < 4 for _ in p)
    budget = search._Budget(10**6 - spared)
    assert search._grow_zones(by_zone, parcels, needs, budget, hopeless) == full
    assert full and budget.left > 0
