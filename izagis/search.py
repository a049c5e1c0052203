"""Site search: hard needs filter the available plots, soft criteria rank what passes, and the
answer explains every number.

One parallel pass over the available plots counts what each hard need excludes and collects
the ids of the plots that pass (izagis.hard_needs); their zone's terms and precomputed distances
(``plot_access``) are then read by id, and the ranking is whole-array numpy operations. Land
assembly grows groups of neighbours from ``plot_adjacency`` without building geometry, only from
seeds whose connected land can make the area.
"""

from __future__ import annotations

import datetime as dt
import json
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, text

from izagis import clock, hard_needs, phases, robustness, scoring
from izagis.answers import SearchAnswer
from izagis.criteria import ACCESS_KINDS, CRITERIA, CRITERION_NAMES, profile_for
from izagis.errors import InvalidInputError
from izagis.needs import MAX_DISTANCE_KINDS, MIN_DISTANCE_KINDS, PROTECTED_KINDS, SiteNeeds
from izagis.registry import LEASABLE
from izagis.shortlist import shortlist

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

ASSEMBLIES_PER_ZONE = 5
ASSEMBLY_SEEDS_PER_ZONE = 50
# Assembly joins neighbours into a site, not a whole zone: at most this many plots a group,
# and at most this many candidate evaluations in one search (about a second of work).
MAX_GROUP_PLOTS = 60
ASSEMBLY_EVALUATIONS = 2_000_000
READINESS = {"free": 1.0, "delayed": 0.5}

_DIST_COLUMNS = sorted(
    {f"d_{k}" for k in MAX_DISTANCE_KINDS} | {f"d_{k}" for k in MIN_DISTANCE_KINDS}
)
# Column name -> SQL over plots p, zones z and plot_access a.
_COLUMNS = {
    "id": "p.id",
    "code": "p.code",
    "zone_code": "z.code",
    "status": "p.status",
    "zone_id": "p.zone_id",
    "leasable_year": "p.leasable_year",
    "area_ha": "p.area_m2 / 1e4",
    "lease_price": "z.lease_price_usd_m2::float8",
    "power_cap": "z.power_mva::float8",
    "power_used": "z.power_used_mva::float8",
    "water_cap": "z.water_m3_day::float8",
    "water_used": "z.water_used_m3_day::float8",
    "wastewater_cap": "z.wastewater_m3_day::float8",
    "wastewater_used": "z.wastewater_used_m3_day::float8",
    **{c: f"a.{c}" for c in _DIST_COLUMNS},
    "perimeter_m": "a.perimeter_m",
}
_UTILITIES = (
    ("power", "power_mva"),
    ("water", "water_m3_day"),
    ("wastewater", "wastewater_m3_day"),
)


@dataclass
class Pool:
    """Columns of the available plots (or of assembled candidates), one entry per row."""

    ids: list[list[int]]
    codes: list[list[str]]
    zone: npt.NDArray[np.str_]
    status: npt.NDArray[np.str_]
    leasable_year: FloatArray
    area_ha: FloatArray
    cols: dict[str, FloatArray]

    def take(self, mask: BoolArray | npt.NDArray[np.intp]) -> Pool:
        idx = np.flatnonzero(mask) if mask.dtype == bool else mask
        return Pool(
            ids=[self.ids[i] for i in idx],
            codes=[self.codes[i] for i in idx],
            zone=self.zone[idx],
            status=self.status[idx],
            leasable_year=self.leasable_year[idx],
            area_ha=self.area_ha[idx],
            cols={k: v[idx] for k, v in self.cols.items()},
        )

    def __len__(self) -> int:
        return len(self.ids)


