"""The KPIs computed from the database reproduce the authority's 2023 figures (FACTS.md)."""

from __future__ import annotations

import httpx


def test_stats_reproduce_the_projects_table(api: httpx.Client) -> None:
    s = api.get("/api/v1/stats").json()
    assert s["projects"] == 122
    assert s["registered_capital_vnd_bn"] == 65385.7
    assert s["by_kind"] == {"infrastructure": 2, "secondary": 120}
    assert s["fdi"] == {
        "projects": 33,
        "registered_capital_usd_m": 635.66,
        "registered_capital_vnd_bn": 13755.18,
    }
    assert {k: v["projects"] for k, v in s["by_status"].items()} == {
        "operating": 102,
        "building": 7,
        "delayed": 13,
    }
    assert {k: v["share_pct"] for k, v in s["by_status"].items()} == {
        "operating": 83.6,
        "building": 5.7,
        "delayed": 10.7,
    }
    assert s["workers"] == {"total": 36659, "foreign": 301}


def test_stats_per_zone_add_up(api: httpx.Client) -> None:
    s = api.get("/api/v1/stats").json()
    zones = s["zones"]
    assert len(zones) == 11
    assert sum(z["projects"] for z in zones) == s["projects"]
    assert round(sum(z["registered_capital_vnd_bn"] for z in zones), 3) == 65385.7
    assert sum(z["workers"]["total"] for z in zones) == 36659


def test_activity_of_2023(api: httpx.Client) -> None:
    a = api.get("/api/v1/stats", params={"year": 2023}).json()["activity"]
    assert a["year"] == 2023
    assert a["certificate_issued"]["projects"] == 2
    assert a["certificate_issued"]["amount_usd_m"] == 20.7
    assert a["certificate_issued"]["amount_vnd_bn"] == 492.39
    assert a["certificate_adjustments"] == 9
    assert a["capital_increase"]["events"] == 2
    assert a["capital_increase"]["amount_vnd_bn"] == 346.013
    assert a["new_and_increased_capital_vnd_bn"] == 838.403
    assert a["building_permit"]["projects"] == 2
    assert a["construction_start"]["projects"] == 3
    assert a["supervision"]["projects"] == 42
    assert api.get("/api/v1/stats", params={"year": 1500}).status_code == 422
