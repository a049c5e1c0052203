"""Issue 11 in the browser: the industry picker (words in Vietnamese or English, or a code),
industry names on the fact sheets, and "Enquire about this site", the public enquiry form
opened from a zone's sheet or a result with the site filled in, in both languages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import Engine, text

from api.main import create_app
from izagis.settings import Settings
from tests.conftest import LiveServer
from tests.test_browser import READY, Watch, open_page
from tests.test_browser_a11y import serious
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


@pytest.fixture()
def writable_page(browser: Browser, writable: Engine) -> Iterator[tuple[Page, Watch]]:
    """A page of an app on a database of the test's own: the form stores what it sends."""
    settings = Settings(
        database_url=writable.url.render_as_string(hide_password=False), rate_limits=False
    )
    with LiveServer(settings, create_app(settings)) as live, open_page(browser, live.url) as pg:
        yield pg


def _open(pg: Page, lang: str) -> None:
    pg.goto(f"/{lang}")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.click("#izagis-find summary")


@pytest.mark.parametrize(
    ("lang", "words"), [("en", "auto parts"), ("vi", "phụ tùng ô tô"), ("vi", "phu tung")]
)
def test_the_picker_finds_an_industry_by_words_and_shows_its_code(
    page: tuple[Page, Watch], lang: str, words: str
) -> None:
    pg, watch = page
    _open(pg, lang)
    pg.fill("#need-industry", words)
    first = pg.locator("#need-industry-list li").first
    first.wait_for()
    assert first.get_attribute("data-code") == "2930"
    assert pg.get_attribute("#need-industry", "aria-expanded") == "true"
    pg.press("#need-industry", "ArrowDown")
    pg.press("#need-industry", "Enter")
    assert pg.input_value("#need-industry") == "2930"
    name = pg.inner_text("#need-industry-name")
    assert name.startswith("2930 · ") and "parts and accessories for motor vehicles" in name
    assert watch.errors == []


def test_words_are_searched_as_their_best_code_and_unknown_words_are_refused(
    page: tuple[Page, Watch],
) -> None:
    pg, watch = page
    _open(pg, "en")
    pg.fill("#need-area-min", "10")
    pg.fill("#need-industry", "auto parts")
    with pg.expect_request("**/api/v1/site-search") as sent:
        pg.click("#izagis-find-form button[type=submit]")
    assert (sent.value.post_data_json or {})["industry"] == "2930"
    pg.wait_for_selector(".izagis-candidate", timeout=20_000)
    assert pg.input_value("#need-industry") == "2930"
    assert "vsic=2930" in pg.url
    searches: list[str] = []
    pg.on("request", lambda r: searches.append(r.url) if "site-search" in r.url else None)
    pg.fill("#need-industry", "zzzz qqqq")
    pg.click("#izagis-find-form button[type=submit]")
    # the browser keeps the form and says why (the field's own message)
    message = pg.evaluate("document.getElementById('need-industry').validationMessage")
    assert message == "No industry matches “zzzz qqqq”"
    assert pg.get_attribute("#need-industry", "aria-invalid") == "true"
    pg.wait_for_timeout(300)
    assert searches == [] and watch.errors == []


@pytest.mark.parametrize(
    ("lang", "target", "refused"),
    [
        (
            "en",
            "29 · Manufacture of motor vehicles, trailers and semi-trailers",
            "20 · Manufacture",
        ),
        ("vi", "29 · Sản xuất ô tô và xe có động cơ khác", "20 · Sản xuất hoá chất"),
    ],
)
def test_fact_sheets_name_the_industries(
    page: tuple[Page, Watch], lang: str, target: str, refused: str
) -> None:
    pg, watch = page
    pg.goto(f"/{lang}")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.evaluate("IZAGIS.showZone('GK')")
    rows = pg.locator("#izagis-sheet .izagis-facts tr")
    rows.first.wait_for()
    texts = rows.all_inner_texts()
    assert any(target in t for t in texts), texts
    assert any(refused in t for t in texts), texts
    assert watch.errors == []


def _stored(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT company, contact_name, email, industry, jobs, notes, needs, source,"
                " consent_text_version, consent_at IS NOT NULL AS consented FROM enquiries"
                " ORDER BY id"
            )
        )
        return [dict(r._mapping) for r in rows]


