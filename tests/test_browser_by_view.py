"""The investor map loads zones, transport and protected areas by view (issue 14): zoomed in on
one zone it asks for the view's box only, and after a move to another zone it adds what is new
there while keeping what it drew, each zone once."""

from __future__ import annotations

import math
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import LiveServer
from tests.test_browser import READY, open_page, wait_until
from web.browser import chromium

pytestmark = pytest.mark.browser
# Five zoom levels from the opening view: Leaflet jumps there without animating (while it
# animates, the map's bounds are still the opening view's).
ZOOM = 16


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def _centres(api: httpx.Client) -> dict[str, tuple[float, float]]:
    """Each zone's centre (lat, lng): the middle of its outline's bounds."""
    centres = {}
    for f in api.get("/api/v1/zones").json()["features"]:
        ring = f["geometry"]["coordinates"][0][0]
        lngs, lats = [p[0] for p in ring], [p[1] for p in ring]
        centres[f["properties"]["code"]] = (
            (min(lats) + max(lats)) / 2,
            (min(lngs) + max(lngs)) / 2,
        )
    return centres


def _drawn(pg: Page, code: str) -> int:
    return int(pg.locator(f".izagis-zone-code-{code}").count())


def test_layers_load_by_view_and_keep_what_they_drew(
    browser: Browser, live_server: LiveServer, api: httpx.Client
) -> None:
    centres = _centres(api)
    here = centres["TD2"]
    far = max(centres, key=lambda c: math.dist(centres[c], here))
    with open_page(browser, live_server.url) as (pg, watch):
        asked: list[str] = []
        pg.on("request", lambda r: asked.append(r.url) if "/api/v1/zones" in r.url else None)
        pg.goto(f"/en#map={ZOOM}/{here[0]:.5f}/{here[1]:.5f}")
        pg.wait_for_selector(READY, timeout=30_000)
        assert all("bbox=" in u for u in asked) and asked, asked
        assert _drawn(pg, "TD2") == 1 and _drawn(pg, far) == 0, (far, asked)
        seen = "performance.getEntriesByType('resource').map((e) => e.name).join(' ')"
        for layer in ("infrastructure", "constraints"):
            assert f"/api/v1/{layer}?bbox=" in pg.evaluate(seen)

        pg.evaluate(f"IZAGIS.map.setView([{centres[far][0]}, {centres[far][1]}], {ZOOM})")
        wait_until(pg, f"document.querySelectorAll('.izagis-zone-code-{far}').length === 1")
        assert _drawn(pg, "TD2") == 1  # still there, not drawn twice
        with pg.expect_response(lambda r: "/api/v1/zones?bbox=" in r.url) as back:
            pg.evaluate(f"IZAGIS.map.setView([{here[0]}, {here[1]}], {ZOOM})")
        assert "TD2" in back.value.text()  # asked for again, with the view
        pg.wait_for_timeout(500)  # and handled
        assert _drawn(pg, "TD2") == 1 and _drawn(pg, far) == 1
        rows = pg.locator("#izagis-zonelist-body .izagis-zonelist-row")
        assert "TD2" in [rows.nth(i).get_attribute("data-code") for i in range(rows.count())]
        assert watch.errors == [] and watch.failed == [] and watch.bad == []
