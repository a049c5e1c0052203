"""The planning page in a real headless Chromium, offline, in both languages: the sign-in
form, then the occupancy bars, the forecast with its range and the land runway, the
reclaimable land and the zone phases, in tables and on the map; and zones with no plots on
file (the merged province's) said so and left out of the figures."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from shapely.affinity import translate
from shapely.geometry import Polygon
from sqlalchemy import Engine

from api.main import create_app
from izagis import accounts
from izagis.cluster import EmbeddedCluster
from izagis.settings import Settings
from izagis.vocab import Role
from tests.conftest import LiveServer, cloned
from tests.reference.test_registry_api import MERGED
from tests.test_browser import Watch, open_page
from tests.test_browser_a11y import serious
from tests.test_import import errors, run
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
        save_version_and_compare(pg, lang)
        check_the_kpis(pg, lang)
        assert serious(pg) == []  # the new sections open
        # The suitability heat layer, its tiles fetched while it is switched on.
        title = "Suitability" if lang == "en" else "Mức độ phù hợp"
        switch = pg.locator(".leaflet-control-layers-overlays label", has_text=title)
        switch.click()
        pg.wait_for_selector("body[data-izagis-suitability='1']", timeout=60_000)
        assert pg.locator(".izagis-suitability img.leaflet-tile-loaded").count() >= 1
        switch.click()  # off again once every tile in view has arrived (none is cut short)
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
        # drawn as the server read it, and what a save would store
        pg.wait_for_function(
            "() => document.querySelectorAll('path.izagis-proposal').length === 1", timeout=10_000
        )


def draw_and_check(pg: Page, boundary: Polygon) -> None:
    pg.click("#izagis-plan-draw")
    for lon, lat in boundary.exterior.coords[:-1]:
        pg.evaluate(f"IZAGIS.map.fire('click', {{latlng: L.latLng({lat}, {lon})}})")
    pg.evaluate("document.getElementById('izagis-plan-verdict').innerHTML = ''")
    pg.click("#izagis-plan-check")
    pg.wait_for_selector("#izagis-plan-verdict-summary", timeout=30_000)


def save_version_and_compare(pg: Page, lang: str) -> None:
    """The checked boundary saved under a name, a moved one saved as its version 2, both
    compared side by side and drawn on the map, and the proposal's PDF."""
    name = f"Option {lang}"
    first = across_the_buffer()
    draw_and_check(pg, first)
    pg.click("#izagis-plan-saved summary")
    pg.fill("#izagis-plan-save input[name=name]", name)
    pg.click("#izagis-plan-save button[type=submit]")
    pg.wait_for_function(
        f"() => document.getElementById('izagis-plan-saved-list').textContent.includes({name!r})",
        timeout=30_000,
    )
    assert pg.locator("path.izagis-saved-proposal").count() >= 1
    saved = pg.evaluate(
        "fetch('/api/v1/proposals', {credentials: 'same-origin'}).then((r) => r.json())"
    )
    proposal = next(p for p in saved if p["name"] == name)
    draw_and_check(pg, translate(first, xoff=0.004))
    pg.select_option("#izagis-plan-save-of", str(proposal["id"]))
    pg.click("#izagis-plan-save-version")
    versions = "2 versions" if lang == "en" else "2 phiên bản"
    pg.wait_for_function(
        "() => document.getElementById('izagis-plan-saved-list').textContent"
        f".includes({versions!r})",
        timeout=30_000,
    )
    pg.select_option("#izagis-plan-compare-a", f"{proposal['id']}:1")
    pg.select_option("#izagis-plan-compare-b", f"{proposal['id']}:2")
    pg.click("#izagis-plan-compare")
    pg.wait_for_selector("body[data-izagis-compared='1']", timeout=30_000)
    table = pg.locator("#izagis-plan-compare-table").inner_text()
    assert "TA-BUFFER" not in table and ("Rules" if lang == "en" else "Quy tắc") in table
    assert ("heritage buffer" if lang == "en" else "vùng đệm di sản") in table
    difference = pg.locator("#izagis-plan-difference").inner_text()
    assert ("In common" if lang == "en" else "Phần chung") in difference
    assert pg.locator("path.izagis-compare-a").count() == 1
    assert pg.locator("path.izagis-compare-b").count() == 1
    href = pg.locator("#izagis-plan-saved-list a[download]").first.get_attribute("href")
    assert href is not None
    pdf = pg.context.request.get(href)
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")


