"""Faults, made for real: the database stopped and started under load (the app answers 503
while it is down, never hangs or resets a connection, and recovers by itself), and processes
killed with SIGKILL inside their transaction (an import, a hold) leave nothing behind."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from sqlalchemy import Engine, text

from izagis import db, holds
from izagis.cluster import EmbeddedCluster
from izagis.dataset import REFERENCE_DIR, load_dataset
from izagis.settings import Settings
from tests.conftest import LiveServer, make_tmp_dir

ROOT = Path(__file__).resolve().parent.parent
CLIENT_TIMEOUT_S = 10.0
T = TypeVar("T")


def wait_for(check: Callable[[], T | None], *, timeout: float, what: str) -> T:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout} s for {what}")
        time.sleep(0.05)


def url_of(engine: Engine, application_name: str | None = None) -> str:
    url = engine.url
    if application_name:
        url = url.update_query_dict({"application_name": application_name})
    return url.render_as_string(hide_password=False)


def izagis_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("IZAGIS_")}
    return env | {"IZAGIS_DATABASE_URL": database_url}


def table_rows(engine: Engine) -> dict[str, tuple[int, str]]:
    """Every table of the public schema: its row count and a digest of its rows."""
    with engine.connect() as conn:
        tables = conn.execute(
            text(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ).scalars()
        found = {}
        for table in tables:
            row = conn.execute(
                text(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                    f' FROM "{table}" t'
                )
            ).one()
            found[table] = (int(row[0]), str(row[1]))
    return found


def session_of(engine: Engine, application_name: str) -> dict[str, Any] | None:
    with engine.connect() as conn:
        row = (
            conn.execute(
                text(
                    "SELECT pid, state, wait_event_type, xact_start FROM pg_stat_activity "
                    "WHERE application_name = :name AND datname = current_database()"
                ),
                {"name": application_name},
            )
            .mappings()
            .one_or_none()
        )
    return dict(row) if row is not None else None


def locks_of(engine: Engine, pid: int) -> set[tuple[str, str, bool]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT relation::regclass::text, mode, granted FROM pg_locks "
                "WHERE pid = :pid AND relation IS NOT NULL"
            ),
            {"pid": pid},
        ).all()
    return {(str(r[0]), str(r[1]), bool(r[2])) for r in rows}


def backend_gone(engine: Engine, pid: int) -> bool:
    with engine.connect() as conn:
        return not conn.execute(
            text("SELECT 1 FROM pg_stat_activity WHERE pid = :pid"), {"pid": pid}
        ).first()


# -- the database restarted under load -------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    started: float
    path: str
    status: int | None  # None: no answer
    code: str | None  # the JSON error code
    error: str | None  # "timeout", "reset" or another transport error
    took: float


REQUESTS: list[tuple[str, str, dict[str, Any] | None]] = [
    ("GET", "/api/v1/zones", None),
    ("GET", "/api/v1/plots?limit=50", None),
    ("GET", "/healthz", None),
    ("POST", "/api/v1/site-search", {"area_ha": {"min": 2, "max": 6}, "limit": 5}),
]


@pytest.fixture()
def own_cluster() -> Iterator[EmbeddedCluster]:
    """A cluster of the test's own, migrated and loaded: stopping it disturbs no other test."""
    home = make_tmp_dir("izagis-faults-")
    pg = EmbeddedCluster(home / "cluster")
    try:
        pg.start()
        db.upgrade(pg.url())
        engine = db.make_engine(pg.url())
        load_dataset(engine)
        engine.dispose()
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(home, ignore_errors=True)


def hammer(base_url: str, worker: int, stop: threading.Event, out: list[Outcome]) -> None:
    with httpx.Client(base_url=base_url, timeout=CLIENT_TIMEOUT_S) as client:
        n = worker
        while not stop.is_set():
            method, path, body = REQUESTS[n % len(REQUESTS)]
            n += 1
            started = time.monotonic()
            status = code = error = None
            try:
                res = client.request(method, path, json=body)
                status = res.status_code
                if status != 200 and res.headers.get("content-type") == "application/json":
                    code = res.json().get("code")
            except httpx.TimeoutException:
                error = "timeout"
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
                error = "reset"
            except httpx.HTTPError as exc:
                error = type(exc).__name__
            out.append(Outcome(started, path, status, code, error, time.monotonic() - started))
            time.sleep(0.01)


def test_the_app_answers_503_while_the_database_is_down_and_recovers_by_itself(
    own_cluster: EmbeddedCluster,
) -> None:
    settings = Settings(
        database_url=own_cluster.url(),
        data_dir=own_cluster.data_dir,
        search_per_minute=1_000_000,  # the rate limit stays on (it counts in the database)
    )
    outcomes: list[Outcome] = []
    stop = threading.Event()
    with LiveServer(settings) as server:
        clients = [
            threading.Thread(target=hammer, args=(server.url, i, stop, outcomes), daemon=True)
            for i in range(len(REQUESTS))
        ]
        try:
            for c in clients:
                c.start()
            time.sleep(1.0)
            stopping = time.monotonic()
            own_cluster.stop()
            stopped = time.monotonic()
            time.sleep(1.5)
            starting = time.monotonic()
            own_cluster.start()
            started = time.monotonic()
            # Recovery without touching the app: every kind of request succeeds again.
            wait_for(
                lambda: (
                    {o.path for o in list(outcomes) if o.started > started and o.status == 200}
                    == {path for _, path, _ in REQUESTS}
                ),
                timeout=10,
                what="every endpoint to answer 200 again",
            )
            recovered = time.monotonic()
            time.sleep(1.0)
        finally:
            stop.set()
            for c in clients:
                c.join(timeout=CLIENT_TIMEOUT_S + 5)

    def during(lo: float, hi: float) -> list[Outcome]:
        return [o for o in outcomes if lo <= o.started and o.started + o.took <= hi]

    assert not [o for o in outcomes if o.error], [o for o in outcomes if o.error][:5]
    assert max(o.took for o in outcomes) < CLIENT_TIMEOUT_S
    before = during(0, stopping)
    assert before and all(o.status == 200 for o in before), before[:5]
    down = during(stopped, starting)
    assert len({o.path for o in down}) == len(REQUESTS), "every endpoint was asked while down"
    assert all((o.status, o.code) == (503, "database_unavailable") for o in down), [
        o for o in down if (o.status, o.code) != (503, "database_unavailable")
    ][:5]
    # While stopping and starting: an answer from the database or the 503, nothing else.
    edges = [o for o in outcomes if o not in before and o not in down and o.started < started]
    assert all(o.status in (200, 503) for o in edges), [
        o for o in edges if o.status not in (200, 503)
    ][:5]
    after = [o for o in outcomes if o.started >= started]
    assert after and all(o.status == 200 for o in after), [o for o in after if o.status != 200][:5]
    assert recovered - started < 5
    print(
        f"{len(outcomes)} requests: {len(before)} before the stop, {len(down)} while down, "
        f"{len(after)} after the start; recovered {recovered - started:.2f} s after it"
    )


