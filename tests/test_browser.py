"""The map pages in a real headless Chromium against the running app, with every request
that would leave this machine refused, as on an intranet with no internet."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlparse

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Route
from sqlalchemy import Engine
from starlette.types import ASGIApp, Receive, Scope, Send

from api.main import create_app
from izagis.cluster import free_port
from izagis.settings import Settings
from tests.conftest import LiveServer
from web.browser import chromium

pytestmark = pytest.mark.browser
READY = "body[data-izagis-ready='1']"
SUB_PATH = "/izagis"


@dataclass
class Watch:
    """What went wrong on a page: failed requests, answers >= 400, console errors,
    off-machine requests."""

    failed: list[str] = field(default_factory=list)
    bad: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    offline: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


@contextmanager
def open_page(browser: Browser, base_url: str) -> Iterator[tuple[Page, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 860}, base_url=base_url)
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
    pg.on(
        "response", lambda r: watch.bad.append(f"{r.url} {r.status}") if r.status >= 400 else None
    )
    pg.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: watch.errors.append(str(e)))
    try:
        yield pg, watch
    finally:
        context.close()


@pytest.fixture()
def page(browser: Browser, live_server: LiveServer) -> Iterator[tuple[Page, Watch]]:
    with open_page(browser, live_server.url) as opened:
        yield opened


def wait_until(pg: Page, expression: str, timeout: float = 30_000) -> None:
    """Poll ``expression`` in the page until it is true. (Playwright's ``wait_for_function``
    compiles its predicate with ``new Function``, which the pages' CSP rightly refuses.)"""
    deadline = time.monotonic() + timeout / 1000
    while not pg.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.1)


def text_of(pg: Page, selector: str, timeout: float = 10_000) -> str:
    """The text of the first element matching ``selector``, once it is there."""
    element = pg.wait_for_selector(selector, timeout=timeout)
    assert element is not None, selector
    return element.inner_text()


class StripPrefix:
    """What a reverse proxy in front of the app does: it serves the app under ``prefix`` and
    forwards ``<prefix>/x`` as ``/x`` (uvicorn, started with ``root_path=prefix``, then puts
    the prefix back in front of the path, as the ASGI spec wants); anything else is a 404."""

    def __init__(self, app: ASGIApp, prefix: str) -> None:
        self.app, self.prefix = app, prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            root = scope.get("root_path", "")
            sent = scope["path"][len(root) :]  # what the browser asked for
            if sent != self.prefix and not sent.startswith(self.prefix + "/"):
                await send(
                    {
                        "type": "http.response.start",
                        "status": 404,
                        "headers": [(b"content-type", b"text/plain")],
                    }
                )
                await send({"type": "http.response.body", "body": b"outside the proxied path"})
                return
            forwarded = sent[len(self.prefix) :] or "/"
            scope = {
                **scope,
                "path": root + forwarded,
                "raw_path": (root + forwarded).encode(),
            }
        await self.app(scope, receive, send)


@pytest.fixture(scope="module")
def sub_path_url(settings: Settings, engine: Engine) -> Iterator[str]:
    """The real app behind a reverse proxy that serves it under /izagis."""
    port = free_port()
    config = uvicorn.Config(
        StripPrefix(create_app(settings), SUB_PATH),
        host="127.0.0.1",
        port=port,
        root_path=SUB_PATH,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}{SUB_PATH}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


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
    assert watch.bad == []


