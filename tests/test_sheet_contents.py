"""What the PDF sheets say beyond the registry's figures (issue 11): industries by name, the
incentives with their legal basis, a plot's land lease and service fees; on one page for
every zone, however many industries it names."""

from __future__ import annotations

import io

import httpx
import pytest
from pypdf import PdfReader

from izagis.costs import service_fees
from izagis.vsic import industries

ZONES = ("KP", "GK", "PS", "TD1", "TD2", "KC", "KS", "PL", "YB", "XT", "GK2")


def _pages(pdf: bytes) -> list[str]:
    """Each page's text without white space: a line may break anywhere, even after a "/"."""
    return ["".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _has(text: str, words: str) -> bool:
    return "".join(words.split()) in text


@pytest.mark.parametrize("code", ZONES)
def test_a_zone_sheet_names_its_industries_and_the_incentives_on_one_page(
    api: httpx.Client, code: str
) -> None:
    zone = api.get(f"/api/v1/zones/{code}").json()["properties"]
    res = api.get(f"/api/v1/sheets/zones/{code}.pdf")
    assert res.status_code == 200, res.text
    pages = _pages(res.content)
    assert len(pages) == 1
    text = pages[0]
    for vsic in zone["target_industries"] + zone["excluded_industries"]:
        industry = industries()[vsic]
        assert _has(text, f"{vsic} {industry.title_vi}"), vsic
        assert _has(text, industry.title_en), vsic
    for words in ("Investment incentives", "Ưu đãi đầu tư", "Decree 320/2025/NĐ-CP: Art. 19(4)"):
        assert _has(text, words), words
    assert _has(text, "Decree 103/2024/NĐ-CP: Art. 39(2)")
    if code in service_fees():
        assert _has(text, f"{service_fees()[code]:.2f} USD/m²") and "illustrative" in text


@pytest.mark.parametrize("plot", ["GK-065", "TD2-035", "KS-001"])
def test_a_plot_sheet_estimates_its_lease_and_fees_on_one_page(
    api: httpx.Client, plot: str
) -> None:
    cost = api.get("/api/v1/cost-estimate", params={"plots": plot}).json()
    res = api.get(f"/api/v1/sheets/plots/{plot}.pdf")
    assert res.status_code == 200, res.text
    pages = _pages(res.content)
    assert len(pages) == 1
    text = pages[0]
    assert _has(text, "Cost estimate") and _has(text, "Ước tính chi phí")
    assert _has(text, f"{cost['lease_usd']:,.0f} USD")
    assert _has(text, f"{cost['lease_price_usd_m2']:,.2f} USD/m²")
    if cost["service_fees_usd_year"] is None:
        assert not _has(text, "Service fees a year")
    else:
        assert _has(text, f"{cost['service_fees_usd_year']:,.0f} USD")
        assert _has(text, f"{cost['first_year_usd']:,.0f} USD")


@pytest.mark.parametrize("plot", ["KP-037", "KP-001", "KP-076", "GK-068"])
def test_land_nobody_can_lease_gets_no_cost_estimate(api: httpx.Client, plot: str) -> None:
    """Leased or occupied plots, roads and green land: their sheets estimate no lease."""
    res = api.get(f"/api/v1/sheets/plots/{plot}.pdf")
    assert res.status_code == 200, res.text
    (text,) = _pages(res.content)
    assert _has(text, plot) and not _has(text, "Cost estimate")
