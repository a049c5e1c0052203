"""Reliability and security at the edge: every reproduction of the hardening issue answers a
quick 4xx in JSON; limits, security headers, rate limits and the statement timeout hold."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi import APIRouter
from sqlalchemy import text

from api.deps import ConnectionDep
from api.main import create_app
from izagis.needs import SiteNeeds
from izagis.settings import Settings
from tests.conftest import LiveServer

SEARCH = "/api/v1/site-search"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/zones/%00",
        "/api/v1/plots/%00",
        "/api/v1/plots?code=%00",
        "/api/v1/plots?zone=%00",
        "/api/v1/projects?zone=%00",
        "/api/v1/plots?zone=",
        "/api/v1/infrastructure?kind=",
        "/api/v1/plots?bbox=",
        "/api/v1/plots?limit=1_000",
        "/api/v1/plots?offset=%2B0",
        "/api/v1/stats?year=0x7e7",
        "/api/v1/tiles/0/1/0/0.pbf",
    ],
)
def test_bad_parameters_are_a_quick_422(api: httpx.Client, path: str) -> None:
    started = time.monotonic()
    res = api.get(path)
    assert res.status_code == 422, res.text
    assert res.json()["code"] == "invalid_input"
    assert time.monotonic() - started < 2


@pytest.mark.parametrize(
    "body",
    [
        b'{"area_ha":{"min":2},"zones":["\\ud800"]}',
        b'{"area_ha":{"min":2},"exclude_zones":["\\udfff"]}',
        b'{"area_ha":{"min":2},"weights":{"\\ud800":1}}',
        b'{"area_ha":{"min":2},"zones":["a\\u0000b"]}',
        b'{"area_ha":{"min":2},"weights":{}}',
        b'{"area_ha":{"min":2},"zones":[' + b'"KP",' * 600 + b'"GK"]}',
        b'\xff\xfe{"area_ha":{"min":2}}',
        b"[" * 5000 + b"]" * 5000,
    ],
)
def test_bad_search_bodies_are_a_quick_422(api: httpx.Client, body: bytes) -> None:
    res = api.post(SEARCH, content=body, headers={"content-type": "application/json"})
    assert res.status_code == 422, res.text
    assert res.json()["code"] == "invalid_input"
    assert len(res.content) < 20_000  # no answer that repeats a huge input


def test_repeated_list_items_are_counted_once(api: httpx.Client) -> None:
    once = {"area_ha": {"min": 1, "max": 3}, "availability": ["free", "delayed"]}
    twice = {
        "area_ha": {"min": 1, "max": 3},
        "availability": ["free", "free", "delayed"],
        "exclude_zones": ["KP", "KP"],
    }
    first, second = api.post(SEARCH, json=once), api.post(SEARCH, json=twice)
    assert first.status_code == second.status_code == 200, second.text
    assert second.json()["considered"] == first.json()["considered"]
    assert second.json()["excluded"]["availability"] == first.json()["excluded"]["availability"]
    assert SiteNeeds.model_validate(twice).availability == ["free", "delayed"]
    assert SiteNeeds.model_validate(twice).exclude_zones == ["KP"]


def test_405_names_the_allowed_methods(api: httpx.Client) -> None:
    res = api.delete("/api/v1/zones")
    assert res.status_code == 405 and res.headers["allow"] == "GET"
    assert res.json()["code"] == "method_not_allowed"


def test_security_headers_on_pages_api_and_assets(api: httpx.Client) -> None:
    for path in ("/en", "/docs", "/api/v1/zones", "/static/js/main.js", "/nowhere"):
        res = api.get(path)
        assert res.headers["x-content-type-options"] == "nosniff", path
        assert res.headers["referrer-policy"] == "strict-origin-when-cross-origin", path
        assert "frame-ancestors 'none'" in res.headers["content-security-policy"], path
    page = api.get("/en")
    policy = page.headers["content-security-policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert "unsafe-eval" not in policy and "script-src 'self' 'nonce-" in policy
    assert "img-src 'self' data: blob: https://tile.openstreetmap.org" in policy
    assert page.text.count("<script") == page.text.count(f'<script nonce="{nonce}"')
    assert api.get("/en").headers["content-security-policy"] != policy  # a nonce per answer


def test_language_cookie_is_secure_only_over_https(
    api: httpx.Client, strict_api: httpx.Client
) -> None:
    assert "secure" not in api.get("/en").headers["set-cookie"].lower()
    # No trusted proxy: a client cannot claim HTTPS.
    spoofed = api.get("/en", headers={"x-forwarded-proto": "https"})
    assert "secure" not in spoofed.headers["set-cookie"].lower()
    # Behind a trusted TLS proxy (IZAGIS_FORWARDED_ALLOW_IPS=127.0.0.1).
    proxied = strict_api.get("/en", headers={"x-forwarded-proto": "https"})
    assert "secure" in proxied.headers["set-cookie"].lower()


@pytest.fixture(scope="module")
def strict_api(settings: Settings, engine: object) -> Iterator[httpx.Client]:
    """The app with small limits and rate limits on, and a route that sleeps in SQL."""
    strict = settings.model_copy(
        update={
            "rate_limits": True,
            "search_per_minute": 3,
            "max_body_bytes": 2048,
            "body_timeout_s": 1.0,
            "statement_timeout_ms": 200,
            "forwarded_allow_ips": "127.0.0.1",
        }
    )
    app = create_app(strict)
    slow = APIRouter()

    @slow.get("/test/slow")
    def sleep_in_sql(conn: ConnectionDep) -> None:
        conn.execute(text("SELECT pg_sleep(2)"))

    app.include_router(slow)
    with LiveServer(strict, app) as server, httpx.Client(base_url=server.url) as client:
        yield client


def test_a_body_over_the_limit_is_refused_before_parsing(strict_api: httpx.Client) -> None:
    res = strict_api.post(SEARCH, content=b"{" + b" " * 4000 + b"}")
    assert res.status_code == 413 and res.json()["code"] == "too_large"


def test_a_body_shorter_than_announced_does_not_hold_the_connection(
    strict_api: httpx.Client,
) -> None:
    host, port = str(strict_api.base_url.host), int(strict_api.base_url.port or 80)
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(
            b"POST /api/v1/site-search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"area_ha"'
        )
        started = time.monotonic()
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 408") and time.monotonic() - started < 4


def test_searches_are_rate_limited_per_address(strict_api: httpx.Client) -> None:
    body = {"area_ha": {"min": 1, "max": 2}, "limit": 1}
    mine = {"x-forwarded-for": "203.0.113.7"}  # the proxy (127.0.0.1) is trusted
    codes = [strict_api.post(SEARCH, json=body, headers=mine).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = strict_api.post(SEARCH, json=body, headers=mine)
    assert limited.json()["code"] == "rate_limited"
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    other = {"x-forwarded-for": "203.0.113.8"}
    assert strict_api.post(SEARCH, json=body, headers=other).status_code == 200


@pytest.fixture(scope="module")
def untrusting_api(settings: Settings, engine: object) -> Iterator[httpx.Client]:
    """Rate limits on, and no trusted proxy."""
    limited = settings.model_copy(update={"rate_limits": True, "search_per_minute": 3})
    with LiveServer(limited) as server, httpx.Client(base_url=server.url) as client:
        yield client


def test_a_forwarded_address_from_an_untrusted_peer_does_not_count(
    untrusting_api: httpx.Client,
) -> None:
    body = {"area_ha": {"min": 1, "max": 2}, "limit": 1}
    codes = [
        untrusting_api.post(SEARCH, json=body, headers={"x-forwarded-for": f"198.51.100.{i}"})
        for i in range(4)
    ]
    assert [c.status_code for c in codes] == [200, 200, 200, 429]


def test_a_statement_over_the_timeout_is_503_busy(strict_api: httpx.Client) -> None:
    res = strict_api.get("/test/slow")
    assert res.status_code == 503 and res.json()["code"] == "busy"
    assert res.headers["retry-after"] == "5"
    assert strict_api.get("/healthz").status_code == 200  # the pool's connection recovered


def test_the_base_map_host_is_allowed_only_when_configured(
    settings: Settings, engine: object
) -> None:
    without = settings.model_copy(update={"base_map_url": ""})
    with LiveServer(without) as server, httpx.Client(base_url=server.url) as client:
        page = client.get("/en")
    assert "openstreetmap" not in page.headers["content-security-policy"]
    assert "tile.openstreetmap.org" not in page.text
