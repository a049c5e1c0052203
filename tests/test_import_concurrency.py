"""Searches and tiles keep answering while an import writes (issue 14). An import of plots runs
its whole write path (``izagis.imports.import_frame``: staging, checks, the changed rows
written with their audit rows, derived data refreshed) in a transaction held open before its
commit; meanwhile the app, serving the same database as the app role, answers a site search
and a plot tile from what was committed, without waiting for the import's locks. After the
commit both show the import's change."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import mapbox_vector_tile
import psycopg
import pytest
from sqlalchemy import Engine, text

from api.main import create_app
from izagis.cluster import EmbeddedCluster
from izagis.export import export_layer
from izagis.import_read import read_source
from izagis.import_report import ImportReport
from izagis.imports import import_frame
from izagis.settings import Settings
from tests.conftest import LiveServer, app_url
from tests.test_tiles_and_pages import tile_of

ZONE = "TD2"
TILE_ZOOM = 16
# Every free plot of the zone, whatever its size, one by one.
SEARCH = {"area_ha": {"min": 0.01, "max": 1000}, "zones": [ZONE], "allow_assembly": False}


@pytest.fixture()
def live(cluster: EmbeddedCluster, writable: Engine) -> Iterator[httpx.Client]:
    settings = Settings(database_url=app_url(cluster, writable), rate_limits=False)
    with (
        LiveServer(settings, create_app(settings)) as server,
        httpx.Client(base_url=server.url, timeout=60) as client,
    ):
        yield client


def _found(client: httpx.Client) -> set[str]:
    """The plots the search finds (every one that passed)."""
    answer = client.post("/api/v1/site-search", json={**SEARCH, "limit": 1000})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["passed"] == len(body["candidates"])
    return {code for c in body["candidates"] for code in c["plot_codes"]}


def _land_use(client: httpx.Client, tile: tuple[int, int, int], code: str) -> Any:
    answer = client.get("/api/v1/tiles/plots/{}/{}/{}.pbf".format(*tile))
    assert answer.status_code == 200
    features = mapbox_vector_tile.decode(answer.content)["plots"]["features"]
    return next(f["properties"]["land_use"] for f in features if f["properties"]["code"] == code)


def test_a_search_and_a_tile_answer_while_an_import_is_open(
    writable: Engine, live: httpx.Client, tmp_path: Path
) -> None:
    with writable.connect() as conn:
        code, lon, lat = conn.execute(
            text(
                "SELECT p.code, ST_X(ST_PointOnSurface(p.geom)), ST_Y(ST_PointOnSurface(p.geom))"
                " FROM plots p JOIN zones z ON z.id = p.zone_id WHERE z.code = :zone"
                " AND p.status = 'free' AND p.land_use = 'industrial' ORDER BY p.code LIMIT 1"
            ),
            {"zone": ZONE},
        ).one()
        path = tmp_path / "plots.geojson"
        export_layer(conn, "plots", path)
    tile = (TILE_ZOOM, *tile_of(lon, lat, TILE_ZOOM))
    before = _found(live)
    assert code in before and _land_use(live, tile, code) == "industrial"

    # The steward's file: the same plots, one of them now green land (not leasable).
    source = read_source(path)
    frame = source.frame
    frame.loc[frame["code"] == code, "land_use"] = "green"
    report = ImportReport("plots", path.name, source.checksum, source.crs, len(frame))
    with writable.connect() as conn, conn.begin() as transaction:
        import_frame(conn, "plots", frame, report)
        assert report.applied and [c.code for c in report.changes] == [code], report.issues
        importer = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()

        # Open, not yet committed, and holding the changed plot's row lock.
        owner = writable.url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(owner, autocommit=True) as other:
            state = other.execute(
                "SELECT state FROM pg_stat_activity WHERE pid = %s", (importer,)
            ).fetchone()
            assert state == ("idle in transaction",)
            with pytest.raises(psycopg.errors.LockNotAvailable):
                other.execute("SELECT 1 FROM plots WHERE code = %s FOR UPDATE NOWAIT", (code,))

        # Meanwhile the app answers, from what was committed.
        assert _found(live) == before
        assert _land_use(live, tile, code) == "industrial"
        transaction.commit()

    assert _found(live) == before - {code}
    # The tile cache hears of the commit by NOTIFY, a moment later.
    deadline = time.monotonic() + 10
    while _land_use(live, tile, code) != "green":
        assert time.monotonic() < deadline, "the tile never showed the import's change"
        time.sleep(0.1)
