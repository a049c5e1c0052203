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
    # A free plot of GK, the map at zoom 13 on its centre.
    code = pg.evaluate(
        "fetch('/api/v1/plots?zone=GK&status=free&limit=1').then(r => r.json()).then(fc => {"
        " const f = fc.features[0], c = L.geoJSON(f).getBounds().getCenter();"
        " IZAGIS.map.setView(c, 13, {animate: false}); window.__plot = c;"
        " return f.properties.code; })"
    )
    wait_until(
        pg,
        "IZAGIS.map.getZoom() === 13 && "
        "document.querySelectorAll('svg.leaflet-tile path').length > 0",
    )
    pg.evaluate("document.getElementById('izagis-sheet').style.display = 'none'")
    point = pg.evaluate(
        "(() => { const p = IZAGIS.map.latLngToContainerPoint(window.__plot),"
        " r = IZAGIS.map.getContainer().getBoundingClientRect();"
        " return [r.left + p.x, r.top + p.y]; })()"
    )
    pg.mouse.click(point[0], point[1])
    text = text_of(pg, ".izagis-plot-popup")
    assert code in text and "ha" in text and "Status" in text and "undefined" not in text
    assert not RAW_KEY.search(text), text
    assert watch.failed == [] and watch.errors == []
