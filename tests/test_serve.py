"""``izagis serve --workers N``: several processes of the stateless app on one socket."""

from __future__ import annotations

import httpx
from sqlalchemy import Engine

from izagis.settings import Settings
from tests.serving import serve


def test_serve_with_workers(settings: Settings, engine: Engine) -> None:
    assert engine is not None  # the reference data are loaded
    with serve(str(settings.database_url), workers=2) as served:  # waits for both workers
        for _ in range(10):
            zones = httpx.get(f"{served.url}/api/v1/zones", timeout=10)
            assert zones.status_code == 200 and zones.json()["features"]
