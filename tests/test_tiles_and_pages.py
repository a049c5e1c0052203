"""Vector tiles and the pages' HTML: local assets only, no data pasted into the page."""

from __future__ import annotations

import asyncio
import math
import re
import socket
import time
from types import SimpleNamespace

import httpx
import mapbox_vector_tile
import pytest
from starlette.requests import Request

from api.main import create_app
from api.routes import pages
from izagis import db
from izagis.settings import Settings

ASSET = re.compile(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"')


def tile_of(lon: float, lat: float, z: int) -> tuple[int, int]:
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def gk_center(api: httpx.Client) -> tuple[float, float]:
    ring = api.get("/api/v1/zones/GK").json()["geometry"]["coordinates"][0][0]
    return sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring)


def test_plot_tile_holds_plots_with_properties(api: httpx.Client) -> None:
    x, y = tile_of(*gk_center(api), 14)
    res = api.get(f"/api/v1/tiles/plots/14/{x}/{y}.pbf")
    assert res.status_code == 200
    assert res.headers["content-type"] == "application/vnd.mapbox-vector-tile"
    assert "max-age" in res.headers["cache-control"] and res.headers["etag"]
    layers = mapbox_vector_tile.decode(res.content)
    features = layers["plots"]["features"]
    assert features
    props = features[0]["properties"]
    assert props["zone_code"] == "GK" or any(f["properties"]["zone_code"] == "GK" for f in features)
    assert {"code", "status", "area_ha", "land_use"} <= set(props)
    again = api.get(
        f"/api/v1/tiles/plots/14/{x}/{y}.pbf", headers={"If-None-Match": res.headers["etag"]}
    )
    assert again.status_code == 304


def test_zone_tile_and_empty_tile(api: httpx.Client) -> None:
    x, y = tile_of(*gk_center(api), 10)
    zones = mapbox_vector_tile.decode(api.get(f"/api/v1/tiles/zones/10/{x}/{y}.pbf").content)
    assert "GK" in {f["properties"]["code"] for f in zones["zones"]["features"]}
    far = api.get("/api/v1/tiles/plots/14/0/0.pbf")
    assert far.status_code == 200 and far.content == b""
    x, y = tile_of(*gk_center(api), 11)
    too_far_out = api.get(f"/api/v1/tiles/plots/11/{x}/{y}.pbf")
    assert too_far_out.status_code == 200 and too_far_out.content == b"", "no plots below z12"


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/tiles/secrets/1/0/0.pbf", "layer"),
        ("/api/v1/tiles/plots/3/8/0.pbf", "x"),
        ("/api/v1/tiles/plots/30/0/0.pbf", "z"),
    ],
)
def test_bad_tiles_are_422(api: httpx.Client, path: str, field: str) -> None:
    res = api.get(path)
    assert res.status_code == 422 and res.json()["field"] == field


@pytest.mark.parametrize("path", ["/", "/vi", "/en", "/staff", "/planning"])
def test_pages_use_only_local_assets(api: httpx.Client, path: str) -> None:
    res = api.get(path)
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/html")
    html = res.text
    urls = ASSET.findall(html)
    assert urls
    assert re.search(r'<script nonce="[^"]+" type="module" src="/static/js/main.js">', html)
    for url in urls:
        assert url.startswith(("/static/", "data:")), url
        if url.startswith("/static/"):
            assert api.get(url).status_code == 200, url
    # The data come from the API: no layer is pasted into the page.
    assert "FeatureCollection" not in html
    assert len(html) < 60_000


def test_vendored_css_references_resolve(api: httpx.Client) -> None:
    html = api.get("/en").text
    for css in re.findall(r'href="(/static/[^"]+\.css)"', html):
        body = api.get(css).text
        for ref in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", body):
            if ref.startswith(("data:", "#")):
                continue
            assert not ref.startswith(("http:", "https:", "//")), (css, ref)
            target = httpx.URL(api.base_url.join(css)).join(ref.split("?")[0].split("#")[0])
            assert api.get(str(target)).status_code == 200, (css, ref)


def test_language_choice(live_server: object, api: httpx.Client) -> None:
    base = str(api.base_url)
    with httpx.Client(base_url=base) as fresh:  # no cookie yet
        assert '<html lang="vi">' in fresh.get("/").text
        assert (
            '<html lang="en">' in fresh.get("/", headers={"Accept-Language": "en-GB,en;q=0.8"}).text
        )
        assert '<html lang="en">' in fresh.get("/", params={"lang": "en"}).text
        assert fresh.cookies.get("izagis_lang") == "en"
        assert '<html lang="en">' in fresh.get("/", headers={"Accept-Language": "vi"}).text
        assert '<html lang="vi">' in fresh.get("/staff", params={"lang": "vi"}).text


def test_a_page_does_not_wait_for_a_database_that_hangs() -> None:
    """A database that accepts connections and never answers (a hung server, a pooler whose
    backend is down) holds a page's read of the zones no longer than the connection timeout;
    the page then opens on its usual view."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    engine = db.make_engine(f"postgresql+psycopg://u:x@127.0.0.1:{listener.getsockname()[1]}/x")
    app = SimpleNamespace(state=SimpleNamespace(engine=engine))
    try:
        started = time.monotonic()
        assert pages._zones(Request({"type": "http", "app": app})) is None
        assert time.monotonic() - started < db.CONNECT_TIMEOUT_S + 3
    finally:
        engine.dispose()
        listener.close()


def test_pages_under_a_root_path_build_every_url_from_it() -> None:
    """Served under /izagis (ASGI root_path, as behind a reverse proxy): the assets, the
    page script's base URL, the vector tiles and the API docs all live under it."""

    async def check() -> None:
        transport = httpx.ASGITransport(app=create_app(Settings()), root_path="/izagis")
        async with httpx.AsyncClient(transport=transport, base_url="http://proxy") as client:
            html = (await client.get("/izagis/en")).text  # pages need no database
            urls = [u for u in ASSET.findall(html) if not u.startswith("data:")]
            assert urls and all(u.startswith("/izagis/static/") for u in urls), urls
            for url in urls:
                assert (await client.get(url)).status_code == 200, url
            assert '"base": "/izagis"' in html
            assert "'/izagis/api/v1/tiles/plots/{z}/{x}/{y}.pbf'" in html
            docs = (await client.get("/izagis/docs")).text
            assert "'/izagis/openapi.json'" in docs
            assert "/izagis/static/vendor/swagger-ui" in docs
            res = await client.get("/izagis/", params={"lang": "en"})
            assert res.cookies.get("izagis_lang") == "en"
            assert "Path=/izagis" in res.headers["set-cookie"]

    asyncio.run(check())
