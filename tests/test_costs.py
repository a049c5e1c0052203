"""The labour estimate: the workers planned times the regional minimum wages of Decree
74/2024/NĐ-CP (izagis/data/minimum_wage.csv), a year, from the lowest region to the highest."""

from __future__ import annotations

import httpx

from izagis.costs import labour_cost, minimum_wages


def test_the_decree_s_four_regions() -> None:
    assert [(w.region, w.vnd_month) for w in minimum_wages()] == [
        ("I", 4_960_000),
        ("II", 4_410_000),
        ("III", 3_860_000),
        ("IV", 3_450_000),
    ]


def test_a_year_of_minimum_wages_lowest_to_highest_region(api: httpx.Client) -> None:
    res = api.get("/api/v1/labour-cost", params={"jobs": 250})
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["low_vnd"] == 250 * 3_450_000 * 12 and body["high_vnd"] == 250 * 4_960_000 * 12
    assert body["source"].startswith("Decree 74/2024/NĐ-CP")
    assert body == labour_cost(250).model_dump()
    assert api.get("/api/v1/labour-cost", params={"jobs": -1}).status_code == 422
