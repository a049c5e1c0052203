"""The KPIs are sums over the projects and events on file: checked against the small world's
own four projects and nine events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx
import pytest

from tests.behaviour import world

STATUSES = ("operating", "building", "delayed")
EVENT_KINDS = (
    "certificate_issued",
    "certificate_adjusted",
    "capital_increase",
    "building_permit",
    "construction_start",
    "supervision",
)


def _totals(projects: Sequence[world.Project]) -> dict[str, Any]:
    """The KPI block izagis must compute, summed here in Python."""
    n = len(projects)
    fdi = [p for p in projects if p.is_fdi]
    return {
        "projects": n,
        "registered_capital_vnd_bn": round(sum(p.capital_vnd_bn for p in projects), 3),
        "by_kind": {
            kind: sum(p.kind == kind for p in projects) for kind in ("infrastructure", "secondary")
        },
        "fdi": {
            "projects": len(fdi),
            "registered_capital_usd_m": round(sum(p.capital_usd_m or 0 for p in fdi), 3),
            "registered_capital_vnd_bn": round(sum(p.capital_vnd_bn for p in fdi), 3),
        },
        "by_status": {
            status: {
                "projects": sum(p.status == status for p in projects),
                "share_pct": round(100 * sum(p.status == status for p in projects) / n, 1)
                if n
                else None,
            }
            for status in STATUSES
        },
        "workers": {
            "total": sum(p.workers_vn + p.workers_foreign for p in projects),
            "foreign": sum(p.workers_foreign for p in projects),
        },
    }


def _activity(year: int) -> dict[str, Any]:
    events = [e for e in world.EVENTS if e.year == year]
    activity: dict[str, Any] = {"year": year}
    for kind in EVENT_KINDS:
        of_kind = [e for e in events if e.kind == kind]
        activity[kind] = {
            "events": len(of_kind),
            "projects": len({e.project_code for e in of_kind}),
            "amount_vnd_bn": round(sum(e.amount_vnd_bn or 0 for e in of_kind), 3),
            "amount_usd_m": round(sum(e.amount_usd_m or 0 for e in of_kind), 3),
        }
    activity["certificate_adjustments"] = (
        activity["certificate_adjusted"]["events"] + activity["capital_increase"]["events"]
    )
    activity["new_and_increased_capital_vnd_bn"] = round(
        activity["certificate_issued"]["amount_vnd_bn"]
        + activity["capital_increase"]["amount_vnd_bn"],
        3,
    )
    return activity


def test_stats_are_the_sums_over_the_projects(world_api: httpx.Client) -> None:
    s = world_api.get("/api/v1/stats").json()
    expected = _totals(world.PROJECTS)
    assert {k: s[k] for k in expected} == expected
    # the world is built so that every block is non-trivial
    assert s["fdi"]["projects"] and s["workers"]["foreign"]
    assert all(v["projects"] for v in s["by_status"].values())


def test_stats_per_zone_add_up(world_api: httpx.Client) -> None:
    s = world_api.get("/api/v1/stats").json()
    zones = s["zones"]
    assert [z["zone_code"] for z in zones] == sorted(z.code for z in world.ZONES)
    for z in zones:
        expected = _totals([p for p in world.PROJECTS if p.zone_code == z["zone_code"]])
        assert {k: z[k] for k in expected} == expected, z["zone_code"]
    assert sum(z["projects"] for z in zones) == s["projects"]
    total = round(sum(z["registered_capital_vnd_bn"] for z in zones), 3)
    assert total == s["registered_capital_vnd_bn"]
    assert sum(z["workers"]["total"] for z in zones) == s["workers"]["total"]
    empty = [z for z in zones if z["projects"] == 0]
    assert empty and all(v["share_pct"] is None for z in empty for v in z["by_status"].values())


@pytest.mark.parametrize("year", sorted({e.year for e in world.EVENTS}))
def test_activity_of_a_year(world_api: httpx.Client, year: int) -> None:
    a = world_api.get("/api/v1/stats", params={"year": year}).json()["activity"]
    assert a == _activity(year)
    assert a["certificate_adjustments"] > 0


def test_activity_defaults_to_the_latest_year_with_events(world_api: httpx.Client) -> None:
    latest = max(e.year for e in world.EVENTS)
    assert world_api.get("/api/v1/stats").json()["activity"] == _activity(latest)
    quiet = world_api.get("/api/v1/stats", params={"year": 2000}).json()["activity"]
    assert quiet == _activity(2000)
    assert all(quiet[k]["events"] == 0 for k in EVENT_KINDS)
    assert world_api.get("/api/v1/stats", params={"year": 1500}).status_code == 422
