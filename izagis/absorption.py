"""Land absorption and when the land runs out: from the dated history of leases, hectares
absorbed per year per zone and for the province; the year each zone's leasable land is gone
at the recent rate, with a range; and the province's land runway, counting planned land by the
year it opens, so planners see which phase must be ready by when.

A lease is the arrival of land at an occupied status (leased, building, operating, delayed)
from any other, in ``plot_events``: the plots one project takes on one day are one lease.
Events an import wrote are left out (they are dated by the load, not by the lease); the
backfill dates by the investment certificate, the app by the day staff recorded it.

The rate is the land leased in the window (the last ``window`` years of the history) divided
by its years. Year by year from the base year (counted in full), that much land is leased, but
never more than is open by then: free land now (held land included), plus planned land from
the year it opens. ``fill_year`` is the year the last of it is leased; ``short_year`` the first
year demand exceeds the land open by then (the province's runway ends there, and a phase is
needed by the year the land open before it runs short). The ranges are the 10th to 90th
percentiles of a simulation that carries the uncertainty of a short history: lease arrivals
are Poisson with a rate drawn from its posterior given the window (Gamma(k + 1/2, T),
Jeffreys' prior: k leases in T years), lease sizes resampled from the window's; fewer years
of the same history give a wider range.

A zone with no plots on file (known by its outline and public facts only) has no forecast:
its land is unknown, so it is neither full nor never full. Its basis is "no plots on file",
with no years, rate or land (null), and it has no row of absorption; the province's rate,
runway and outlook cover the zones with plots on file (the others are listed in
``without_plots``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel
from sqlalchemy import Connection, text

from izagis import clock
from izagis.plot_state import OCCUPYING_EVENTS
from izagis.vocab import (
    EVENT_STATUS,
    LEASABLE_LAND_USES,
    EventSource,
    PlotStatus,
    sql_list,
)

WINDOW_YEARS = 10
SIMULATIONS = 4000
HORIZON_YEARS = 100  # a fill year further away than this is given as none
EPSILON_HA = 1e-6
OUTLOOK_YEARS = 30
RANGE_PERCENTILES = (10.0, 90.0)
SEED = 20240101

Basis = Literal["history", "full", "no history", "not yet leasable", "no plots on file"]


@dataclass(frozen=True)
class Lease:
    zone: str
    year: int
    ha: float


@dataclass
class Supply:
    """Land a unit can still lease: free now, and planned land by the year it opens."""

    free_ha: float = 0.0
    opening: dict[int, float] = field(default_factory=dict)

    def add(self, other: Supply) -> None:
        self.free_ha += other.free_ha
        for year, ha in other.opening.items():
            self.opening[year] = self.opening.get(year, 0.0) + ha

    def cumulative(self, base_year: int, years: int) -> np.ndarray:
        """Land leasable by each year from ``base_year`` on (planned land overdue counts
        from the base year)."""
        out = np.full(years, self.free_ha)
        for year, ha in self.opening.items():
            out[max(0, year - base_year) :] += ha
        return out

    @property
    def total_ha(self) -> float:
        return self.free_ha + sum(self.opening.values())


class Fill(BaseModel):
    fill_year: int | None  # the year the last of the land (planned land included) is leased
    fill_year_range: list[int | None]
    short_year: int | None  # the first year demand exceeds the land open by then
    short_year_range: list[int | None]
    basis: Basis
    rate_ha_per_year: float | None  # null: no plots on file
    leases_in_window: int
    free_ha: float | None  # null: no plots on file (unknown, not 0 ha)
    planned_ha: float | None  # leasable land not open yet, counted from the year it opens


class ZoneFill(Fill):
    code: str
    plots_on_file: bool  # false: no forecast (basis "no plots on file")


NO_PLOTS = Fill(
    fill_year=None,
    fill_year_range=[None, None],
    short_year=None,
    short_year_range=[None, None],
    basis="no plots on file",
    rate_ha_per_year=None,
    leases_in_window=0,
    free_ha=None,
    planned_ha=None,
)


class PhaseNeed(BaseModel):
    """A phase not open yet: when the province's land runs out without it and later ones."""

    code: str
    zone_code: str
    opens: int
    ha: float
    needed_by: int | None
    late: bool


class Absorption(BaseModel):
    years: list[int]
    province: list[float]
    zones: dict[str, list[float]]


