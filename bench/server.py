"""The real app served by ``izagis serve`` in a process of its own (so that the benchmark's
client does not share its interpreter), against the benchmark database, rate limits off
(``IZAGIS_RATE_LIMITS=false``)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import Engine

from izagis.cluster import free_port


@contextmanager
def served(engine: Engine, workers: int = 1) -> Iterator[str]:
    """``izagis serve --workers N`` on a free port; yields its base URL."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("IZAGIS_")},
        "IZAGIS_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "IZAGIS_SECRET_KEY": secrets.token_urlsafe(48),
        "IZAGIS_RATE_LIMITS": "false",
        "IZAGIS_LOG_LEVEL": "warning",
        "IZAGIS_STATEMENT_TIMEOUT_MS": "60000",
    }
    izagis = Path(sys.executable).with_name("izagis")  # the CLI of the same environment
    cmd = [str(izagis), "serve", "--host", "127.0.0.1", "--port", str(port)]
    cmd += ["--workers", str(workers)]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the benchmark server did not start")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
