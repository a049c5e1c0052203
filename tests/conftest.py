"""Test fixtures: a real PostGIS cluster of the tests' own, migrated and loaded once, and the
real app served by uvicorn on a free local port."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import Engine

from api.main import create_app
from izagis import db
from izagis.cluster import EmbeddedCluster, free_port
from izagis.dataset import load_dataset
from izagis.settings import Settings

# The developer's own configuration must not reach the tests.
for _key in [k for k in os.environ if k.startswith("IZAGIS_")]:
    del os.environ[_key]


def make_tmp_dir(prefix: str) -> Path:
    """A temp folder the ``postgres`` user can enter when the tests run as root."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


@pytest.fixture(scope="session")
def cluster() -> Iterator[EmbeddedCluster]:
    home = make_tmp_dir("izagis-test-")
    pg = EmbeddedCluster(home / "cluster")
    pg.start()
    yield pg
    pg.stop()
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def settings(cluster: EmbeddedCluster) -> Settings:
    url = cluster.url()
    db.upgrade(url)
    return Settings(database_url=url, data_dir=cluster.data_dir)


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    assert settings.database_url
    eng = db.make_engine(settings.database_url)
    load_dataset(eng)
    yield eng
    eng.dispose()


class LiveServer:
    """uvicorn serving ``create_app(settings)`` in a thread, on a free port."""

    def __init__(self, settings: Settings) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the app did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(settings: Settings, engine: Engine) -> Iterator[LiveServer]:
    with LiveServer(settings) as server:
        yield server


@pytest.fixture(scope="session")
def api(live_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server.url, timeout=30) as client:
        yield client


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--record", action="store_true", help="record the public API snapshots anew")
