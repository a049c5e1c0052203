"""Diverse shortlists: which of the ranked sites a search shows, and in what order.

Applied after ranking and before ``limit``: ``group_by_zone`` puts the best site of each zone
first (in rank order), then the rest; ``max_per_zone`` holds back every site of a zone beyond
its first few. Ranks stay those of the full ranking, and ``passed`` counts every site.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.intp]


def place_in_zone(order: IntArray, zones: npt.NDArray[np.str_]) -> IntArray:
    """For each position of ``order`` (best first), how many sites of the same zone come
    before it: 0 for the best site of its zone."""
    _, zone_id = np.unique(zones[order], return_inverse=True)
    by_zone = np.argsort(zone_id, kind="stable")  # zone by zone, rank order within each
    sorted_ids = zone_id[by_zone]
    starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
    first_of_group = np.repeat(starts, np.diff(np.r_[starts, sorted_ids.size]))
    place = np.empty(order.size, dtype=np.intp)
    place[by_zone] = np.arange(order.size) - first_of_group
    return place


def shortlist(
    order: IntArray,
    zones: npt.NDArray[np.str_],
    *,
    max_per_zone: int | None,
    group_by_zone: bool,
) -> tuple[IntArray, int]:
    """The candidates to show, in the order to show them, and how many were held back."""
    if order.size == 0:
        return order, 0
    place = place_in_zone(order, zones)
    if group_by_zone:
        regroup = np.argsort(place > 0, kind="stable")
        order, place = order[regroup], place[regroup]
    if max_per_zone is None:
        return order, 0
    kept = place < max_per_zone
    return order[kept], int((~kept).sum())
