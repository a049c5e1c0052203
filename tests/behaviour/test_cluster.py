"""The embedded cluster's life: start, find it running, stop, crash recovery, and the app's
answers while the database is down and after it comes back."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import psycopg
import pytest
from sqlalchemy import text

from api.main import create_app
from izagis import db
from izagis.cluster import EmbeddedCluster
from izagis.errors import SchemaBehindError
from izagis.settings import Settings
from tests.conftest import LiveServer, make_tmp_dir


@pytest.fixture()
def own_cluster() -> Iterator[EmbeddedCluster]:
    home = make_tmp_dir("izagis-cluster-")
    pg = EmbeddedCluster(home / "data")
    yield pg
    pg.stop()
    shutil.rmtree(home, ignore_errors=True)


def _ping(pg: EmbeddedCluster) -> int:
    with psycopg.connect(pg.url().replace("+psycopg", ""), connect_timeout=5) as conn:
        row = conn.execute("SELECT 1").fetchone()
        assert row is not None
        return int(row[0])


def test_start_stop_and_second_start_finds_running(own_cluster: EmbeddedCluster) -> None:
    first = own_cluster.start()
    assert first.running and first.pid and first.port
    assert _ping(own_cluster) == 1
    second = own_cluster.start()
    assert second.pid == first.pid, "a second start must find the running cluster"
    own_cluster.stop()
    assert not own_cluster.status().running
    with pytest.raises(psycopg.OperationalError):
        _ping(own_cluster)
    third = own_cluster.start()
    assert third.running and _ping(own_cluster) == 1


def test_stale_pid_file_after_crash_is_recovered(own_cluster: EmbeddedCluster) -> None:
    status = own_cluster.start()
    assert status.pid
    os.kill(status.pid, signal.SIGKILL)
    deadline = time.monotonic() + 20
    while own_cluster.status().running and time.monotonic() < deadline:
        time.sleep(0.1)
    assert (own_cluster.pgdata / "postmaster.pid").exists(), "the crash leaves its pid file"
    assert own_cluster.start().running
    assert _ping(own_cluster) == 1


def test_taken_port_moves_to_a_free_one(own_cluster: EmbeddedCluster) -> None:
    own_cluster.start()
    own_cluster.stop()
    port = own_cluster.port
    assert port
    with socket.socket() as blocker:
        blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        blocker.bind(("127.0.0.1", port))
        blocker.listen()
        status = own_cluster.start()
    assert status.port != port
    assert _ping(own_cluster) == 1


def test_app_refuses_a_database_behind_and_reports_outage(own_cluster: EmbeddedCluster) -> None:
    own_cluster.start()
    settings = Settings(database_url=own_cluster.url(), data_dir=own_cluster.data_dir)
    with pytest.raises(SchemaBehindError, match="izagis db upgrade"):
        db.check_schema(db.make_engine(own_cluster.url()))

    db.upgrade(own_cluster.url())
    with LiveServer(settings) as server, httpx.Client(base_url=server.url) as client:
        healthy = client.get("/healthz")
        assert healthy.status_code == 200
        assert healthy.json()["postgresql"].startswith("15")
        assert healthy.json()["postgis"].startswith("3")

        own_cluster.stop()
        down = client.get("/healthz")
        assert down.status_code == 503
        assert down.json()["code"] == "database_unavailable"
        zones = client.get("/api/v1/zones")
        assert zones.status_code == 503
        assert "Traceback" not in zones.text

        own_cluster.start()
        assert client.get("/healthz").status_code == 200


def test_migrations_go_down_and_up(own_cluster: EmbeddedCluster) -> None:
    own_cluster.start()
    url = own_cluster.url()
    db.upgrade(url)
    db.downgrade(url, "base")
    engine = db.make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT to_regclass('zones')")).scalar() is None
    db.upgrade(url)
    db.check_schema(engine)
    engine.dispose()


def test_create_app_uses_configured_url_without_starting_a_cluster() -> None:
    home = make_tmp_dir("izagis-nocluster-")
    settings = Settings(database_url="postgresql+psycopg://x:y@127.0.0.1:1/none", data_dir=home)
    app = create_app(settings)
    assert db.database_url(settings) == settings.database_url
    assert app.state.settings is settings
    assert not (home / "data").exists() and not any(home.iterdir())
    shutil.rmtree(home)


def test_two_first_starts_at_once_make_one_working_cluster(own_cluster: EmbeddedCluster) -> None:
    code = (
        "import sys; from pathlib import Path; from izagis.cluster import EmbeddedCluster; "
        "print(EmbeddedCluster(Path(sys.argv[1])).start().pid)"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(own_cluster.data_dir)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    pids = {p.communicate(timeout=120)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(pids) == 1, "both found the same server"
    assert _ping(own_cluster) == 1
