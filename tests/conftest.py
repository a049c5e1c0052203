"""Test fixtures: a real PostGIS cluster of the tests' own, migrated and loaded once, and the
real app served by uvicorn on a free local port."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import psycopg
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine

from api.main import create_app
from izagis import db
from izagis.cluster import EmbeddedCluster, free_port
from izagis.dataset import load_dataset
from izagis.settings import Settings

# The developer's own configuration must not reach the tests.
for _key in [k for k in os.environ if k.startswith("IZAGIS_")]:
    del os.environ[_key]
# Every app and subprocess of the suite signs sign-ins with this run's own key.
os.environ["IZAGIS_SECRET_KEY"] = secrets.token_urlsafe(48)


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
    owner = cluster.url()
    db.upgrade(owner)
    # The server connects as the app role, as izagis serve does, so that every test of the
    # running app also shows that role's rights suffice. Rate limits off: the suite searches
    # far more than a visitor; tests/test_security.py switches them on for its own server.
    return Settings(
        database_url=cluster.app_url(),
        owner_database_url=owner,
        data_dir=cluster.data_dir,
        rate_limits=False,
    )


def _admin(cluster: EmbeddedCluster, sql: str) -> None:
    admin = cluster.url().replace("+psycopg", "").rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)  # names come from the tests, not input


def _database_url(cluster: EmbeddedCluster, name: str) -> str:
    return cluster.url().rsplit("/", 1)[0] + "/" + name


def app_url(cluster: EmbeddedCluster, engine: Engine) -> str:
    """The URL the server uses for ``engine``'s database: the app role, as izagis serve does
    (a clone keeps its template's grants)."""
    return cluster.app_url().rsplit("/", 1)[0] + "/" + str(engine.url.database)


@pytest.fixture(scope="session")
def empty_template(cluster: EmbeddedCluster) -> str:
    """A migrated, empty database that scratch databases are cloned from."""
    _admin(cluster, "CREATE DATABASE tmpl_empty")
    db.upgrade(_database_url(cluster, "tmpl_empty"))
    return "tmpl_empty"


@pytest.fixture(scope="session")
def loaded_template(cluster: EmbeddedCluster, empty_template: str) -> str:
    """A migrated database holding the reference dataset, for tests that write to it."""
    _admin(cluster, f"CREATE DATABASE tmpl_loaded TEMPLATE {empty_template}")
    engine = db.make_engine(_database_url(cluster, "tmpl_loaded"))
    load_dataset(engine)
    engine.dispose()
    return "tmpl_loaded"


@contextmanager
def cloned(cluster: EmbeddedCluster, template: str) -> Iterator[Engine]:
    """A database of its own, cloned from ``template`` (CREATE DATABASE ... TEMPLATE)."""
    name = "scratch_" + secrets.token_hex(4)
    _admin(cluster, f'CREATE DATABASE "{name}" TEMPLATE {template}')
    engine = db.make_engine(_database_url(cluster, name))
    try:
        yield engine
    finally:
        engine.dispose()
        _admin(cluster, f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture()
def scratch(cluster: EmbeddedCluster, empty_template: str) -> Iterator[Engine]:
    """A new, migrated, empty database of the test's own."""
    with cloned(cluster, empty_template) as engine:
        yield engine


@pytest.fixture()
def writable(cluster: EmbeddedCluster, loaded_template: str) -> Iterator[Engine]:
    """A database of the test's own holding the reference dataset: write at will."""
    with cloned(cluster, loaded_template) as engine:
        yield engine


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    """The suite's shared database, loaded by its owner; read-only for the tests."""
    assert settings.owner_database_url
    eng = db.make_engine(settings.owner_database_url)
    load_dataset(eng)
    yield eng
    eng.dispose()


class LiveServer:
    """uvicorn serving ``create_app(settings)`` (or ``app``) in a thread, on a free port."""

    def __init__(self, settings: Settings, app: FastAPI | None = None) -> None:
        self.port = free_port()
        config = uvicorn.Config(
            app or create_app(settings),
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            forwarded_allow_ips=settings.forwarded_allow_ips,  # as izagis serve does
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