def _rows(conn: Connection, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows of ``sql``, fetched in binary (arrays arrive as whole columns)."""
    driver = conn.connection.driver_connection
    with driver.cursor(binary=True) as cursor:  # type: ignore[union-attr]
        # A scan of every available plot looks costly enough for JIT compilation, which
        # takes longer than the scan itself (for this transaction only).
        cursor.execute("SET LOCAL jit = off")
        # Never prepared: a generic plan would not see the arrays' sizes (nor hash them).
        cursor.execute(text(sql).compile(dialect=conn.dialect).string, params, prepare=False)
        rows = cursor.fetchall()
        names = [d.name for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in rows]


def _run(conn: Connection, sql: str, params: dict[str, Any]) -> dict[str, Any]:
    """The one row of ``sql``, fetched in binary."""
    (row,) = _rows(conn, sql, params)
    return row


def _int_array(ids: list[int]) -> str:
    """``ids`` as one array literal, which PostgreSQL parses far faster than the driver adapts
    a list of a hundred thousand ints."""
    return "{" + ",".join(map(str, ids)) + "}"


def _pool(column: dict[str, Any], today: dt.date) -> Pool:
    order = np.argsort(np.array(column["id"], dtype=np.int64), kind="stable")
    numeric = list(_COLUMNS)[6:]  # area_ha onwards
    pool = Pool(
        ids=[[column["id"][i]] for i in order],
        codes=[[column["code"][i]] for i in order],
        zone=np.array(column["zone_code"], dtype=str)[order],
        status=np.array(column["status"], dtype=str)[order],
        leasable_year=np.array(column["leasable_year"], dtype=float)[order],
        area_ha=np.array(column["area_ha"], dtype=float)[order],
        cols={name: np.array(column[name], dtype=float)[order] for name in numeric},
    )
    pool.cols["readiness"] = _readiness(pool.status, pool.leasable_year, today)
    return pool


@dataclass
class _Eligible:
    """What assembly needs of the plots that fail only the area: id, zone, area and
    perimeter, by plot id."""

    ids: npt.NDArray[np.int64]
    zone_ids: npt.NDArray[np.int64]
    area_ha: FloatArray
    perimeter_m: FloatArray


# What land assembly needs of a plot, as SQL over plots p and plot_access a.
_ELIGIBLE = {
    "id": "p.id",
    "zone_id": "p.zone_id",
    "area_ha": "p.area_m2 / 1e4",
    "perimeter_m": "a.perimeter_m",
}


@dataclass
class _Fetched:
    singles: Pool  # the plots that pass every hard need
    considered: int  # leasable plots
    counts: list[int]  # available plots by the first need they fail (0: none)
    eligible: _Eligible | None  # what assembly may join (None: assembly not allowed)


def _fetch(
    conn: Connection,
    needs: SiteNeeds,
    hard: hard_needs.Needs,
    today: dt.date,
    held_for: int | None,
) -> _Fetched:
    """The single plots that pass, the counts and what assembly may join, from one parallel
    pass over the available plots; then the columns of the plots that pass, by id."""
    sql = hard_needs.pass_query(hard, _ELIGIBLE if needs.allow_assembly else None)
    params = {**hard.params, "statuses": list(needs.availability), "held_for": held_for}
    counts = [0] * (len(hard.checks) + 1)
    ids: list[int] = []
    found: dict[str, Any] = {f"eligible_{name}": [] for name in _ELIGIBLE}
    for row in _rows(conn, sql, params):
        first = hard.first_failed(tuple(row[f"c{n}"] for n in range(1, len(counts))))
        counts[first] += int(row["n"])
        if first == 0:
            ids = row["ids"]
        elif first == len(hard.checks) and needs.allow_assembly:
            found = row
    singles = _members(conn, ids, today)
    eligible = None
    if needs.allow_assembly:
        order = np.argsort(np.array(found["eligible_id"], dtype=np.int64), kind="stable")
        eligible = _Eligible(
            ids=np.array(found["eligible_id"], dtype=np.int64)[order],
            zone_ids=np.array(found["eligible_zone_id"], dtype=np.int64)[order],
            area_ha=np.array(found["eligible_area_ha"], dtype=float)[order],
            perimeter_m=np.array(found["eligible_perimeter_m"], dtype=float)[order],
        )
    return _Fetched(singles=singles, considered=_considered(conn), counts=counts, eligible=eligible)


# (database, data version) -> leasable plots: counting a million plots costs more than the rest
# of a search, and the count changes only with a write (which bumps the version).
_CONSIDERED: dict[tuple[str, int], int] = {}


def _considered(conn: Connection) -> int:
    version = int(conn.execute(text("SELECT version FROM data_version")).scalar_one())
    key = (str(conn.engine.url), version)
    if key not in _CONSIDERED:
        version_now, count = conn.execute(
            text(
                "SELECT version, (SELECT count(*) FROM plots p WHERE p.land_use IN "
                f"{LEASABLE}) FROM data_version"
            )
        ).one()
        if len(_CONSIDERED) > 64:
            _CONSIDERED.clear()
        _CONSIDERED[(key[0], int(version_now))] = int(count)
        return int(count)
    return _CONSIDERED[key]


def _check_zone_codes(conn: Connection, needs: SiteNeeds) -> None:
    for name in ("zones", "exclude_zones"):
        codes = sorted(set(getattr(needs, name) or []))
        if not codes:
            continue
        known = set(
            conn.execute(
                text("SELECT code FROM zones WHERE code = ANY(:codes)"), {"codes": codes}
            ).scalars()
        )
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise InvalidInputError(f"unknown zone codes: {', '.join(unknown)}", field=name)


# The pairs of neighbours among the plots ``:ids``.
ADJACENCY_SQL = (
    "SELECT coalesce(array_agg(j.a), '{}') AS a, coalesce(array_agg(j.b), '{}') AS b, "
    "coalesce(array_agg(j.shared_m), '{}') AS shared_m FROM plot_adjacency j "
    "WHERE j.a = ANY(CAST(:ids AS int[])) AND j.b = ANY(CAST(:ids AS int[]))"
)


def _adjacency(
    conn: Connection, ids: list[int]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray]:
    """Pairs ``(a, b)`` of these plots sharing a boundary (``plot_adjacency``), with the shared
    metres, fetched as three arrays in binary. A parallel scan of the pairs, each end looked up
    in a hash of ``ids``, beats a hundred thousand index probes."""
    row = _run(conn, ADJACENCY_SQL, {"ids": _int_array(ids)})
    return (
        np.array(row["a"], dtype=np.int64),
        np.array(row["b"], dtype=np.int64),
        np.array(row["shared_m"], dtype=float),
    )


def _compactness(area_m2: float, perimeter_m: float) -> float:
    """Polsby-Popper: 1 for a circle, small for long thin unions."""
    return 4 * np.pi * area_m2 / perimeter_m**2


@dataclass
class _Parcels:
    """What assembly needs of the eligible plots: area, perimeter and shared edges."""

    area_m2: dict[int, float]
    perimeter_m: dict[int, float]
    shared_m: dict[int, dict[int, float]]


class _Budget:
    """Candidate evaluations left for land assembly in one search: a request that would need
    huge groups in many zones stops early instead of holding a worker for minutes."""

    def __init__(self, evaluations: int) -> None:
        self.left = evaluations


def _grow(
    seed: int, parcels: _Parcels, needs: SiteNeeds, budget: _Budget
) -> tuple[frozenset[int], float] | None:
    """Grow a group from ``seed`` by the neighbour that keeps the union most compact.

    The union's perimeter is the members' perimeters less twice their shared edges, so no
    geometry is built while growing; the frontier (neighbours and the edge each shares with the
    group) is kept as the group grows. A group may hold at most ``MAX_GROUP_PLOTS`` plots.
    """
    group, area, perimeter = {seed}, parcels.area_m2[seed], parcels.perimeter_m[seed]
    frontier = dict(parcels.shared_m[seed])
    while area < needs.area_ha.min * 1e4:
        if not frontier or len(group) >= MAX_GROUP_PLOTS or budget.left <= 0:
            return None
        budget.left -= len(frontier)
        _, neg_pid, area, perimeter = max(
            (
                _compactness(
                    area + parcels.area_m2[pid],
                    perimeter + parcels.perimeter_m[pid] - 2 * shared,
                ),
                -pid,
                area + parcels.area_m2[pid],
                perimeter + parcels.perimeter_m[pid] - 2 * shared,
            )
            for pid, shared in frontier.items()
        )
        added = -neg_pid
        group.add(added)
        del frontier[added]
        for neighbour, shared in parcels.shared_m[added].items():
            if neighbour not in group:
                frontier[neighbour] = frontier.get(neighbour, 0.0) + shared
    if needs.area_ha.max is not None and area > needs.area_ha.max * 1e4:
        return None
    return frozenset(group), _compactness(area, perimeter)


def _components(n: int, a: npt.NDArray[np.intp], b: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """A label for each of ``n`` nodes, the same for the nodes the edges ``(a, b)`` connect:
    each edge lowers both ends to the smaller label, then labels jump to their label's label."""
    labels = np.arange(n)
    while True:
        low = np.minimum(labels[a], labels[b])
        lowered = labels.copy()
        np.minimum.at(lowered, a, low)
        np.minimum.at(lowered, b, low)
        lowered = lowered[lowered]
        if np.array_equal(lowered, labels):
            return labels
        labels = lowered


def _grow_zones(
    by_zone: dict[str, list[int]],
    parcels: _Parcels,
    needs: SiteNeeds,
    budget: _Budget,
    skip: set[int],
) -> list[list[int]]:
    """Grow groups from each zone's largest plots (but the seeds in ``skip``), zone by zone;
    keep the most compact first, no plot in two groups."""
    groups: list[list[int]] = []
    for zone in sorted(by_zone):
        seeds = by_zone[zone]
        grown = {
            g
            for g in (_grow(seed, parcels, needs, budget) for seed in seeds if seed not in skip)
            if g is not None
        }
        taken: set[int] = set()
        chosen = 0
        for group, _ in sorted(grown, key=lambda gc: (-gc[1], sorted(gc[0]))):
            if chosen == ASSEMBLIES_PER_ZONE:
                break
            if group.isdisjoint(taken):
                groups.append(sorted(group))
                taken |= group
                chosen += 1
    return groups


def _parcels(
    ids: npt.NDArray[np.int64],
    area_m2: FloatArray,
    perimeter_m: FloatArray,
    pairs: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], FloatArray],
) -> _Parcels:
    """The parcels ``ids`` with the pairs among them."""
    parcels = _Parcels(
        area_m2=dict(zip(ids.tolist(), area_m2.tolist(), strict=True)),
        perimeter_m=dict(zip(ids.tolist(), perimeter_m.tolist(), strict=True)),
        shared_m={pid: {} for pid in ids.tolist()},
    )
    for a, b, shared in zip(*(v.tolist() for v in pairs), strict=True):
        if a in parcels.shared_m and b in parcels.shared_m:
            parcels.shared_m[a][b] = parcels.shared_m[b][a] = shared
    return parcels


