"""``izagis serve --workers N``: several processes of the stateless app on one socket."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import Engine

from izagis.cluster import free_port
from izagis.settings import Settings


def _children(pid: int) -> list[int]:
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def test_serve_with_workers(settings: Settings, engine: Engine) -> None:
    assert engine is not None  # the reference data are loaded
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("IZAGIS_")},
        "IZAGIS_DATABASE_URL": str(settings.database_url),
        "IZAGIS_SECRET_KEY": secrets.token_urlsafe(48),
        "IZAGIS_RATE_LIMITS": "false",
    }
    izagis = str(Path(sys.executable).parent / "izagis")
    server = subprocess.Popen(
        [izagis, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "izagis serve --workers 2 never answered"
            time.sleep(0.3)
        # Both workers up (uvicorn's supervisor forks them; plus its multiprocessing helper).
        while len([k for k in _children(server.pid) if _cmdline(k).count("multiprocessing")]) < 2:
            assert time.monotonic() < deadline, "two workers never started"
            time.sleep(0.3)
        for _ in range(10):
            zones = httpx.get(f"http://127.0.0.1:{port}/api/v1/zones", timeout=10)
            assert zones.status_code == 200 and zones.json()["features"]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""
