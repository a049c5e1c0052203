"""Does one worst-case request stall the others? ``/healthz`` over HTTP while the heaviest
valid site search (land assembly over every zone, capped input) runs without pause in other
clients, against ``/healthz`` on an idle server, in the same run."""

from __future__ import annotations

import statistics
import threading
import time
from typing import Any

import httpx
import uvicorn
from pydantic import SecretStr
from sqlalchemy import Engine

from api.main import create_app
from izagis import tokens
from izagis.cluster import free_port
from izagis.settings import Settings

WORST_SEARCH = {
    "area_ha": {"min": 10, "max": 20},
    "availability": ["free", "planned", "delayed"],
    "limit": 1000,
}
PROBES = 40
LOAD_CLIENTS = 2


def _probe(client: httpx.Client) -> list[float]:
    times = []
    for _ in range(PROBES):
        start = time.perf_counter()
        client.get("/healthz").raise_for_status()
        times.append((time.perf_counter() - start) * 1000)
        time.sleep(0.05)
    return times


def measure(engine: Engine) -> dict[str, Any]:
    """The median and worst ``/healthz`` under load, against idle."""
    url = engine.url.render_as_string(hide_password=False)
    key = tokens.secret_key(Settings())  # the embedded cluster's
    settings = Settings(database_url=url, rate_limits=False, secret_key=SecretStr(key))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    stop = threading.Event()
    searches: list[float] = []

    def load() -> None:
        with httpx.Client(base_url=base, timeout=120) as client:
            while not stop.is_set():
                start = time.perf_counter()
                client.post("/api/v1/site-search", json=WORST_SEARCH).raise_for_status()
                searches.append((time.perf_counter() - start) * 1000)

    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            idle = _probe(client)
            loaders = [threading.Thread(target=load) for _ in range(LOAD_CLIENTS)]
            for t in loaders:
                t.start()
            time.sleep(1.0)
            loaded = _probe(client)
            stop.set()
            for t in loaders:
                t.join()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    return {
        "idle_median_ms": statistics.median(idle),
        "loaded_median_ms": statistics.median(loaded),
        "loaded_max_ms": max(loaded),
        "search_median_ms": statistics.median(searches) if searches else None,
    }