def _assemble(
    conn: Connection, eligible: _Eligible, needs: SiteNeeds, met: set[str]
) -> list[list[int]]:
    """Groups of adjacent plots, zone by zone, most compact first, no plot in two groups.

    Only zones where no single plot meets the area (not in ``met``) and whose eligible land
    makes it grow groups, and only from seeds whose connected land (``plot_adjacency`` joins
    plots of one zone) makes it: a seed whose component is too small can only fail. The
    evaluations those seeds would have spent count against the budget at their most (a
    component of k plots: (k - 1)^2); should the budget then run out, the search grows every
    seed again with the whole budget, so the groups are always those of growing every seed.
    """
    if not len(eligible.ids):
        return []
    zones, zone_of = np.unique(eligible.zone_ids, return_inverse=True)
    rows = conn.execute(
        text("SELECT id, code FROM zones WHERE id = ANY(:ids)"), {"ids": zones.tolist()}
    )
    codes: dict[int, str] = {int(row[0]): str(row[1]) for row in rows}
    zone_codes = [codes[z] for z in zones.tolist()]
    area_m2 = eligible.area_ha * 1e4
    min_m2 = needs.area_ha.min * 1e4
    # Each zone's eligible land, summed in plot order.
    land = np.bincount(zone_of, weights=area_m2, minlength=len(zones))
    open_zone = ~(land < min_m2) & ~np.isin(zone_codes, sorted(met))
    keep = open_zone[zone_of]
    ids, area_m2, zone_of = eligible.ids[keep], area_m2[keep], zone_of[keep]
    perimeter_m = eligible.perimeter_m[keep]
    if not len(ids):
        return []
    # Each zone's largest plots as seeds (ties by plot id).
    order = np.lexsort((ids, -area_m2, zone_of))
    _, starts, counts = np.unique(zone_of[order], return_index=True, return_counts=True)
    rank = np.arange(len(order)) - np.repeat(starts, counts)
    seeds = order[rank < ASSEMBLY_SEEDS_PER_ZONE]
    by_zone: dict[str, list[int]] = {}
    for zone, pid in zip(zone_of[seeds].tolist(), ids[seeds].tolist(), strict=True):
        by_zone.setdefault(zone_codes[zone], []).append(pid)
    pairs = _adjacency(conn, ids.tolist())
    labels = _components(len(ids), np.searchsorted(ids, pairs[0]), np.searchsorted(ids, pairs[1]))
    # A margin for the order of the sums: a seed at the limit is grown.
    hopeless = np.bincount(labels, weights=area_m2)[labels] < min_m2 * (1 - 1e-9)
    size = np.bincount(labels)[labels]
    skip = set(ids[seeds][hopeless[seeds]].tolist())
    spared = int(((size[seeds][hopeless[seeds]] - 1) ** 2).sum())
    budget = _Budget(ASSEMBLY_EVALUATIONS - spared)
    grow = ~hopeless
    parcels = _parcels(ids[grow], area_m2[grow], perimeter_m[grow], pairs)
    groups = _grow_zones(by_zone, parcels, needs, budget, skip)
    if budget.left <= 0:
        parcels = _parcels(ids, area_m2, perimeter_m, pairs)
        groups = _grow_zones(by_zone, parcels, needs, _Budget(ASSEMBLY_EVALUATIONS), set())
    return groups