def test_enquire_from_a_zone_sheet(writable_page: tuple[Page, Watch], writable: Engine) -> None:
    pg, watch = writable_page
    pg.goto("/en")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.evaluate("IZAGIS.showZone('TD2')")
    pg.click("#izagis-sheet .izagis-enquire")
    form = pg.locator("#izagis-enquiry-form")
    form.wait_for()
    assert pg.inner_text("#enq-site") == "Site: zone TD2"
    assert pg.input_value("#enq-notes").startswith("Site: zone TD2")
    honeypot = pg.locator("#enq-website")  # off the screen, out of the tab order
    box = honeypot.bounding_box()
    assert box is not None and box["x"] + box["width"] < 0
    assert honeypot.get_attribute("tabindex") == "-1"
    pg.fill("#enq-company", "Hoa Precision Parts KK")
    pg.fill("#enq-contact-name", "Nguyễn Thị Hoa")
    pg.fill("#enq-email", "hoa@investor-example.jp")
    pg.click("#izagis-enquiry-form button[type=submit]")
    assert "consent" in pg.inner_text("#enq-status")  # nothing sent without consent
    assert _stored(writable) == []
    pg.fill("#enq-industry", "auto parts")
    pg.fill("#enq-jobs", "300")
    pg.check("#enq-consent")
    pg.click("#izagis-enquiry-form button[type=submit]")
    sent = pg.locator(".izagis-enquiry-sent")
    sent.wait_for()
    assert "has reached the authority" in sent.inner_text()
    [row] = _stored(writable)
    assert row["company"] == "Hoa Precision Parts KK" and row["industry"] == "2930"
    assert row["jobs"] == 300 and str(row["notes"]).startswith("Site: zone TD2")
    assert row["source"] == "public" and row["consented"] and row["consent_text_version"]
    assert row["needs"] is None
    assert watch.errors == [] and watch.bad == []


def test_enquire_from_a_result_in_vietnamese(
    writable_page: tuple[Page, Watch], writable: Engine
) -> None:
    pg, watch = writable_page
    _open(pg, "vi")
    pg.fill("#need-area-min", "10")
    pg.fill("#need-area-max", "20")
    pg.fill("#need-industry", "2930")
    pg.click("#izagis-find-form button[type=submit]")
    first = pg.locator(".izagis-candidate").first
    first.wait_for(timeout=20_000)
    zone = first.locator("b").inner_text()
    first.locator(".izagis-enquire").click()
    pg.locator("#izagis-enquiry-form").wait_for()
    site = pg.inner_text("#enq-site")
    assert site.startswith(f"Địa điểm: khu {zone}, lô "), site
    assert pg.input_value("#enq-industry") == "2930"
    pg.fill("#enq-company", "Công ty TNHH Phụ tùng Hoa")
    pg.fill("#enq-contact-name", "Trần Văn Nam")
    pg.fill("#enq-email", "nam@example.vn")
    pg.check("#enq-consent")
    pg.click("#izagis-enquiry-form button[type=submit]")
    sent = pg.locator(".izagis-enquiry-sent")
    sent.wait_for()
    assert "đã được gửi tới Ban Quản lý" in sent.inner_text()
    [row] = _stored(writable)
    needs = row["needs"]
    assert isinstance(needs, dict)
    assert needs["zones"] == [zone] and needs["industry"] == "2930"
    assert needs["area_ha"] == {"min": 10, "max": 20}
    assert str(row["notes"]).startswith(site)
    assert watch.errors == [] and watch.bad == []


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_no_serious_violation_in_the_picker_and_the_form(
    page: tuple[Page, Watch], lang: str
) -> None:
    pg, watch = page
    _open(pg, lang)
    pg.fill("#need-industry", "auto parts" if lang == "en" else "phụ tùng")
    pg.locator("#need-industry-list li").first.wait_for()
    assert serious(pg) == []
    pg.evaluate("IZAGIS.showZone('GK')")
    pg.click("#izagis-sheet .izagis-enquire")
    pg.locator("#izagis-enquiry-form").wait_for()
    assert serious(pg) == []
    assert watch.errors == []


def test_the_workers_planned_are_costed_at_the_minimum_wage(page: tuple[Page, Watch]) -> None:
    pg, watch = page
    _open(pg, "en")
    pg.fill("#need-area-min", "10")
    pg.click("#izagis-find-form .izagis-more-needs summary >> nth=0")
    pg.fill("#need-jobs", "250")
    with pg.expect_request("**/api/v1/site-search") as sent:
        pg.click("#izagis-find-form button[type=submit]")
    assert (sent.value.post_data_json or {})["jobs"] == 250
    line = pg.locator(".izagis-summary .izagis-labour")
    line.wait_for(timeout=20_000)
    text = line.inner_text()
    assert "250 workers cost ₫11,100,000,000–₫15,930,000,000 a year" in text, text
    assert "Decree 293/2025/NĐ-CP" in text and "jobs=250" in pg.url
    assert watch.errors == []


def test_the_form_works_on_a_phone(writable_page: tuple[Page, Watch], writable: Engine) -> None:
    pg, watch = writable_page
    pg.set_viewport_size({"width": 390, "height": 844})
    pg.goto("/vi")
    pg.wait_for_selector(READY, timeout=30_000)
    pg.evaluate("IZAGIS.showZone('GK')")
    pg.click("#izagis-sheet .izagis-enquire")
    pg.locator("#izagis-enquiry-form").wait_for()
    pg.fill("#enq-company", "Công ty TNHH Điện tử Minh")
    pg.fill("#enq-contact-name", "Lê Minh")
    pg.fill("#enq-email", "minh@example.vn")
    pg.check("#enq-consent")
    pg.click("#izagis-enquiry-form button[type=submit]")  # scrolled to and clickable
    pg.locator(".izagis-enquiry-sent").wait_for()
    assert [r["company"] for r in _stored(writable)] == ["Công ty TNHH Điện tử Minh"]
    assert watch.errors == []
