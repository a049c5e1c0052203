"""Fixtures of the behaviour tests: the small world of ``world.py`` written as a dataset folder,
loaded into a database of its own (cloned from the empty template), and the real app serving it.

Behaviour tests must not lean on the reference dataset: the session fixtures that load
``geodata/`` (``engine``, ``live_server``, ``api``, ``writable``) are refused here.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from izagis.cluster import EmbeddedCluster
from izagis.dataset import load_dataset
from izagis.settings import Settings
from tests.behaviour import world
from tests.conftest import LiveServer, cloned, make_tmp_dir

REFERENCE_BOUND = "behaviour tests build their own data: use the world_* fixtures, not {}"


@pytest.fixture(scope="session")
def world_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The world written as a dataset folder (GeoJSON + CSV), once per session."""
    return world.write(tmp_path_factory.mktemp("world"))


@pytest.fixture(scope="session")
def world_engine(
    cluster: EmbeddedCluster, empty_template: str, world_folder: Path
) -> Iterator[Engine]:
    """A database of its own holding the world; read-only for the tests that share it."""
    with cloned(cluster, empty_template) as engine:
        load_dataset(engine, world_folder)
        yield engine


@pytest.fixture(scope="session")
def world_settings(world_engine: Engine) -> Iterator[Settings]:
    home = make_tmp_dir("izagis-world-")
    # Behaviour tests search far more than an investor would: no per-address rate limits.
    yield Settings(
        database_url=world_engine.url.render_as_string(hide_password=False),
        data_dir=home,
        rate_limits=False,
    )
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def world_server(world_settings: Settings) -> Iterator[LiveServer]:
    with LiveServer(world_settings) as server:
        yield server


@pytest.fixture(scope="session")
def world_api(world_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=world_server.url, timeout=30) as client:
        yield client


@pytest.fixture()
def world_copy(tmp_path: Path) -> Path:
    """A fresh copy of the world's dataset folder that a test may spoil."""
    return world.write(tmp_path / "world")


# The reference-data fixtures, refused (see the module docstring).
@pytest.fixture(scope="session")
def engine() -> Engine:
    pytest.fail(REFERENCE_BOUND.format("engine"))


@pytest.fixture(scope="session")
def live_server() -> LiveServer:
    pytest.fail(REFERENCE_BOUND.format("live_server"))


@pytest.fixture(scope="session")
def api() -> httpx.Client:
    pytest.fail(REFERENCE_BOUND.format("api"))


@pytest.fixture()
def writable() -> Engine:
    pytest.fail(REFERENCE_BOUND.format("writable"))