# -- processes killed inside their transaction -----------------------------------------------
def test_a_killed_import_leaves_nothing_and_the_next_load_succeeds(scratch: Engine) -> None:
    name = "izagis-killed-load"
    before = table_rows(scratch)
    assert before["zones"][0] == 0 and before["data_version"][0] == 1
    load = [sys.executable, "-c", "from izagis.cli import app; app()", "load", str(REFERENCE_DIR)]
    with scratch.connect() as blocker:
        # The loader writes zones first, then waits for this lock on projects: it is caught
        # inside its transaction, with rows written, for as long as the test needs.
        held = blocker.begin()
        blocker.execute(text("LOCK TABLE projects IN SHARE MODE"))
        loader = subprocess.Popen(
            load,
            cwd=ROOT,
            env=izagis_env(url_of(scratch, name)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            session = wait_for(
                lambda: (s := session_of(scratch, name)) and s["wait_event_type"] == "Lock" and s,
                timeout=30,
                what="the loader to wait inside its transaction",
            )
            assert session["xact_start"] is not None
            assert ("zones", "RowExclusiveLock", True) in locks_of(scratch, session["pid"])
            loader.send_signal(signal.SIGKILL)
            assert loader.wait(timeout=10) == -signal.SIGKILL
        finally:
            if loader.poll() is None:
                loader.kill()
            held.rollback()
    # Its server process finds the client gone once it may go on, and rolls back.
    wait_for(lambda: backend_gone(scratch, session["pid"]), timeout=10, what="the loader's session")
    after = table_rows(scratch)
    assert after == before
    # Nothing but the schema's revision, the version row, PostGIS's reference systems, and the
    # authority's KPIs that migration 0016 seeds (with their audit rows).
    assert {t for t, (n, _) in after.items() if n} == {
        "alembic_version",
        "data_version",
        "spatial_ref_sys",
        "kpi_values",
        "audit_log",
    }

    again = subprocess.run(
        load,
        cwd=ROOT,
        env=izagis_env(url_of(scratch)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    loaded = table_rows(scratch)
    assert loaded["zones"][0] > 0 and loaded["plots"][0] > 0 and loaded["plot_access"][0] > 0


HOLD_AND_SLEEP = """
import datetime as dt, sys, time
from sqlalchemy import create_engine
from izagis import holds
with create_engine(sys.argv[1]).connect() as conn:
    conn.begin()
    ends = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    hold = holds.place_hold(conn, plot_codes=[sys.argv[2]], holder="killed", ends=ends)
    print(hold.id, flush=True)
    time.sleep(120)
    conn.commit()
"""


def test_a_hold_killed_before_its_commit_leaves_no_hold_and_no_event(writable: Engine) -> None:
    name, plot = "izagis-killed-hold", "TD2-010"
    before = table_rows(writable)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_AND_SLEEP, url_of(writable, name), plot],
        cwd=ROOT,
        env=izagis_env(url_of(writable)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    guard = threading.Timer(60, holder.kill)  # a stuck child never outlives the test
    guard.start()
    try:
        assert holder.stdout is not None
        hold_id = holder.stdout.readline().strip()
        assert hold_id.isdigit(), holder.stderr.read() if holder.stderr else ""
        session = session_of(writable, name)
        assert session is not None and session["state"] == "idle in transaction"
        assert ("holds", "RowExclusiveLock", True) in locks_of(writable, session["pid"])
        holder.send_signal(signal.SIGKILL)
        assert holder.wait(timeout=10) == -signal.SIGKILL
    finally:
        guard.cancel()
        if holder.poll() is None:
            holder.kill()
    wait_for(lambda: backend_gone(writable, session["pid"]), timeout=10, what="the session")
    with writable.connect() as conn:
        held = conn.execute(
            text(
                "SELECT (SELECT count(*) FROM holds WHERE group_id = :id OR holder = 'killed'), "
                "(SELECT count(*) FROM plot_events e JOIN plots p ON p.id = e.plot_id "
                " WHERE p.code = :code AND e.kind = 'held')"
            ),
            {"id": int(hold_id), "code": plot},
        ).one()
    assert tuple(held) == (0, 0)
    assert table_rows(writable) == before
    with writable.begin() as conn:  # the plot is free to hold: no lock, no row left behind
        holds.place_hold(
            conn, plot_codes=[plot], holder="next", ends=dt.datetime.now(dt.UTC) + dt.timedelta(1)
        )