def test_plot_tiles_draw_and_a_plot_click_shows_it(page: tuple[Page, Watch]) -> None:
    pg, watch = page
    pg.goto("/en")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.evaluate("IZAGIS.showZone('GK').then(f => IZAGIS.map.fitBounds(L.geoJSON(f).getBounds()))")
    wait_until(
        pg,
        "document.querySelectorAll('.leaflet-tile-container svg path, svg.leaflet-tile path')"
        ".length > 20",
        timeout=30_000,
    )
    plot_paths = pg.locator("svg.leaflet-tile path")
    box = plot_paths.nth(plot_paths.count() // 2).bounding_box()
    assert box
    pg.evaluate("document.getElementById('izagis-sheet').style.display = 'none'")
    pg.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    text = text_of(pg, ".izagis-plot-popup")
    assert "Plot" in text and "ha" in text and "Status" in text
    assert not RAW_KEY.search(text), text
    assert any(
        word in text
        for word in ("Operating", "Free", "Reserved", "Leased", "Under", "Behind", "Planned")
    ), text
    pg.click(".izagis-zone-link")
    assert "Occupancy" in text_of(pg, "#izagis-sheet .izagis-facts")
    assert watch.failed == [] and watch.errors == []


def test_clicking_a_zone_opens_its_fact_sheet(page: tuple[Page, Watch]) -> None:
    pg, watch = page
    pg.goto("/en")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.locator("path.izagis-zone-code-KP").click()
    text = text_of(pg, "#izagis-sheet .izagis-facts")
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
    assert code in text_of(pg, ".izagis-plot-popup")


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
    wait_until(pg, f"IZAGIS.map.getZoom() > {min(before, 9)}")
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
    text = text_of(pg, "#izagis-sheet .izagis-facts")
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


@pytest.mark.parametrize(("path", "plots"), [("/en", True), ("/staff?lang=vi", False)])
def test_page_works_under_a_sub_path(
    browser: Browser, sub_path_url: str, path: str, plots: bool
) -> None:
    """Behind a proxy serving the app under /izagis, every URL the page builds (assets,
    modules, API calls, vector tiles, the language switch) stays under /izagis."""
    with open_page(browser, sub_path_url + "/") as (pg, watch):
        requested: list[str] = []
        pg.on("request", lambda r: requested.append(r.url))
        pg.goto(sub_path_url + path)
        pg.wait_for_selector(READY, timeout=30_000)
        assert pg.locator("path.izagis-zone").count() == 11
        pg.evaluate(
            "IZAGIS.showZone('GK').then(f => IZAGIS.map.fitBounds(L.geoJSON(f).getBounds()))"
        )
        text_of(pg, "#izagis-sheet .izagis-facts")
        if plots:  # the staff pages hide the plot layer
            wait_until(
                pg, "document.querySelectorAll('svg.leaflet-tile path').length > 20", timeout=30_000
            )
        assert watch.offline == [] and watch.failed == [] and watch.errors == []
        assert watch.bad == [], "a URL outside the sub-path is a 404 here"
        local = [u for u in requested if u.startswith("http://127.0.0.1")]
        assert any("/static/js/api.js" in u for u in local)
        assert any("/api/v1/zones/GK" in u for u in local)
        assert not plots or any("/api/v1/tiles/plots/" in u for u in local)
        assert all(urlparse(u).path.startswith(SUB_PATH + "/") for u in local), local
        switch = pg.get_attribute("#izagis-lang-switch", "href")
        assert switch and switch.startswith(SUB_PATH + "/"), switch
        pg.click("#izagis-sheet .izagis-close")
        pg.click("#izagis-lang-switch")
        pg.wait_for_selector(READY, timeout=30_000)
        assert watch.bad == [] and watch.errors == []


def _answer_503(route: Route) -> None:
    body = {"code": "database_unavailable", "message": "the database is unavailable"}
    route.fulfill(status=503, content_type="application/json", body=json.dumps(body))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Zones could not be loaded: the data service is unavailable (503)"),
        ("vi", "Không tải được các khu công nghiệp: máy chủ dữ liệu đang gián đoạn (503)"),
    ],
)
def test_a_failed_layer_says_what_failed(
    page: tuple[Page, Watch], lang: str, expected: str
) -> None:
    pg, watch = page
    pg.route(re.compile(r".*/api/v1/zones(\?bbox=[^/]*)?$"), _answer_503)  # whole or by view
    pg.goto(f"/{lang}")
    pg.wait_for_selector("body[data-izagis-ready='failed']", timeout=30_000)
    banner = pg.locator("#izagis-banner[role=alert]")
    assert banner.is_visible()
    assert banner.inner_text().strip() == expected
    assert pg.locator("path.izagis-zone").count() == 0
    assert pg.locator("path.leaflet-interactive").count() > 40, "the other layers still load"
    assert watch.failed == [] and watch.offline == []


def test_a_failed_fact_sheet_says_what_failed(page: tuple[Page, Watch]) -> None:
    pg, _ = page
    pg.goto("/en")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.route(re.compile(r".*/api/v1/zones/KP$"), _answer_503)
    pg.locator("path.izagis-zone-code-KP").click()
    banner = text_of(pg, "#izagis-banner")
    assert "Zone KP could not be loaded: the data service is unavailable (503)" in banner


def test_a_refused_site_search_shows_the_api_message(page: tuple[Page, Watch]) -> None:
    pg, watch = page
    pg.goto("/en")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.click("#izagis-find summary")
    pg.fill("#need-area-min", "20")
    pg.fill("#need-area-max", "10")
    pg.click("#izagis-find-form button[type=submit]")
    text = text_of(pg, "#izagis-find-results .izagis-error", timeout=20_000)
    assert text.startswith("Invalid input: Minimum area (ha)"), text
    assert "min is larger than max" in text, "the API's own message"
    assert pg.get_attribute("#need-area-min", "aria-invalid") == "true"
    assert watch.errors == [] or all("422" in e for e in watch.errors)