def _members(conn: Connection, ids: list[int], today: dt.date) -> Pool:
    """The columns of the plots ``ids`` (that pass, or members of assembled groups), each
    looked up by its id."""
    arrays = ", ".join(f"coalesce(array_agg({sql}), '{{}}') AS {c}" for c, sql in _COLUMNS.items())
    sql = (
        f"SELECT {arrays} FROM unnest(CAST(:ids AS int[])) AS m(id) "
        "JOIN plots p ON p.id = m.id JOIN zones z ON z.id = p.zone_id "
        "JOIN plot_access a ON a.plot_id = p.id"
    )
    # In id order, the lookups walk the indexes and tables in order.
    return _pool(_run(conn, sql, {"ids": _int_array(sorted(ids))}), today)


def _assemblies(pool: Pool, groups: list[list[int]]) -> Pool:
    """Assembled candidates: ``groups`` of the plots of ``pool``."""
    row_of = {ids[0]: i for i, ids in enumerate(pool.ids)}
    members = [np.array([row_of[pid] for pid in g]) for g in groups]
    # A group is as near as its nearest member and as ready as its least ready one; zone
    # terms are the same for all members.
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns stay NaN
        cols = {k: np.array([np.nanmin(v[m]) for m in members]) for k, v in pool.cols.items()}
        latest = np.array([np.nanmax(pool.leasable_year[m]) for m in members])
    return Pool(
        ids=[[pool.ids[i][0] for i in m] for m in members],
        codes=[[pool.codes[i][0] for i in m] for m in members],
        zone=np.array([pool.zone[m[0]] for m in members], dtype=str),
        status=np.array(["assembled"] * len(members), dtype=str),
        leasable_year=latest,
        area_ha=np.array([pool.area_ha[m].sum() for m in members]),
        cols=cols,
    )


