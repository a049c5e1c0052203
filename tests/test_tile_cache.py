"""The tile cache: answers from memory, follows every write (LISTEN/NOTIFY) and every hold
boundary, and honours ``If-None-Match`` with weak tags and ``*``; low-zoom plot tiles carry
what the map draws."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import httpx
import mapbox_vector_tile
from sqlalchemy import Engine, text

from api.main import create_app
from izagis import holds, plot_state
from izagis.settings import Settings
from izagis.vocab import PlotEventKind
from tests.conftest import LiveServer
from tests.test_tiles_and_pages import gk_center, tile_of


def _plots(client: httpx.Client, z: int, x: int, y: int) -> dict[str, dict[str, Any]]:
    res = client.get(f"/api/v1/tiles/plots/{z}/{x}/{y}.pbf")
    res.raise_for_status()
    features = mapbox_vector_tile.decode(res.content).get("plots", {"features": []})["features"]
    return {f["properties"]["code"]: f["properties"] for f in features}


def _until(check: Any, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "the tile never followed the database"
        time.sleep(0.1)


def test_if_none_match_weak_tags_and_star(api: httpx.Client) -> None:
    x, y = tile_of(*gk_center(api), 14)
    path = f"/api/v1/tiles/plots/14/{x}/{y}.pbf"
    tag = api.get(path).headers["etag"]
    for header in (tag, "W/" + tag, "*", f'"nope", W/{tag}'):
        assert api.get(path, headers={"If-None-Match": header}).status_code == 304, header
    assert api.get(path, headers={"If-None-Match": '"nope"'}).status_code == 200


def test_low_zoom_plot_tiles_carry_what_the_map_draws(api: httpx.Client) -> None:
    x, y = tile_of(*gk_center(api), 12)
    res = api.get(f"/api/v1/tiles/plots/12/{x}/{y}.pbf")
    features = mapbox_vector_tile.decode(res.content)["plots"]["features"]
    assert features
    # Leasable plots by their status, the others by their land use: one attribute each.
    assert all(len(f["properties"]) == 1 for f in features)
    assert {k for f in features for k in f["properties"]} <= {"land_use", "status"}
    assert any("status" in f["properties"] for f in features)


def test_cached_tiles_follow_writes_and_hold_boundaries(writable: Engine) -> None:
    url = writable.url.render_as_string(hide_password=False)
    app = create_app(Settings(database_url=url, rate_limits=False))
    with LiveServer(Settings(), app) as server, httpx.Client(base_url=server.url) as client:
        x, y = tile_of(*gk_center(client), 14)
        before = _plots(client, 14, x, y)

        def cached() -> bool:
            _plots(client, 14, x, y)
            return len(app.state.tile_cache) > 0

        _until(cached)  # once the listener is connected
        code = next(c for c, p in before.items() if p["status"] == "free")
        assert _plots(client, 14, x, y) == before  # from the cache
        with writable.begin() as conn:
            plot_state.record_event(
                conn, plot_code=code, kind=PlotEventKind.LEASED, happened_on=dt.date.today()
            )
        _until(lambda: _plots(client, 14, x, y)[code]["status"] == "leased")
        # A hold that starts in two seconds: cached tiles last until then, no longer.
        other = next(c for c, p in before.items() if p["status"] == "free" and c != code)
        starts = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)
        with writable.begin() as conn:
            holds.place_hold(
                conn,
                plot_codes=[other],
                holder="test",
                starts=starts,
                ends=starts + dt.timedelta(1),
            )
        _until(lambda: _plots(client, 14, x, y)[other]["status"] == "free")
        _until(lambda: _plots(client, 14, x, y)[other]["status"] == "reserved")
        with writable.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM holds")).scalar_one() > 0
