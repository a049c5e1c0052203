"""The map pages in a real headless Chromium against the running app, with every request
that would leave this machine refused, as on an intranet with no internet."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, Route

from tests.conftest import LiveServer
from web.browser import chromium

pytestmark = pytest.mark.browser
READY = "body[data-izagis-ready='1']"


@dataclass
class Watch:
    """What went wrong on a page: failed requests, console errors, off-machine requests."""

    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    offline: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture()
def page(browser: Browser, live_server: LiveServer) -> Iterator[tuple[Page, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=live_server.url)
    watch = Watch()

    def no_internet(route: Route) -> None:
        host = urlparse(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            watch.offline.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", no_internet)
    pg = context.new_page()
    pg.on("requestfailed", lambda r: watch.failed.append(f"{r.url} {r.failure}"))
    pg.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))
    yield pg, watch
    context.close()


OVERLAYS = {
    "en": [
        "Plots",
        "Protected areas, heritage, rivers",
        "Province boundary",
        "Transport and utilities",
        "Industrial zones",
    ],
    "vi": [
        "Lô đất",
        "Khu bảo tồn, di sản, sông",
        "Ranh giới tỉnh",
        "Hạ tầng giao thông, năng lượng",
        "Khu công nghiệp",
    ],
}
RAW_KEY = re.compile(r"\b[pzkcn]_[a-z_]+\b")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_map_loads_offline_without_errors(page: tuple[Page, Watch], lang: str) -> None:
    pg, watch = page
    pg.goto(f"/{lang}")
    pg.wait_for_selector(READY, timeout=30_000)
    assert pg.evaluate("document.documentElement.lang") == lang
    assert pg.locator("path.izagis-zone").count() == 11
    assert pg.locator(".izagis-label").count() >= 11
    assert pg.locator("path.leaflet-interactive").count() > 40, "roads, rail, areas drawn"
    overlays = pg.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [o.strip() for o in overlays] == OVERLAYS[lang], "every layer, in a fixed order"
    assert not RAW_KEY.search(pg.locator("body").inner_text())
    assert watch.offline == [] and watch.failed == [] and watch.errors == []


def test_plot_tiles_draw_and_a_plot_click_shows_it(page: tuple[Page, Watch]) -> None:
    pg, watch = page
    pg.goto("/en")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.evaluate("IZAGIS.showZone('GK').then(f => IZAGIS.map.fitBounds(L.geoJSON(f).getBounds()))")
    pg.wait_for_function(
        "document.querySelectorAll('.leaflet-tile-container svg path, svg.leaflet-tile path')"
        ".length > 20",
        timeout=30_000,
    )
    plot_paths = pg.locator("svg.leaflet-tile path")
    box = plot_paths.nth(plot_paths.count() // 2).bounding_box()
    assert box
    pg.evaluate("document.getElementById('izagis-sheet').style.display = 'none'")
    pg.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    popup = pg.wait_for_selector(".izagis-plot-popup", timeout=10_000)
    text = popup.inner_text()
    assert "Plot" in text and "ha" in text and "Status" in text
    assert not RAW_KEY.search(text), text
    assert any(
        word in text
        for word in ("Operating", "Free", "Reserved", "Leased", "Under", "Behind", "Planned")
    ), text
    pg.click(".izagis-zone-link")
    assert "Occupancy" in pg.wait_for_selector("#izagis-sheet .izagis-facts").inner_text()
    assert watch.failed == [] and watch.errors == []


def test_clicking_a_zone_opens_its_fact_sheet(page: tuple[Page, Watch]) -> None:
    pg, watch = page
    pg.goto("/en")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.locator("path.izagis-zone-code-KP").click()
    sheet = pg.wait_for_selector("#izagis-sheet .izagis-facts", timeout=10_000)
    text = sheet.inner_text()
    for word in (
        "Occupancy",
        "Free land",
        "Lease price",
        "Power",
        "Distances",
        "Target industries",
        "Legal basis",
        "1499/TTg-KTN",
    ):
        assert word in text, word
    assert watch.errors == []


def test_search_box_ignores_diacritics(page: tuple[Page, Watch]) -> None:
    pg, _ = page
    pg.goto("/vi")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.fill("#izagis-search-input", "gian khau")
    hits = pg.locator(".izagis-search-hit")
    hits.first.wait_for(timeout=5_000)
    assert "Gián Khẩu" in hits.all_inner_texts()[0]
    code = pg.evaluate(
        "fetch('/api/v1/plots?zone=TD2&limit=1').then(r => r.json())"
        ".then(fc => fc.features[0].properties.code)"
    )
    pg.fill("#izagis-search-input", code.lower())
    pg.press("#izagis-search-input", "Enter")
    popup = pg.wait_for_selector(".izagis-plot-popup", timeout=10_000)
    assert code in popup.inner_text()


def test_site_search_draws_and_lists_candidates(page: tuple[Page, Watch]) -> None:
    pg, watch = page
    pg.goto("/en")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.click("#izagis-find summary")
    pg.fill("#need-area-min", "10")
    pg.fill("#need-area-max", "20")
    pg.fill("#need-industry", "2930")
    pg.fill("#need-interchange", "15")
    pg.click("#izagis-find-form button[type=submit]")
    pg.wait_for_selector(".izagis-candidate", timeout=20_000)
    items = pg.locator(".izagis-candidate")
    assert items.count() >= 1
    assert "GK" in " ".join(items.all_inner_texts())
    assert pg.locator(".izagis-rank").count() == items.count()
    before = pg.evaluate("IZAGIS.map.getZoom()")
    pg.evaluate("IZAGIS.map.setZoom(9)")
    items.first.click()
    pg.wait_for_function(f"IZAGIS.map.getZoom() > {min(before, 9)}")
    assert watch.failed == [] and watch.errors == []


def test_language_switch_changes_labels_and_is_remembered(page: tuple[Page, Watch]) -> None:
    pg, _ = page
    pg.goto("/vi")
    pg.wait_for_selector(READY, timeout=30_000)
    assert "Chú giải" in pg.locator(".izagis-legend").inner_text()
    pg.click("#izagis-lang-switch")
    pg.wait_for_selector(READY, timeout=30_000)
    assert "Legend" in pg.locator(".izagis-legend").inner_text()
    assert "Industrial zones" in pg.locator(".leaflet-control-layers-overlays").inner_text()
    pg.goto("/")
    pg.wait_for_selector(READY, timeout=30_000)
    assert "Legend" in pg.locator(".izagis-legend").inner_text(), "the choice is remembered"


@pytest.mark.parametrize("path", ["/staff", "/planning"])
def test_staff_and_planning_pages_ask_for_login(page: tuple[Page, Watch], path: str) -> None:
    pg, watch = page
    pg.goto(path + "?lang=en")
    pg.wait_for_selector(READY, timeout=30_000)
    assert "log in" in pg.locator("#izagis-login-required").inner_text()
    assert pg.locator("path.izagis-zone").count() == 11
    assert watch.errors == []


def test_fact_sheet_in_vietnamese_has_no_english_keys(page: tuple[Page, Watch]) -> None:
    pg, watch = page
    pg.goto("/vi")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.locator("path.izagis-zone-code-GK").click()
    text = pg.wait_for_selector("#izagis-sheet .izagis-facts", timeout=10_000).inner_text()
    for word in ("Tỷ lệ lấp đầy", "Đất trống", "Giá thuê", "đã dùng", "Nút giao cao tốc", "Hà Nội"):
        assert word in text, word
    assert not RAW_KEY.search(text) and "m³/day" not in text
    assert watch.errors == []


def test_api_docs_work_offline(page: tuple[Page, Watch]) -> None:
    pg, watch = page
    pg.goto("/docs")
    pg.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert "/api/v1/site-search" in pg.locator(".swagger-ui").inner_text()
    assert watch.offline == [] and watch.failed == []