def _readiness(
    status: npt.NDArray[np.str_], leasable_year: FloatArray, today: dt.date
) -> FloatArray:
    """1 for free land; 0.5 for land to reclaim; planned land by the years until leasable."""
    years = leasable_year - today.year
    planned = np.clip(1 - (np.nan_to_num(years, nan=10) + 1) / 10, 0, 1)
    known = np.select([status == s for s in READINESS], list(READINESS.values()), np.nan)
    return np.where(status == "planned", planned, known)


def criterion_values(pool: Pool, needs: SiteNeeds) -> FloatArray:
    """The (candidates x criteria) matrix, in the order of ``CRITERIA``, NaN where missing."""
    target = needs.wanted_ha()
    headroom = []
    for utility, field in _UTILITIES:
        cap = pool.cols[f"{utility}_cap"]
        need = getattr(needs, field) or 0.0
        with np.errstate(invalid="ignore", divide="ignore"):
            headroom.append(np.where(cap > 0, (cap - pool.cols[f"{utility}_used"] - need) / cap, 0))
    values = {
        "lease_price": pool.cols["lease_price"],
        "area_fit": np.abs(pool.area_ha - target),
        **{kind: pool.cols[f"d_{kind}"] / 1000 for kind in ACCESS_KINDS},
        "hanoi": pool.cols["d_hanoi"] / 1000,
        "labour_pool": pool.cols["d_residential"] / 1000,
        "utility_headroom": _nanmin(np.vstack(headroom)),
        "constraint_margin": _nanmin(np.vstack([pool.cols[f"d_{k}"] for k in PROTECTED_KINDS]))
        / 1000,
        "readiness": pool.cols["readiness"],
    }
    matrix = np.column_stack([values[c.name] for c in CRITERIA]).astype(float)
    # A missing value (no price on file, no feature of a kind) stays NaN: scoring decides.
    return matrix.reshape(len(pool), len(CRITERIA))


