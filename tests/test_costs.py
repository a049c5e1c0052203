"""What a site costs: its land lease (area times the zone's price), the zone's yearly service
fees and the labour of the workers planned at the regional minimum wages of Decree
293/2025/NĐ-CP (a year, from the lowest region to the highest); and the incentives, each with
its condition and legal basis."""

from __future__ import annotations

import re

import httpx
import pytest

from izagis.costs import labour_cost, minimum_wages, service_fees
from izagis.incentives import incentives


def test_the_decree_s_four_regions() -> None:
    assert [(w.region, w.vnd_month) for w in minimum_wages()] == [
        ("I", 5_310_000),
        ("II", 4_730_000),
        ("III", 4_140_000),
        ("IV", 3_700_000),
    ]


def test_a_year_of_minimum_wages_lowest_to_highest_region(api: httpx.Client) -> None:
    res = api.get("/api/v1/labour-cost", params={"jobs": 250})
    assert res.status_code == 200, res.text
    body = res.json()
    assert body["low_vnd"] == 250 * 3_700_000 * 12 and body["high_vnd"] == 250 * 5_310_000 * 12
    assert body["source"].startswith("Decree 293/2025/NĐ-CP")
    assert body == labour_cost(250).model_dump()
    assert api.get("/api/v1/labour-cost", params={"jobs": -1}).status_code == 422


def test_a_plot_costs_its_area_times_its_zones_price_plus_the_stated_fees(
    api: httpx.Client,
) -> None:
    plot = api.get("/api/v1/plots/GK-065").json()["properties"]
    zone = api.get("/api/v1/zones/GK").json()["properties"]
    res = api.get("/api/v1/cost-estimate", params={"plots": "GK-065", "jobs": 250})
    assert res.status_code == 200, res.text
    cost = res.json()
    price, fee = zone["lease_price_usd_m2"], service_fees()["GK"]
    assert cost["area_m2"] == pytest.approx(plot["area_m2"], abs=0.1)
    assert cost["lease_usd"] == pytest.approx(plot["area_m2"] * price, abs=10)
    assert cost["service_fees_usd_year"] == pytest.approx(plot["area_m2"] * fee, abs=0.1)
    assert cost["first_year_usd"] == pytest.approx(
        cost["lease_usd"] + cost["service_fees_usd_year"], abs=0.01
    )
    assert cost["lease_term_end"] == zone["lease_term_end"]
    assert cost["labour"] == labour_cost(250).model_dump()
    assert cost["service_fee_source"].startswith("ILLUSTRATIVE")
    assert "illustrative" in cost["lease_source"]


def test_an_assembled_site_costs_its_plots_together(api: httpx.Client) -> None:
    one = api.get("/api/v1/cost-estimate", params={"plots": "GK-065"}).json()
    two = api.get("/api/v1/cost-estimate", params={"plots": "GK-066"}).json()
    both = api.get("/api/v1/cost-estimate", params={"plots": "GK-065,GK-066"}).json()
    assert both["plot_codes"] == ["GK-065", "GK-066"] and both["labour"] is None
    assert both["area_m2"] == pytest.approx(one["area_m2"] + two["area_m2"], abs=0.2)
    assert both["lease_usd"] == pytest.approx(one["lease_usd"] + two["lease_usd"], abs=20)


def test_a_page_of_sites_is_estimated_at_once_as_each_alone(api: httpx.Client) -> None:
    sites = [["GK-065", "GK-066"], ["TD2-035"], ["KS-001"], ["GK-065"]]
    res = api.post("/api/v1/cost-estimates", json={"sites": sites})
    assert res.status_code == 200, res.text
    alone = [
        api.get("/api/v1/cost-estimate", params={"plots": ",".join(site)}).json() for site in sites
    ]
    assert res.json() == alone  # in the order sent, a plot in two sites counted in each
    refused = api.post("/api/v1/cost-estimates", json={"sites": [["GK-065"], ["NOPE-1"]]})
    assert refused.status_code == 404 and "NOPE-1" in refused.text
    mixed = api.post("/api/v1/cost-estimates", json={"sites": [["GK-065", "TD2-035"]]})
    assert mixed.status_code == 422 and "one zone" in mixed.text
    bad_bodies: list[dict[str, list[list[str]]]] = [
        {"sites": []},
        {"sites": [[]]},
        {"sites": [["GK-065"]] * 101},
        {"plots": []},
    ]
    for bad in bad_bodies:
        assert api.post("/api/v1/cost-estimates", json=bad).status_code == 422, bad


def test_a_zone_without_fees_on_file_says_so_and_bad_sites_are_refused(
    api: httpx.Client,
) -> None:
    planned = api.get("/api/v1/cost-estimate", params={"plots": "KS-001"}).json()
    assert "KS" not in service_fees()
    assert planned["service_fee_usd_m2_year"] is None and planned["first_year_usd"] is None
    assert planned["lease_usd"] is not None
    assert api.get("/api/v1/cost-estimate", params={"plots": "NOPE-1"}).status_code == 404
    mixed = api.get("/api/v1/cost-estimate", params={"plots": "GK-065,TD2-035"})
    assert mixed.status_code == 422 and "one zone" in mixed.text
    assert api.get("/api/v1/cost-estimate", params={"plots": "GK-065,"}).status_code == 422


def test_incentives_are_served_with_their_condition_and_legal_basis(api: httpx.Client) -> None:
    res = api.get("/api/v1/incentives")
    assert res.status_code == 200, res.text
    rows = res.json()
    assert [r["code"] for r in rows] == [i.code for i in incentives()]
    assert {r["kind"] for r in rows} == {"corporate_income_tax", "land_rent"}
    for r in rows:
        assert re.search(r"Nghị định \d+/20\d\d/NĐ-CP.*Điều \d+", r["legal_basis"]), r
        assert re.search(r"Decree \d+/20\d\d/NĐ-CP.*Art\. \d+", r["legal_basis_en"]), r
        assert r["source"].startswith("https://") and r["condition_en"] and r["condition_vi"]
    assert any("67/2025/QH15" in r["legal_basis"] for r in rows)
