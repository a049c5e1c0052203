"""A real outage seen from the investor map: the database stopped under the running app, the
site search says the server is unavailable (not "invalid input"), leaves no stale result, and
works again once the database is back, with no reload (issue 11)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from izagis import db
from izagis.cluster import EmbeddedCluster
from izagis.dataset import load_dataset
from izagis.settings import Settings
from tests.conftest import LiveServer, make_tmp_dir
from tests.test_browser import READY, open_page, wait_until
from tests.test_browser_investor import _answer, _search
from web.browser import chromium

pytestmark = pytest.mark.browser


@pytest.fixture()
def own_cluster() -> Iterator[EmbeddedCluster]:
    """A cluster of the test's own, migrated and loaded: stopping it disturbs no other test."""
    home = make_tmp_dir("izagis-outage-")
    pg = EmbeddedCluster(home / "cluster")
    try:
        pg.start()
        db.upgrade(pg.url())
        engine = db.make_engine(pg.url())
        load_dataset(engine)
        engine.dispose()
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(home, ignore_errors=True)


def test_a_stopped_database_is_said_so_and_the_search_recovers(
    own_cluster: EmbeddedCluster,
) -> None:
    settings = Settings(database_url=own_cluster.url(), data_dir=own_cluster.data_dir)
    with LiveServer(settings) as server, chromium() as browser:
        with open_page(browser, server.url) as (pg, watch):
            pg.goto("/en")
            pg.wait_for_selector(READY, timeout=30_000)
            _search(pg)
            before = _answer(pg)
            own_cluster.stop()
            with pg.expect_response("**/api/v1/site-search") as answered:
                pg.click("#izagis-find-form button[type=submit]")
            assert answered.value.status == 503
            text = pg.locator("#izagis-find-results .izagis-error").inner_text(timeout=20_000)
            assert text.startswith("The server is unavailable at the moment"), text
            assert "Invalid input" not in text
            assert pg.locator(".izagis-candidate").count() == 0
            wait_until(pg, "document.querySelectorAll('.izagis-rank').length === 0", 2_000)
            own_cluster.start()
            deadline = 20
            for _ in range(deadline):
                pg.click("#izagis-find-form button[type=submit]")
                pg.wait_for_selector(".izagis-candidate, .izagis-error", timeout=20_000)
                if pg.locator(".izagis-candidate").count():
                    break
                pg.wait_for_timeout(1_000)
            assert _answer(pg) == before
            unexpected = [e for e in watch.errors if "503" not in e]
            assert unexpected == []
