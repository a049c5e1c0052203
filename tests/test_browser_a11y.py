"""axe-core (vendored from npm like Leaflet: web/static/vendor/MANIFEST.json) finds no
serious or critical accessibility violation on the public pages, in both languages, on a
desktop and on a phone, with a fact sheet and search results open."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from tests.conftest import LiveServer
from tests.test_browser import READY, open_page
from tests.test_browser_investor import _answer, _search
from web.assets import STATIC_DIR, package_url
from web.browser import chromium

pytestmark = pytest.mark.browser
AXE = STATIC_DIR.parent / package_url("axe-core", "axe.min.js").lstrip("/")
SIZES: dict[str, ViewportSize] = {
    "desktop": {"width": 1400, "height": 900},
    "phone": {"width": 390, "height": 844},
}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def serious(pg: Page) -> list[dict[str, Any]]:
    """axe's serious and critical violations (its script evaluated through the DevTools
    protocol, which the page's CSP does not govern; the page never links it)."""
    pg.evaluate(AXE.read_text(encoding="utf-8"))
    result: dict[str, Any] = pg.evaluate(
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
        ".then(v => ({violations: v}))"
    )
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", ["/en", "/vi", "/staff?lang=en", "/planning?lang=vi"])
def test_no_serious_violation(
    browser: Browser, live_server: LiveServer, path: str, size: str
) -> None:
    with open_page(browser, live_server.url) as (pg, watch):
        pg.set_viewport_size(SIZES[size])
        pg.goto(path)
        pg.wait_for_selector(READY, timeout=30_000)
        assert serious(pg) == []
        assert watch.errors == []


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_no_serious_violation_with_results_and_a_sheet(
    browser: Browser, live_server: LiveServer, lang: str
) -> None:
    with open_page(browser, live_server.url) as (pg, watch):
        pg.set_viewport_size(SIZES["desktop"])
        pg.goto(f"/{lang}")
        pg.wait_for_selector(READY, timeout=30_000)
        _search(pg)
        _answer(pg)
        pg.evaluate("IZAGIS.showZone('GK')")
        pg.wait_for_selector("#izagis-sheet .izagis-facts")
        assert serious(pg) == []
        assert watch.errors == []


def test_no_violation_at_all_on_the_investor_map(browser: Browser, live_server: LiveServer) -> None:
    """Moderate ones included: one main landmark with a heading, the page zoomable."""
    with open_page(browser, live_server.url) as (pg, _):
        pg.goto("/en")
        pg.wait_for_selector(READY, timeout=30_000)
        pg.evaluate(AXE.read_text(encoding="utf-8"))
        ids = pg.evaluate("axe.run(document).then(r => r.violations.map(v => v.id))")
        assert ids == []


@pytest.mark.parametrize("audience", ["staff", "planning"])
def test_the_skip_link_leads_into_the_workspace(
    browser: Browser, live_server: LiveServer, audience: str
) -> None:
    with open_page(browser, live_server.url) as (pg, watch):
        pg.goto(f"/{audience}?lang=en")
        pg.wait_for_selector(READY, timeout=30_000)
        pg.keyboard.press("Tab")
        assert pg.evaluate("document.activeElement.className") == "izagis-skip"
        assert pg.locator(".izagis-skip").inner_text() == "Skip to the workspace"
        pg.keyboard.press("Enter")
        inside = pg.evaluate(
            f"document.getElementById('izagis-{audience}').contains(document.activeElement)"
        )
        assert inside, pg.evaluate("document.activeElement.outerHTML")
        assert watch.errors == []