class Outlook(BaseModel):
    """The province's land year by year from the base year: land open by each year
    (cumulative, planned land from the year it opens) against the land leased by then at the
    recent rate, with the simulation's 10th-90th percentile band."""

    years: list[int]
    open_ha: list[float]
    leased_ha: list[float]
    leased_low_ha: list[float]
    leased_high_ha: list[float]


class Forecast(BaseModel):
    base_year: int
    window: list[int]  # first and last year of the window the rate is taken from
    zones: list[ZoneFill]
    province: Fill  # the zones with plots on file
    zones_counted: int  # how many zones the province's figures cover
    without_plots: list[str]  # zones with no plots on file: no forecast, not counted
    runway_years: int | None
    runway_range: list[int | None]
    phases: list[PhaseNeed]
    absorption: Absorption
    outlook: Outlook | None  # None without leases in the window


def outlook(
    leases: list[Lease],
    supply: Supply,
    *,
    window: tuple[int, int],
    base_year: int,
    years: int = OUTLOOK_YEARS,
    seed: int = SEED,
) -> Outlook | None:
    """The land open and the land leased, year by year, for ``years`` years (see
    ``Outlook``); leasing never exceeds the land open."""
    sizes = [x.ha for x in leases if window[0] <= x.year <= window[1]]
    if not sizes:
        return None
    span = window[1] - window[0] + 1
    available = supply.cumulative(base_year, HORIZON_YEARS)
    point = _leased_path(np.full((1, HORIZON_YEARS), sum(sizes) / span), available)[0]
    sims = _leased_path(_simulate(sizes, span, seed), available)
    low, high = np.percentile(sims, RANGE_PERCENTILES, axis=0)

    def cut(values: np.ndarray) -> list[float]:
        return [round(float(v), 1) for v in values[:years]]

    return Outlook(
        years=list(range(base_year, base_year + years)),
        open_ha=cut(available),
        leased_ha=cut(point),
        leased_low_ha=cut(low),
        leased_high_ha=cut(high),
    )


def _leased_path(demand: np.ndarray, available: np.ndarray) -> np.ndarray:
    """Per row of yearly demand, the land leased by the end of each year (never more than
    is open)."""
    leased = np.zeros(demand.shape[0])
    out = np.empty_like(demand)
    for t in range(demand.shape[1]):
        leased = np.minimum(leased + demand[:, t], available[t])
        out[:, t] = leased
    return out


def fill(
    leases: list[Lease],
    supply: Supply,
    *,
    window: tuple[int, int],
    base_year: int,
    seed: int = SEED,
) -> Fill:
    """When ``supply`` runs short and runs out under the leases of ``window`` (its first and
    last year), from ``base_year`` on."""
    in_window = [x for x in leases if window[0] <= x.year <= window[1]]
    years = window[1] - window[0] + 1
    rate = sum(x.ha for x in in_window) / years
    none: dict[str, Any] = {
        "fill_year": None,
        "fill_year_range": [None, None],
        "short_year": None,
        "short_year_range": [None, None],
    }
    common: dict[str, Any] = {
        "rate_ha_per_year": round(rate, 2),
        "leases_in_window": len(in_window),
        "free_ha": round(supply.free_ha, 2),
        "planned_ha": round(supply.total_ha - supply.free_ha, 2),
    }
    if supply.total_ha <= 0:
        return Fill(basis="full", **none, **common)
    if supply.free_ha <= 0 and not leases:
        return Fill(basis="not yet leasable", **none, **common)
    if not in_window:
        return Fill(basis="no history", **none, **common)
    available = supply.cumulative(base_year, HORIZON_YEARS)
    point_out, point_short = _run(np.full((1, HORIZON_YEARS), rate), available)
    sims_out, sims_short = _run(_simulate([x.ha for x in in_window], years, seed), available)

    def years_of(point: float, sims: np.ndarray) -> tuple[int | None, list[int | None]]:
        low, high = np.percentile(sims, RANGE_PERCENTILES, method="nearest")
        low, high = min(float(low), point), max(float(high), point)
        return _year(point, base_year), [_year(low, base_year), _year(high, base_year)]

    fill_year, fill_range = years_of(float(point_out[0]), sims_out)
    short_year, short_range = years_of(float(point_short[0]), sims_short)
    return Fill(
        fill_year=fill_year,
        fill_year_range=fill_range,
        short_year=short_year,
        short_year_range=short_range,
        basis="history",
        **common,
    )