def _geometries(conn: Connection, groups: list[list[int]]) -> list[dict[str, Any]]:
    rows = conn.execute(
        text(
            "SELECT g.n, ST_AsGeoJSON(ST_Union(p.geom), 7) FROM unnest(CAST(:groups AS text[])) "
            "WITH ORDINALITY AS g(ids, n) CROSS JOIN LATERAL (SELECT geom FROM plots "
            "WHERE id = ANY(string_to_array(g.ids, ',')::int[])) p GROUP BY g.n ORDER BY g.n"
        ),
        {"groups": [",".join(map(str, g)) for g in groups]},
    )
    return [json.loads(geojson) for _, geojson in rows]


def site_search(
    conn: Connection,
    needs: SiteNeeds,
    *,
    today: dt.date | None = None,
    held_for: int | None = None,
) -> SearchAnswer:
    """Rank the sites that meet ``needs`` (planned land's readiness counted from ``today``);
    plots held for the enquiry ``held_for`` stay available to it."""
    _check_zone_codes(conn, needs)
    weights, ahp = scoring.resolve_weights(needs)

    today = today or clock.today()
    hard = hard_needs.hard_needs(needs)
    fetched = _fetch(conn, needs, hard, today, held_for)
    considered, counts = fetched.considered, fetched.counts
    excluded: dict[str, int] = {"availability": considered - sum(counts)}
    for (need, _), n in zip(hard.checks, counts[1:], strict=True):
        excluded[need] = n
    candidates = fetched.singles
    groups = (
        _assemble(conn, fetched.eligible, needs, set(candidates.zone.tolist()))
        if fetched.eligible is not None
        else []
    )
    if groups:
        members = _members(conn, sorted({pid for g in groups for pid in g}), today)
        candidates = _concat(candidates, _assemblies(members, groups))

    values = (
        criterion_values(candidates, needs) if len(candidates) else np.zeros((0, len(CRITERIA)))
    )
    # Candidates in dominance-respecting order, so that score ties never rank a dominated one
    # first (value functions are flat at their ends).
    first = scoring.tiebreak_order(values, weights)
    candidates, values = candidates.take(first), values[first]
    scored = scoring.score(values, weights, needs)
    rank_of = np.empty(len(candidates), dtype=np.intp)
    rank_of[scored.order] = np.arange(1, len(candidates) + 1)
    shown, held_back = shortlist(
        scored.order,
        candidates.zone,
        max_per_zone=needs.max_per_zone,
        group_by_zone=needs.group_by_zone,
    )
    shown = shown[: needs.limit]
    robust = _robustness(scored, weights, needs)
    geometries = _geometries(conn, [candidates.ids[i] for i in shown]) if len(shown) else []
    in_phase = phases.phases_of(conn, [candidates.ids[i] for i in shown])
    relative, basis = scoring.SCORE_BASIS[(needs.normalization, needs.method)]
    answer = {
        "method": needs.method,
        "normalization": needs.normalization,
        "relative_scores": relative,
        "score_basis": basis,
        "profile": profile_for(needs.industry),
        "weights": {n: round(float(w), 6) for n, w in zip(CRITERION_NAMES, weights, strict=True)},
        "ahp": ahp,
        "considered": considered,
        "passed": len(candidates),
        "held_back": held_back,
        "excluded": excluded,
        "candidates": [
            _candidate(int(rank_of[i]), i, candidates, scored, geometry, robust) | {"phase": phase}
            for i, geometry, phase in zip(shown, geometries, in_phase, strict=True)
        ],
        "sensitivity": scoring.sensitivity(scored, weights, candidates.codes),
        "robustness": None
        if robust is None or needs.robustness is None
        else {
            "samples": robust.samples,
            "weight_spread": needs.robustness.weight_spread,
            "seed": needs.robustness.seed,
            "ranks_reported": int(robust.ranks.shape[1]),
        },
    }
    return SearchAnswer.model_validate(answer)


