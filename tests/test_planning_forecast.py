"""The fill forecast on constructed histories with known answers: the year land runs out at the
recent rate, planned land counted from the year it opens, a range that widens as the history
shortens, the reasons given when no year can be; and the leases read from plot events."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from izagis import absorption, clock, plot_state
from izagis.absorption import Lease, Supply, fill
from izagis.vocab import PlotEventKind

BASE = 2026


def steady(first: int, last: int, ha: float = 10.0, zone: str = "Z") -> list[Lease]:
    """One lease of ``ha`` a year, every year from ``first`` to ``last``."""
    return [Lease(zone=zone, year=y, ha=ha) for y in range(first, last + 1)]


def width(answer: absorption.Fill) -> int:
    low, high = answer.fill_year_range
    assert low is not None and high is not None
    return high - low


def test_free_land_runs_out_at_the_recent_rate() -> None:
    """10 ha a year and 50 ha free: the fifth year, counting this one, leases the last."""
    answer = fill(steady(2014, 2023), Supply(free_ha=50), window=(2014, 2023), base_year=BASE)
    assert answer.basis == "history" and answer.rate_ha_per_year == 10
    assert answer.fill_year == BASE + 4 and answer.short_year == BASE + 4
    low, high = answer.fill_year_range
    assert low is not None and high is not None and low <= BASE + 4 <= high
    assert answer.leases_in_window == 10


def test_only_the_window_sets_the_rate() -> None:
    """Twenty years of history, the older ten at 30 ha a year: the window of the last ten
    sees 10 ha a year, a window of twenty 20."""
    history = steady(2004, 2013, ha=30) + steady(2014, 2023)
    recent = fill(history, Supply(free_ha=60), window=(2014, 2023), base_year=BASE)
    whole = fill(history, Supply(free_ha=60), window=(2004, 2023), base_year=BASE)
    assert (recent.rate_ha_per_year, recent.fill_year) == (10, BASE + 5)
    assert (whole.rate_ha_per_year, whole.fill_year) == (20, BASE + 2)


def test_planned_land_counts_from_the_year_it_opens() -> None:
    """20 ha free now and 30 ha opening in 2031, at 10 ha a year: short in 2027 (the free
    land is gone and the phase not open), full in 2033 (three years after it opens)."""
    supply = Supply(free_ha=20, opening={2031: 30})
    answer = fill(steady(2014, 2023), supply, window=(2014, 2023), base_year=BASE)
    assert answer.short_year == 2027
    assert answer.fill_year == 2033
    assert answer.free_ha == 20 and answer.planned_ha == 30


def test_the_range_widens_as_the_history_shortens() -> None:
    """The same steady 10 ha a year, known over 20, 10, 5 and 2 years: the same point, and a
    range at least as wide each time the history is cut, wider overall."""
    supply = Supply(free_ha=100)
    widths = []
    for years in (20, 10, 5, 2):
        answer = fill(
            steady(2024 - years, 2023), supply, window=(2024 - years, 2023), base_year=BASE
        )
        assert answer.fill_year == BASE + 9
        widths.append(width(answer))
    assert widths == sorted(widths) and widths[-1] > widths[0]


def test_no_year_where_none_can_be_given() -> None:
    window = (2014, 2023)
    full = fill(steady(2014, 2023), Supply(), window=window, base_year=BASE)
    assert (full.basis, full.fill_year, full.fill_year_range) == ("full", None, [None, None])
    planned_only = fill([], Supply(opening={2028: 50}), window=window, base_year=BASE)
    assert (planned_only.basis, planned_only.fill_year) == ("not yet leasable", None)
    quiet = fill(steady(2000, 2005), Supply(free_ha=50), window=window, base_year=BASE)
    assert (quiet.basis, quiet.fill_year) == ("no history", None)


def test_too_slow_to_fill_within_the_horizon() -> None:
    answer = fill(
        steady(2014, 2023, ha=0.5), Supply(free_ha=500), window=(2014, 2023), base_year=BASE
    )
    assert answer.basis == "history" and answer.fill_year is None


def test_leases_are_read_from_plot_events(writable: Engine) -> None:
    """A free TD2 plot leased in the app today is a lease of its area this year; its later
    steps (building, operating) are not new leases. (The plot's history starts today: the
    import recorded it free then.)"""
    today = clock.today()
    with writable.begin() as conn:
        before = absorption.lease_history(conn)
        code, ha = conn.execute(
            text(
                "SELECT p.code, p.area_m2 / 1e4 FROM plots p JOIN zones z ON z.id = p.zone_id "
                "WHERE z.code = 'TD2' AND p.status = 'free' AND p.land_use = 'industrial' "
                "AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.plot_id = p.id) "
                "ORDER BY p.code LIMIT 1"
            )
        ).one()
        for kind in (PlotEventKind.LEASED, PlotEventKind.BUILDING, PlotEventKind.OPERATING):
            plot_state.record_event(conn, plot_code=code, kind=kind, happened_on=today)
        after = absorption.lease_history(conn)
        added = [x for x in after if x not in before or after.count(x) > before.count(x)]
        assert added == [Lease(zone="TD2", year=today.year, ha=pytest.approx(ha))]  # type: ignore[arg-type]
        forecast = absorption.forecast(conn, base_year=today.year + 1)
    assert forecast.window == [today.year - 9, today.year]  # ends with the newest lease
    assert forecast.absorption.years[-1] == today.year
    td2 = forecast.absorption.zones["TD2"]
    assert td2[-1] == pytest.approx(ha, abs=0.01)


def test_the_outlook_leases_the_land_open_year_by_year_with_a_band() -> None:
    """10 ha a year against 30 ha free and 20 ha opening in 2029: leased 10, 20, 30, then
    held at 30 until 2029 opens the rest, then 40, 50; the band holds the path."""
    supply = Supply(free_ha=30, opening={2029: 20})
    path = absorption.outlook(
        steady(2014, 2023), supply, window=(2014, 2023), base_year=BASE, years=7
    )
    assert path is not None
    assert path.years == list(range(2026, 2033))
    assert path.open_ha == [30, 30, 30, 50, 50, 50, 50]
    assert path.leased_ha == [10, 20, 30, 40, 50, 50, 50]
    for low, mid, high, cap in zip(
        path.leased_low_ha, path.leased_ha, path.leased_high_ha, path.open_ha, strict=True
    ):
        assert low <= mid <= high <= cap
    assert absorption.outlook([], supply, window=(2014, 2023), base_year=BASE) is None