def _run(demand: np.ndarray, available: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lease land year by year, never more than is open: per row of yearly ``demand``, the
    index of the year the last land is leased and of the first year demand is not met
    (``HORIZON_YEARS`` where none)."""
    total = available[-1]
    leased = np.zeros(demand.shape[0])
    out = np.full(demand.shape[0], HORIZON_YEARS)
    short = np.full(demand.shape[0], HORIZON_YEARS)
    for t in range(demand.shape[1]):
        wanted = leased + demand[:, t]
        short[(short == HORIZON_YEARS) & (wanted >= available[t] - EPSILON_HA)] = t
        leased = np.minimum(wanted, available[t])
        out[(out == HORIZON_YEARS) & (leased >= total - EPSILON_HA)] = t
    return out, short


def _year(index: float, base_year: int) -> int | None:
    return None if index >= HORIZON_YEARS else base_year + int(index)


def _simulate(sizes: list[float], years: int, seed: int) -> np.ndarray:
    """Simulated yearly demand (runs x years): a Poisson rate drawn from its posterior per
    run, then yearly lease counts, and lease sizes resampled from ``sizes``."""
    rng = np.random.default_rng(seed)
    rates = rng.gamma(len(sizes) + 0.5, 1.0 / years, size=SIMULATIONS)
    counts = rng.poisson(rates[:, None], size=(SIMULATIONS, HORIZON_YEARS))
    drawn = rng.choice(np.asarray(sizes), size=int(counts.sum()))
    cells = np.repeat(np.arange(counts.size), counts.ravel())
    return np.bincount(cells, weights=drawn, minlength=counts.size).reshape(counts.shape)


def lease_history(conn: Connection) -> list[Lease]:
    """Every lease recorded in the plot events, by zone and year (see the module's note), in
    a fixed order (the simulation resamples lease sizes by position: the same data, the same
    ranges, whatever plan the database chose)."""
    occupying = sql_list(tuple(OCCUPYING_EVENTS))
    rows = conn.execute(
        text(
            f"""
            WITH status_events AS (
                SELECT e.*, lag(e.kind) OVER (
                           PARTITION BY e.plot_id ORDER BY e.happened_on, e.id) AS before
                FROM plot_events e WHERE e.kind IN {sql_list(tuple(EVENT_STATUS))}
            )
            SELECT z.code, extract(year FROM e.happened_on)::int AS year,
                   sum(p.area_m2) / 1e4 AS ha
            FROM status_events e JOIN plots p ON p.id = e.plot_id
            JOIN zones z ON z.id = p.zone_id
            WHERE e.kind IN {occupying}
              AND (e.before IS NULL OR e.before NOT IN {occupying})
              AND e.source <> '{EventSource.IMPORT.value}'
              AND p.land_use IN {sql_list(LEASABLE_LAND_USES)}
            GROUP BY z.code, e.happened_on, coalesce(e.project_id::text, 'plot ' || e.plot_id)
            ORDER BY 2, 1, e.happened_on, coalesce(e.project_id::text, 'plot ' || e.plot_id)
            """
        )
    ).all()
    return [Lease(zone=r.code, year=int(r.year), ha=float(r.ha)) for r in rows]


def zones_on_file(conn: Connection) -> dict[str, bool]:
    """Every zone's code, in order, and whether its plots are on file (as the zone API's
    ``plots_on_file``)."""
    rows = conn.execute(
        text(
            "SELECT z.code, EXISTS (SELECT 1 FROM plots q WHERE q.zone_id = z.id) AS on_file "
            "FROM zones z ORDER BY z.code"
        )
    ).all()
    return {str(r.code): bool(r.on_file) for r in rows}


def zone_supply(conn: Connection) -> dict[str, Supply]:
    """Per zone, its free leasable land now and its planned leasable land by opening year
    (the plot's leasable year, else its phase's)."""
    rows = conn.execute(
        text(
            f"""
            SELECT z.code, p.status, coalesce(p.leasable_year, ph.leasable_from) AS opens,
                   sum(p.area_m2) / 1e4 AS ha
            FROM plots p JOIN zones z ON z.id = p.zone_id
            LEFT JOIN zone_phases ph ON ph.id = p.phase_id
            WHERE p.land_use IN {sql_list(LEASABLE_LAND_USES)}
              AND p.status IN ('{PlotStatus.FREE.value}', '{PlotStatus.PLANNED.value}')
            GROUP BY 1, 2, 3
            """
        )
    ).all()
    supply: dict[str, Supply] = defaultdict(Supply)
    for r in rows:
        if r.status == PlotStatus.FREE or r.opens is None:
            supply[r.code].free_ha += float(r.ha)
        else:
            opening = supply[r.code].opening
            opening[int(r.opens)] = opening.get(int(r.opens), 0.0) + float(r.ha)
    zones = conn.execute(text("SELECT code FROM zones ORDER BY code")).scalars()
    return {code: supply[code] for code in zones}


def _phases_pending(conn: Connection, base_year: int) -> list[tuple[str, str, int, float]]:
    """Phases that open in ``base_year`` or later: code, zone, year, their planned leasable land."""
    rows = conn.execute(
        text(
            f"""
            SELECT ph.code, z.code AS zone_code, ph.leasable_from AS opens,
                   coalesce(sum(p.area_m2) FILTER (
                       WHERE p.land_use IN {sql_list(LEASABLE_LAND_USES)}
                         AND p.status = '{PlotStatus.PLANNED.value}'), 0) / 1e4 AS ha
            FROM zone_phases ph JOIN zones z ON z.id = ph.zone_id
            LEFT JOIN plots p ON p.phase_id = ph.id
            WHERE ph.leasable_from >= :base
            GROUP BY ph.id, z.code ORDER BY ph.leasable_from, ph.code
            """
        ),
        {"base": base_year},
    ).all()
    return [(r.code, r.zone_code, int(r.opens), float(r.ha)) for r in rows]


def absorption_table(leases: list[Lease], zones: list[str]) -> Absorption:
    """Hectares leased per year, from the first year of history to the last."""
    if not leases:
        return Absorption(years=[], province=[], zones={z: [] for z in zones})
    years = list(range(min(x.year for x in leases), max(x.year for x in leases) + 1))
    table = {z: [0.0] * len(years) for z in zones}
    for x in leases:
        table.setdefault(x.zone, [0.0] * len(years))[x.year - years[0]] += x.ha
    province = [round(sum(col), 2) for col in zip(*table.values(), strict=True)]
    return Absorption(
        years=years,
        province=province,
        zones={z: [round(v, 2) for v in vals] for z, vals in table.items()},
    )


def forecast(
    conn: Connection, *, window: int = WINDOW_YEARS, base_year: int | None = None
) -> Forecast:
    """Each zone's fill year, the province's runway and the phases it needs, by when."""
    base = base_year if base_year is not None else clock.today().year
    leases = lease_history(conn)
    on_file = zones_on_file(conn)
    supply = {code: s for code, s in zone_supply(conn).items() if on_file.get(code)}
    last = max((x.year for x in leases), default=base - 1)
    span = (last - window + 1, last)
    zones = [
        ZoneFill(
            code=code,
            plots_on_file=known,
            **(
                fill(
                    [x for x in leases if x.zone == code], supply[code], window=span, base_year=base
                )
                if known
                else NO_PLOTS
            ).model_dump(),
        )
        for code, known in on_file.items()
    ]
    total = Supply()
    for s in supply.values():
        total.add(s)
    province = fill(leases, total, window=span, base_year=base) if supply else NO_PLOTS
    runway = None if province.short_year is None else province.short_year - base
    runway_range = [None if y is None else y - base for y in province.short_year_range]
    return Forecast(
        base_year=base,
        window=list(span),
        zones=zones,
        province=province,
        zones_counted=len(supply),
        without_plots=[code for code, known in on_file.items() if not known],
        runway_years=runway,
        runway_range=runway_range,
        phases=_phase_needs(_phases_pending(conn, base), total, province, base),
        absorption=absorption_table(leases, list(supply)),
        outlook=outlook(leases, total, window=span, base_year=base),
    )


def _phase_needs(
    pending: list[tuple[str, str, int, float]], total: Supply, province: Fill, base: int
) -> list[PhaseNeed]:
    """For each phase not open yet: the year the province runs out at the recent rate with
    only the land that opens before it (so the phase is needed by then)."""
    rate = province.rate_ha_per_year
    needs = []
    for code, zone, opens, ha in pending:
        before = Supply(
            free_ha=total.free_ha, opening={y: v for y, v in total.opening.items() if y < opens}
        )
        needed_by = None
        if rate is not None and rate > 0:
            available = before.cumulative(base, HORIZON_YEARS)
            _, short = _run(np.full((1, HORIZON_YEARS), rate), available)
            needed_by = _year(float(short[0]), base)
        needs.append(
            PhaseNeed(
                code=code,
                zone_code=zone,
                opens=opens,
                ha=round(ha, 2),
                needed_by=needed_by,
                late=needed_by is not None and needed_by < opens,
            )
        )
    return needs
