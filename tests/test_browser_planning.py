"""The planning page in a real headless Chromium, offline, in both languages: the sign-in
form, then the occupancy bars, the forecast with its range and the land runway, the
reclaimable land and the zone phases, in tables and on the map."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import Engine

from api.main import create_app
from izagis import accounts
from izagis.cluster import EmbeddedCluster
from izagis.settings import Settings
from izagis.vocab import Role
from tests.conftest import LiveServer, cloned
from tests.test_browser import Watch, open_page
from tests.test_browser_a11y import serious
from tests.test_planning_proposals import _file as boundary_file
from tests.test_planning_proposals import across_the_buffer
from web.browser import chromium

pytestmark = pytest.mark.browser
PASSWORD = "correct horse battery staple"
STATE = "body[data-izagis-planning='{}']"
WORDS = {
    "en": ("Occupancy", "When the land runs out", "Land runway", "Land that could be reclaimed"),
    "vi": ("Tỷ lệ lấp đầy", "Khi nào hết đất", "Quỹ đất còn đủ", "Đất có thể thu hồi"),
}


@pytest.fixture(scope="module")
def server(cluster: EmbeddedCluster, loaded_template: str) -> Iterator[LiveServer]:
    with cloned(cluster, loaded_template) as engine:
        _people(engine)
        settings = Settings(
            database_url=engine.url.render_as_string(hide_password=False), rate_limits=False
        )
        with LiveServer(settings, create_app(settings)) as live:
            yield live


def _people(engine: Engine) -> None:
    with engine.begin() as conn:
        for role in (Role.PLANNER, Role.STAFF):
            accounts.add_user(conn, email=f"{role}@example.vn", role=role, password=PASSWORD)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def sign_in(pg: Page, role: Role) -> None:
    pg.wait_for_selector(STATE.format("login"), timeout=30_000)
    pg.fill("#izagis-plan-login input[name=email]", f"{role}@example.vn")
    pg.fill("#izagis-plan-login input[name=password]", PASSWORD)
    pg.click("#izagis-plan-login button[type=submit]")


def quiet(watch: Watch) -> None:
    assert watch.errors == [] and watch.offline == [] and watch.failed == []


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_planner_signs_in_and_sees_the_analytics(
    browser: Browser, server: LiveServer, lang: str
) -> None:
    with open_page(browser, server.url) as (pg, watch):
        pg.goto(f"/planning?lang={lang}")
        sign_in(pg, Role.PLANNER)
        pg.wait_for_selector(STATE.format("1"), timeout=60_000)
        panel = pg.locator("#izagis-planning").inner_text()
        for word in WORDS[lang]:
            assert word in panel, word
        assert pg.locator(".izagis-plan-bars tr").count() == 11  # a bar per zone
        assert pg.locator("#izagis-plan-forecast svg circle").count() >= 5  # fill years
        assert pg.locator("#izagis-plan-forecast svg path").count() >= 3  # the outlook
        runway = pg.locator("#izagis-plan-runway").inner_text()
        assert any(ch.isdigit() for ch in runway)
        assert pg.locator(".izagis-plan-reclaim li").count() == 13
        assert pg.locator("path.izagis-phase").count() == 13  # GK-2 among them, on the map
        assert pg.locator("path.izagis-phase-GK-2").count() == 1
        assert pg.locator("path.izagis-reclaim").count() == 13
        overlays = pg.locator(".leaflet-control-layers-overlays").inner_text()
        assert ("Zone phases" if lang == "en" else "Các giai đoạn của khu") in overlays
        assert serious(pg) == []
        check_a_drawn_proposal(pg, lang)
        # The suitability heat layer, fetched when switched on in the layer list.
        title = "Suitability" if lang == "en" else "Mức độ phù hợp"
        pg.locator(".leaflet-control-layers-overlays label", has_text=title).click()
        pg.wait_for_selector("body[data-izagis-suitability='1']", timeout=60_000)
        assert pg.locator("img.izagis-suitability").count() == 1
        # A reclaimable project in the list shows its land on the map.
        pg.locator(".izagis-plan-reclaim button").first.click()
        pg.wait_for_selector(".leaflet-tooltip", timeout=10_000)
        quiet(watch)
        # Signed in for the tab: a reload asks for nothing again.
        pg.reload()
        pg.wait_for_selector(STATE.format("1"), timeout=60_000)
        pg.click("#izagis-plan-logout")
        pg.wait_for_selector(STATE.format("login"), timeout=30_000)
        assert pg.locator("path.izagis-phase").count() == 0
        quiet(watch)


def check_a_drawn_proposal(pg: Page, lang: str) -> None:
    """A boundary drawn across the Tràng An buffer, a click a corner, fails its rule with the
    hectares the API measured."""
    pg.click("#izagis-plan-proposal summary")
    pg.click("#izagis-plan-draw")
    corners = across_the_buffer().exterior.coords[:-1]
    for lon, lat in corners:
        pg.evaluate(f"IZAGIS.map.fire('click', {{latlng: L.latLng({lat}, {lon})}})")
    assert pg.locator("path.izagis-proposal").count() == 1
    pg.click("#izagis-plan-check")
    pg.wait_for_selector("#izagis-plan-verdict-summary", timeout=30_000)
    verdict = pg.locator("#izagis-plan-verdict").inner_text()
    assert ("fails a rule" if lang == "en" else "không đạt") in verdict
    assert "TA-BUFFER" in verdict
    assert pg.locator(".izagis-plan-rules .izagis-minus").count() >= 1
    # The same boundary as a zipped Shapefile in VN-2000, read on the server.
    with tempfile.TemporaryDirectory() as folder:
        shapefile = boundary_file(Path(folder), "shp.zip", across_the_buffer())
        pg.set_input_files("#izagis-plan-file", str(shapefile))
        pg.wait_for_function(
            "() => document.querySelector('#izagis-plan-verdict').textContent"
            ".includes('TA-BUFFER')",
            timeout=30_000,
        )


def test_anonymous_and_staff_are_not_shown_the_analytics(
    browser: Browser, server: LiveServer
) -> None:
    with open_page(browser, server.url) as (pg, watch):
        pg.goto("/planning?lang=en")
        pg.wait_for_selector(STATE.format("login"), timeout=30_000)
        assert pg.locator("#izagis-plan-login").count() == 1
        assert "log in" in pg.locator("#izagis-login-required").inner_text()
        quiet(watch)  # no request refused: the form shows before anything is asked
        pg.fill("#izagis-plan-login input[name=email]", "planner@example.vn")
        pg.fill("#izagis-plan-login input[name=password]", "wrong password")
        pg.click("#izagis-plan-login button[type=submit]")
        pg.wait_for_selector("#izagis-planning .izagis-error", timeout=30_000)
        assert "wrong e-mail or password" in pg.locator("#izagis-planning").inner_text()
        sign_in(pg, Role.STAFF)
        pg.wait_for_selector(STATE.format("refused"), timeout=30_000)
        assert "for planners" in pg.locator("#izagis-planning").inner_text()
        assert pg.locator("path.izagis-phase").count() == 0


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_investor_map_shows_the_extension_and_the_later_phase(
    browser: Browser, server: LiveServer, lang: str
) -> None:
    """The phases that differ from their zone, and only those, in their own dotted style and
    in the legend, once the map is zoomed in: the Gián Khẩu extension and Tam Điệp II's
    northern phase."""
    with open_page(browser, server.url) as (pg, watch):
        pg.goto(f"/{lang}")
        pg.wait_for_selector("body[data-izagis-ready='1']", timeout=30_000)
        assert pg.locator("path.izagis-phase").count() == 0  # not at the opening view
        pg.evaluate("IZAGIS.map.setView([20.27, 105.905], 13)")
        pg.wait_for_selector("body[data-izagis-phases='1']", timeout=30_000)
        codes = pg.eval_on_selector_all(
            "path.izagis-phase", "els => els.map(e => e.getAttribute('class'))"
        )
        assert len(codes) == 2 and "izagis-phase-GK-2" in " ".join(codes)
        assert "izagis-phase-TD2-2" in " ".join(codes)
        dash = pg.locator("path.izagis-phase-GK-2").get_attribute("stroke-dasharray")
        zone_dash = pg.locator("path.izagis-zone-code-GK").get_attribute("stroke-dasharray")
        assert dash and dash != zone_dash  # not drawn like the operating zone
        title = "Extensions and later phases" if lang == "en" else "Phần mở rộng và giai đoạn sau"
        assert title in pg.locator(".izagis-legend").inner_text()
        assert title in pg.locator(".leaflet-control-layers-overlays").inner_text()
        quiet(watch)
