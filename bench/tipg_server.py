"""tipg (https://github.com/developmentseed/tipg, from PyPI: the ``bench`` extra) serving the
same ``plots`` table of the benchmark database, in a uvicorn process of its own, as the
vector-tile baseline.

tipg reads the table itself and cuts its tiles with ``ST_AsMVT`` on each request (it caches
nothing on the server). It is given the same Web Mercator column (``geom_wm``), the same
``jit = off`` as izagis's tile connections, no cap on features a tile, and asked for the
columns izagis's tile of that zoom carries (``TIPG_PROPERTIES``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version

import httpx
from sqlalchemy import Engine

from izagis.cluster import free_port

# What izagis's plot tile carries at each zoom, as columns of the table (tipg reads the table,
# not the live status with holds, nor the zone's code: the zone's id stands in for it).
DETAIL_PROPERTIES = "code,zone_id,land_use,status,leasable_year,area_m2"
LOW_PROPERTIES = "land_use,status"
PLOT_DETAIL_ZOOM = 14


def tipg_version() -> str:
    return version("tipg")


def tile_path(z: int, x: int, y: int) -> str:
    """tipg's URL of one plot tile, with the columns izagis's tile of that zoom carries."""
    props = DETAIL_PROPERTIES if z >= PLOT_DETAIL_ZOOM else LOW_PROPERTIES
    return (
        f"/collections/public.plots/tiles/WebMercatorQuad/{z}/{x}/{y}"
        f"?geom-column=geom_wm&properties={props}"
    )


@contextmanager
def tipg_served(engine: Engine) -> Iterator[str]:
    """tipg on a free port over ``engine``'s database (as the same role); yields its base URL."""
    port = free_port()
    url = engine.url.set(drivername="postgresql", query={"jit": "off"})
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TIPG_", "IZAGIS_"))},
        "DATABASE_URL": url.render_as_string(hide_password=False),
        "TIPG_DB_TABLES": '["public.plots"]',
        "TIPG_DB_FUNCTIONS": "[]",
        "TIPG_MAX_FEATURES_PER_TILE": str(10**9),
        "TIPG_DB_MAX_CONN_SIZE": "4",
    }
    cmd = [sys.executable, "-m", "uvicorn", "tipg.main:app", "--port", str(port)]
    cmd += ["--log-level", "warning", "--no-access-log"]
    server = subprocess.Popen(cmd, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/collections/public.plots", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("tipg did not start")
            time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
