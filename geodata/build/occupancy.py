"""Which plots the projects occupy: every plot's status, leasable year and project.

Operating zones keep about 2.2 % of their industrial land free (the review's 97.8 % leased),
a few lots leased without a registered project or reserved; the rest is cut, in layout order,
into contiguous runs of lots, one run a tenant, sized by the land each asked for. Planned and
proposed zones, TD2's second phase and the roads and belt of the Gián Khẩu extension are
``planned`` with the year they become leasable; the extension's lots are free.
"""

from __future__ import annotations

import numpy as np

from geodata.build.catalogue import (
    LEASED_PLOTS,
    PLANNED_YEARS,
    RESERVED_PLOTS,
    TD2_OCCUPIED_SHARE,
    TD2_PLANNED_SHARE,
)
from geodata.build.facts import NOT_BUILT, OPERATING, OPERATING_FREE_SHARE, ZONE_BY_CODE
from geodata.build.layout import Piece
from geodata.build.registry import Project
from izagis.vocab import LandUse, PlotStatus, ProjectKind

# A plot's (status, leasable year, project code), keyed by id() of its Piece.
Occupancy = tuple[PlotStatus, int | None, str | None]


def partition(areas: list[float], weights: list[float]) -> list[int]:
    """Split an ordered run of lots among projects: contiguous, >= 1 lot each, by weight."""
    n, m = len(areas), len(weights)
    if n < m:
        raise ValueError(f"{n} lots for {m} projects")
    target = np.cumsum(weights) / np.sum(weights) * np.sum(areas)
    owner: list[int] = []
    j, taken, cum = 0, 0, 0.0
    for i, a in enumerate(areas):
        if taken and j < m - 1 and (n - i == m - j - 1 or cum + a / 2 > target[j]):
            j, taken = j + 1, 0
        owner.append(j)
        cum += a
        taken += 1
    return owner


def assign_land(
    plots: dict[str, list[Piece]], projects: list[Project], rng: np.random.Generator
) -> dict[int, Occupancy]:
    """Give every plot a status (and a project); returns id(piece) -> (status, year, project)."""
    result: dict[int, Occupancy] = {}
    lots = {
        code: sorted(
            (p for p in pieces if p.use == LandUse.INDUSTRIAL and p.part == "main"),
            key=lambda p: p.key,
        )
        for code, pieces in plots.items()
    }
    # free land in the operating zones: about 2.2 % of their industrial land
    total = sum(p.area_ha for c in OPERATING for p in lots[c])
    target = OPERATING_FREE_SHARE * total
    free: list[Piece] = []
    for c in OPERATING:
        cand = [p for p in lots[c] if 1.5 <= p.area_ha <= 3.5]
        free.append(cand[int(rng.integers(len(cand)))])
    taken = {id(p) for p in free}
    pool = [p for c in OPERATING for p in lots[c] if 1.0 <= p.area_ha <= 3.0 and id(p) not in taken]
    for k in rng.permutation(len(pool)):
        have = sum(p.area_ha for p in free)
        if have >= target - 0.6:
            break
        if have + pool[k].area_ha <= target + 0.6:
            free.append(pool[k])
    for p in free:
        result[id(p)] = (PlotStatus.FREE, None, None)
    for code, pieces in plots.items():
        zone = ZONE_BY_CODE[code]
        if zone.status in NOT_BUILT:
            years = PLANNED_YEARS[code]
            ordered = sorted(pieces, key=lambda p: p.key)
            for i, p in enumerate(ordered):
                year = years[0] + (i * (years[1] - years[0] + 1)) // len(ordered)
                result[id(p)] = (PlotStatus.PLANNED, year, None)
            continue
        for p in pieces:
            if p.part == "ext":
                result[id(p)] = (
                    (PlotStatus.FREE, None, None)
                    if p.use == LandUse.INDUSTRIAL
                    else (PlotStatus.PLANNED, 2025, None)
                )
            elif p.use != LandUse.INDUSTRIAL:
                result[id(p)] = (PlotStatus.OPERATING, None, None)
        zone_projects = [p for p in projects if p.zone == code and p.kind == ProjectKind.SECONDARY]
        avail = [p for p in lots[code] if id(p) not in result]
        if code == "TD2":
            n_planned = round(TD2_PLANNED_SHARE * len(avail))
            for i, p in enumerate(avail[len(avail) - n_planned :]):
                result[id(p)] = (PlotStatus.PLANNED, PLANNED_YEARS["TD2"][i % 2], None)
            avail = avail[: len(avail) - n_planned]
            occupied = TD2_OCCUPIED_SHARE * sum(p.area_ha for p in lots[code])
            cum, k = 0.0, 0
            while k < len(avail) and (cum < occupied or k < len(zone_projects)):
                cum += avail[k].area_ha
                k += 1
            rest, avail = avail[k:], avail[:k]
            idx = rng.permutation(len(rest))
            marks = [PlotStatus.RESERVED] * RESERVED_PLOTS["TD2"]
            marks += [PlotStatus.LEASED] * LEASED_PLOTS["TD2"]
            for i, p in enumerate(rest[j] for j in idx):
                result[id(p)] = (marks[i] if i < len(marks) else PlotStatus.FREE, None, None)
        else:
            marks = [PlotStatus.LEASED] * LEASED_PLOTS.get(code, 0)
            marks += [PlotStatus.RESERVED] * RESERVED_PLOTS.get(code, 0)
            cand = [p for p in avail if 1.5 <= p.area_ha <= 6.0]
            for mark, k in zip(
                marks, rng.choice(len(cand), len(marks), replace=False), strict=True
            ):
                result[id(cand[k])] = (mark, None, None)
            avail = [p for p in avail if id(p) not in result]
        owner = partition([p.area_ha for p in avail], [p.want_ha for p in zone_projects])
        for p, j in zip(avail, owner, strict=True):
            proj = zone_projects[j]
            result[id(p)] = (PlotStatus(proj.status), None, proj.code)
            proj.area_ha += p.area_ha
            if proj.vsic.startswith("52"):
                p.use = LandUse.WAREHOUSE
    return result