def _robustness(
    scored: scoring.Scored, weights: FloatArray, needs: SiteNeeds
) -> robustness.Acceptability | None:
    if needs.robustness is None:
        return None
    return robustness.smaa(
        scored.smaa_matrix(),
        weights,
        needs.method,
        scored.directions,
        samples=needs.robustness.samples,
        spread=needs.robustness.weight_spread,
        seed=needs.robustness.seed,
    )


def _concat(a: Pool, b: Pool) -> Pool:
    return Pool(
        ids=a.ids + b.ids,
        codes=a.codes + b.codes,
        zone=np.concatenate([a.zone, b.zone]),
        status=np.concatenate([a.status, b.status]),
        leasable_year=np.concatenate([a.leasable_year, b.leasable_year]),
        area_ha=np.concatenate([a.area_ha, b.area_ha]),
        cols={k: np.concatenate([a.cols[k], b.cols[k]]) for k in a.cols},
    )


def _candidate(
    rank: int,
    i: int,
    pool: Pool,
    scored: scoring.Scored,
    geometry: dict[str, Any],
    robust: robustness.Acceptability | None,
) -> dict[str, Any]:
    return {
        "rank": rank,
        "score": round(float(scored.ranking.scores[i]), 6),
        "plot_codes": pool.codes[i],
        "zone_code": str(pool.zone[i]),
        "area_ha": round(float(pool.area_ha[i]), 4),
        "assembled": len(pool.ids[i]) > 1,
        "status": str(pool.status[i]),
        "leasable_year": None if np.isnan(pool.leasable_year[i]) else int(pool.leasable_year[i]),
        "geometry": geometry,
        "criteria": scoring.breakdown(scored, i),
        "rank_acceptability": None
        if robust is None
        else [round(float(b), 4) for b in robust.ranks[i]],
        "top3_probability": None if robust is None else round(float(robust.top3[i]), 4),
    }


def _nanmin(rows: FloatArray) -> FloatArray:
    """Column minima ignoring NaN; NaN where a column has nothing else."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns stay NaN
        return np.nanmin(rows, axis=0)