def check_the_kpis(pg: Page, lang: str) -> None:
    """The 2024 targets against the 2023 actuals charted, and a figure recorded."""
    pg.click("#izagis-plan-kpis summary")
    rows = pg.locator("#izagis-plan-kpi-chart .izagis-kpi-row")
    assert rows.count() >= 4
    chart = pg.locator("#izagis-plan-kpi-table").inner_text()
    assert ("needs +3.5%" if lang == "en" else "cần tăng +3,5") in chart, chart
    pg.select_option("#izagis-plan-kpi-form select[name=metric]", "new_capital")
    pg.fill("#izagis-plan-kpi-form input[name=year]", "2024")
    pg.fill("#izagis-plan-kpi-form input[name=target]", "900")
    pg.click("#izagis-plan-kpi-form button[type=submit]")
    pg.wait_for_selector("body[data-izagis-kpi-saved='2024']", timeout=30_000)
    assert pg.locator("#izagis-plan-kpi-chart .izagis-kpi-row").count() == 5
    row = "New and increased capital" if lang == "en" else "Vốn cấp mới và tăng thêm"
    assert row in pg.locator("#izagis-plan-kpi-table").inner_text()


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


NO_PLOTS = {"en": "no plots on file", "vi": "chưa có dữ liệu lô đất"}
COVERAGE = {
    "en": "cover the 11 zones with plots on file; the 40 zones with no plots on file are left out",
    "vi": "tính trên 11 khu có dữ liệu lô đất; 40 khu chưa có dữ liệu lô đất không được tính",
}


def _analytics(browser: Browser, url: str, lang: str) -> dict[str, str]:
    """The province's occupancy summary, the runway and the forecast's basis words of a
    planning page, signed in as the planner."""
    with open_page(browser, url) as (pg, watch):
        pg.goto(f"/planning?lang={lang}")
        sign_in(pg, Role.PLANNER)
        pg.wait_for_selector(STATE.format("1"), timeout=60_000)
        seen = {
            "province": pg.locator("#izagis-plan-province").inner_text(),
            "runway": pg.locator("#izagis-plan-runway").inner_text(),
            "circles": str(pg.locator("#izagis-plan-forecast svg circle").count()),
        }
        quiet(watch)
        return seen


@pytest.fixture()
def merged(writable: Engine) -> Iterator[LiveServer]:
    """The app on a database of the test's own after importing the merged province's zones
    (40 of its 51 with no plots on file)."""
    report = run(writable, "zones", MERGED)
    assert report.applied, errors(report)
    _people(writable)
    settings = Settings(
        database_url=writable.url.render_as_string(hide_password=False), rate_limits=False
    )
    with LiveServer(settings, create_app(settings)) as live:
        yield live


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_zones_with_no_plots_on_file_are_said_so_and_left_out(
    browser: Browser, server: LiveServer, merged: LiveServer, lang: str
) -> None:
    """After the merged province's zones are imported, the 40 zones with no plots on file
    show "no plots on file" in the bars, the hectares table and the forecast, never 0 ha or
    0 %, have no fill year on the chart, and the province's figures (those of the 11
    reference zones, unchanged) say what they cover."""
    reference = _analytics(browser, server.url, lang)
    with open_page(browser, merged.url) as (pg, watch):
        pg.goto(f"/planning?lang={lang}")
        sign_in(pg, Role.PLANNER)
        pg.wait_for_selector(STATE.format("1"), timeout=60_000)
        assert pg.locator("#izagis-plan-province").inner_text() == reference["province"]
        assert pg.locator("#izagis-plan-runway").inner_text() == reference["runway"]
        # the map opens on all 51 zones, as the investor map does
        assert pg.evaluate(
            "IZAGIS.map.getBounds().contains(L.latLngBounds(IZAGIS.config.zones.bounds))"
        )
        covers = pg.locator("#izagis-plan-occupancy .izagis-plan-coverage").inner_text()
        assert COVERAGE[lang] in covers, covers
        assert pg.locator("#izagis-plan-forecast .izagis-plan-coverage").count() == 1
        # the bars: a row per zone, those with no plots on file last, said so with no bar
        bars = pg.locator(".izagis-plan-bars tr")
        assert bars.count() == 51
        unknown = [
            NO_PLOTS[lang] in bars.nth(i).inner_text()
            and not bars.nth(i).locator(".izagis-bar").count()
            for i in range(51)
        ]
        assert unknown == [False] * 11 + [True] * 40
        assert not any("%" in bars.nth(i).inner_text() for i in range(11, 51))
        # the hectares per zone: the planned area, then the words instead of 0.0 ha and 0 %
        pg.click("#izagis-plan-occupancy details summary")
        row = pg.locator(".izagis-plan-table tbody tr", has_text="HN-CS").first.inner_text()
        assert row.split("\t") == ["HN-CS", "170", NO_PLOTS[lang]], row
        # the forecast: no fill year drawn (as many dots as before), the words as the basis
        forecast = pg.locator("#izagis-plan-forecast")
        assert str(forecast.locator("svg circle").count()) == reference["circles"]
        chart = forecast.locator("figure").last.inner_text()
        assert "Chau Son" not in chart and "Châu Sơn" not in chart
        rows = forecast.locator(".izagis-plan-table tbody tr")
        basis = [rows.nth(i).locator("td").last.inner_text() for i in range(rows.count())]
        assert len(basis) == 51 and basis[11:] == [NO_PLOTS[lang]] * 40, basis
        assert NO_PLOTS[lang] not in basis[:11]
        quiet(watch)
