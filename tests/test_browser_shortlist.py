"""The site-search panel's first screen (issue 9): real alternatives (at most two sites of a
zone) and how robust the first place is, in headless Chromium against the running app."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import LiveServer
from tests.test_browser import READY, Watch, open_page
from web.browser import chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture()
def page(browser: Browser, live_server: LiveServer) -> Iterator[tuple[Page, Watch]]:
    with open_page(browser, live_server.url) as opened:
        yield opened


def _car_parts(pg: Page, lang: str) -> None:
    pg.goto(f"/{lang}")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.click("#izagis-find summary")
    pg.fill("#need-area-min", "10")
    pg.fill("#need-area-max", "20")
    pg.fill("#need-industry", "2930")
    pg.fill("#need-interchange", "15")
    with pg.expect_request("**/api/v1/site-search") as sent:
        pg.click("#izagis-find-form button[type=submit]")
    body = sent.value.post_data_json
    assert body is not None and body["max_per_zone"] == 2
    assert body["robustness"] == {"samples": 1000, "weight_spread": 0.2, "seed": 1}
    pg.wait_for_selector(".izagis-candidate", timeout=20_000)


def test_the_first_screen_shows_two_zones_and_how_robust_first_place_is(
    page: tuple[Page, Watch],
) -> None:
    pg, watch = page
    _car_parts(pg, "en")
    items = pg.locator(".izagis-candidate")
    zones = [items.nth(i).locator("b").inner_text() for i in range(items.count())]
    assert len(set(zones)) >= 2 and all(zones.count(z) <= 2 for z in zones), zones
    first = items.first.locator(".izagis-robust").inner_text()
    assert first.startswith("First in ") and first.endswith("% of plausible weightings"), first
    assert items.nth(1).locator(".izagis-robust").inner_text().startswith("Top three in ")
    held = pg.locator(".izagis-held-back").inner_text()
    assert held.endswith("more sites in the same zones are not shown"), held
    # the list numbers sites by their place in the whole ranking, as the map's labels do
    numbers = [items.nth(i).evaluate("li => li.value") for i in range(items.count())]
    labels = pg.locator(".izagis-rank").all_inner_texts()
    assert sorted(labels) == sorted(f"#{n}" for n in numbers)
    assert numbers[0] == 1 and numbers != list(range(1, len(numbers) + 1))
    assert watch.failed == [] and watch.errors == []


def test_the_robustness_line_in_vietnamese(page: tuple[Page, Watch]) -> None:
    pg, watch = page
    _car_parts(pg, "vi")
    first = pg.locator(".izagis-candidate").first.locator(".izagis-robust").inner_text()
    assert first.startswith("Đứng đầu ở ") and "bộ trọng số hợp lý" in first, first
    assert "khác trong cùng các khu" in pg.locator(".izagis-held-back").inner_text()
    assert watch.errors == []
