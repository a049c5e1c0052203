"""``izagis serve`` as a real subprocess, for tests that need several worker processes."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from izagis.cluster import free_port


@dataclass(frozen=True)
class Served:
    url: str
    pid: int  # uvicorn's supervisor


@contextmanager
def serve(
    database_url: str, *, workers: int, settings: dict[str, str] | None = None
) -> Iterator[Served]:
    """``izagis serve --workers N`` on a free port against ``database_url``, once it answers
    and all its workers run; ``settings``: more ``IZAGIS_*`` variables."""
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("IZAGIS_")},
        "IZAGIS_DATABASE_URL": database_url,
        "IZAGIS_SECRET_KEY": secrets.token_urlsafe(48),
        "IZAGIS_RATE_LIMITS": "false",
        **(settings or {}),
    }
    izagis = str(Path(sys.executable).parent / "izagis")
    server = subprocess.Popen(
        [izagis, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    served = Served(f"http://127.0.0.1:{port}", server.pid)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{served.url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, f"izagis serve --workers {workers} never answered"
            time.sleep(0.3)
        while len(worker_pids(server.pid)) < workers:
            assert time.monotonic() < deadline, f"{workers} workers never started"
            time.sleep(0.3)
        yield served
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def worker_pids(pid: int) -> list[int]:
    """uvicorn's worker processes under its supervisor ``pid`` (and multiprocessing's
    resource tracker, when it runs)."""
    return [k for k in _children(pid) if "multiprocessing" in _cmdline(k)]


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


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""
