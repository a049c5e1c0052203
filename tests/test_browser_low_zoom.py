"""Below the plots' detail zoom the tiles carry only land use and status; a click on a plot
still opens its popup, looked up where it was clicked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import LiveServer
from tests.test_browser import RAW_KEY, READY, Watch, open_page, text_of, wait_until
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


def test_a_plot_click_at_low_zoom_shows_the_plot(page: tuple[Page, Watch]) -> None:
    pg, watch = page
    pg.goto("/en")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.evaluate(
        "IZAGIS.showZone('GK').then(f => IZAGIS.map.setView("
        "L.geoJSON(f).getBounds().getCenter(), 13, {animate: false}))"
    )
    wait_until(
        pg,
        "IZAGIS.map.getZoom() === 13 && "
        "document.querySelectorAll('svg.leaflet-tile path').length > 20",
    )
    pg.evaluate("document.getElementById('izagis-sheet').style.display = 'none'")
    paths = pg.locator("svg.leaflet-tile path")
    box = paths.nth(paths.count() // 2).bounding_box()
    assert box
    pg.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    text = text_of(pg, ".izagis-plot-popup")
    assert "Plot" in text and "ha" in text and "Status" in text and "undefined" not in text
    assert not RAW_KEY.search(text), text
    assert watch.failed == [] and watch.errors == []
