"""The one write path of a plot's state: dated events, holds that never double-book,
"reserved" read live, the expiry sweep, imports that leave staff's statuses alone, derived
rows refreshed per plot, the data version, and the request transaction of the API."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi import APIRouter
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from api.auth import TransactionDep, User, current_user
from api.main import create_app
from izagis import derived, enquiries, holds, plot_state
from izagis.dataset import load_dataset
from izagis.enquiries import EnquiryIn
from izagis.errors import ConflictError, InvalidInputError
from izagis.registry import Page, PlotFilter, plots_geojson
from izagis.settings import Settings
from izagis.vocab import EventSource, PlotEventKind, Role
from tests.conftest import LiveServer

FREE = "TD2-010"
ENQUIRY = 1  # the first enquiry of a fresh clone
NOW = dt.datetime.now(dt.UTC)


def _status(engine: Engine, code: str) -> str:
    with engine.connect() as conn:
        body = plots_geojson(conn, page=Page(limit=1), filters=PlotFilter(code=code))
    import json

    return str(json.loads(body)["features"][0]["properties"]["status"])


def _version(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT version FROM data_version")).scalar_one())


def test_a_status_change_is_an_event_with_the_day_it_happened(writable: Engine) -> None:
    before = _version(writable)
    with writable.begin() as conn:
        event = plot_state.record_event(
            conn, plot_code=FREE, kind=PlotEventKind.LEASED, happened_on=dt.date.today()
        )
    assert event.status == "leased" and event.source == EventSource.APP
    assert _status(writable, FREE) == "leased"
    with writable.connect() as conn:
        history = plot_state.history(conn, plot_code=FREE)
    assert [(e.kind, e.happened_on) for e in history][-1] == ("leased", dt.date.today())
    assert history[-1].status == "leased"
    assert _version(writable) > before


def test_holds_are_not_status_events_and_future_events_are_refused(writable: Engine) -> None:
    with writable.begin() as conn, pytest.raises(InvalidInputError):
        plot_state.record_event(
            conn, plot_code=FREE, kind=PlotEventKind.HELD, happened_on=dt.date.today()
        )
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with writable.begin() as conn, pytest.raises(InvalidInputError, match="future"):
        plot_state.record_event(
            conn, plot_code=FREE, kind=PlotEventKind.LEASED, happened_on=tomorrow
        )
    # The free plot's status dates from its import; a change dated earlier would contradict it.
    with writable.begin() as conn, pytest.raises(InvalidInputError, match="on or after"):
        plot_state.record_event(
            conn, plot_code=FREE, kind=PlotEventKind.LEASED, happened_on=dt.date(2020, 1, 1)
        )


def test_a_hold_reserves_live_and_expires_without_a_write(writable: Engine) -> None:
    with writable.begin() as conn:
        hold = holds.place_hold(
            conn, plot_codes=[FREE], holder="Investor A", ends=NOW + dt.timedelta(days=30)
        )
    assert _status(writable, FREE) == "reserved"
    with writable.begin() as conn:  # a hold that ran out an hour ago: free again, nothing written
        conn.execute(
            text("UPDATE holds SET during = tstzrange(:s, :e) WHERE group_id = :id"),
            {"s": NOW - dt.timedelta(days=2), "e": NOW - dt.timedelta(hours=1), "id": hold.id},
        )
    assert _status(writable, FREE) == "free"
    with writable.begin() as conn:
        assert holds.sweep_expired_holds(conn) == 1
    with writable.begin() as conn:
        assert holds.sweep_expired_holds(conn) == 0  # idempotent
        kinds = [e.kind for e in plot_state.history(conn, plot_code=FREE)]
    assert kinds[-2:] == ["held", "expired"]


def test_overlapping_holds_are_refused_even_from_concurrent_transactions(
    writable: Engine,
) -> None:
    """Two processes hold the same plot at once: the exclusion constraint lets one win."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def hold(holder: str) -> None:
        with writable.connect() as conn:
            trans = conn.begin()
            barrier.wait()
            try:
                # No row lock first, so both inserts race into the exclusion constraint.
                plot_id = conn.execute(
                    text("SELECT id FROM plots WHERE code = :c"), {"c": FREE}
                ).scalar_one()
                conn.execute(
                    text(
                        "INSERT INTO holds (plot_id, during, holder) "
                        "VALUES (:p, tstzrange(now(), now() + interval '7 days'), :h)"
                    ),
                    {"p": plot_id, "h": holder},
                )
                trans.commit()
                outcomes.append("held")
            except DBAPIError as exc:
                # Exclusion violation, or PostgreSQL's deadlock verdict when both inserts
                # wait on each other: either way the loser's transaction is refused.
                trans.rollback()
                outcomes.append(getattr(exc.orig, "sqlstate", "?"))

    threads = [threading.Thread(target=hold, args=(n,)) for n in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(outcomes) == 2 and outcomes.count("held") == 1
    assert set(outcomes) - {"held"} <= {"23P01", "40P01"}, outcomes
    with writable.begin() as conn, pytest.raises(ConflictError):
        holds.place_hold(conn, plot_codes=[FREE], holder="C", ends=NOW + dt.timedelta(days=1))


def test_two_staff_holding_one_plot_at_once_one_gets_a_conflict(writable: Engine) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def hold(holder: str) -> None:
        with writable.connect() as conn:
            trans = conn.begin()
            barrier.wait()
            try:
                holds.place_hold(
                    conn, plot_codes=["GK-065"], holder=holder, ends=NOW + dt.timedelta(days=3)
                )
                trans.commit()
                outcomes.append("held")
            except ConflictError:
                trans.rollback()
                outcomes.append("conflict")

    threads = [threading.Thread(target=hold, args=(n,)) for n in ("A", "B")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["conflict", "held"]


def test_released_hold_frees_the_plot_and_a_new_hold_may_follow(writable: Engine) -> None:
    with writable.begin() as conn:
        hold = holds.place_hold(
            conn, plot_codes=[FREE], holder="A", ends=NOW + dt.timedelta(days=5)
        )
    with writable.begin() as conn:
        holds.release_hold(conn, hold_id=hold.id)
    assert _status(writable, FREE) == "free"
    with writable.begin() as conn:
        holds.place_hold(conn, plot_codes=[FREE], holder="B", ends=NOW + dt.timedelta(days=5))
        assert holds.sweep_expired_holds(conn) == 0  # released, not expired


def test_reimport_keeps_statuses_staff_set_and_records_the_rest(writable: Engine) -> None:
    with writable.begin() as conn:
        plot_state.record_event(
            conn, plot_code=FREE, kind=PlotEventKind.LEASED, happened_on=dt.date.today()
        )
        conn.execute(text("UPDATE plots SET status = 'delayed' WHERE code = 'KP-052'"))
    load_dataset(writable)
    assert _status(writable, FREE) == "leased"  # set in the app: the file does not win
    assert _status(writable, "KP-052") == "free"  # not set in the app: the file wins
    with writable.connect() as conn:
        last = plot_state.history(conn, plot_code="KP-052")[-1]
    assert (last.kind, last.source) == ("opened", "import")


def test_reserved_plots_of_a_file_become_holds(writable: Engine) -> None:
    for code in ("GK-026", "TD2-034", "TD2-040"):
        assert _status(writable, code) == "reserved"
    with writable.connect() as conn:
        stored = conn.execute(
            text("SELECT DISTINCT status FROM plots WHERE code IN ('GK-026', 'TD2-034')")
        ).scalars()
        assert list(stored) == ["free"]


def test_history_is_backfilled_from_certificate_dates(writable: Engine) -> None:
    with writable.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT count(*) FILTER (WHERE e.happened_on <> pr.certificate_date), count(*) "
                "FROM plot_events e JOIN plots p ON p.id = e.plot_id "
                "JOIN projects pr ON pr.id = p.project_id WHERE e.source = 'backfill'"
            )
        ).one()
    assert rows[0] == 0 and rows[1] > 200


def test_refreshing_one_plot_matches_a_full_rebuild(writable: Engine) -> None:
    query = text(
        "SELECT a.*, (SELECT array_agg(b ORDER BY b) FROM plot_adjacency WHERE a = a.plot_id) "
        "FROM plot_access a ORDER BY plot_id"
    )
    with writable.begin() as conn:
        pid = conn.execute(text("SELECT id FROM plots WHERE code = :c"), {"c": FREE}).scalar_one()
        conn.execute(
            text("UPDATE plots SET geom = ST_Multi(ST_Buffer(geom, -0.00002)) WHERE id = :i"),
            {"i": pid},
        )
        derived.refresh(conn, [pid])
        refreshed = conn.execute(query).all()
        derived.rebuild(conn)
        assert conn.execute(query).all() == refreshed


@pytest.fixture()
def staff_api(writable: Engine) -> Iterator[httpx.Client]:
    """The real app on a database of its own, with a staff member signed in (a stand-in for
    the login of the accounts work) and one route that fails after writing."""
    with writable.begin() as conn:
        assert enquiries.create(conn, enquiry=EnquiryIn(company="Investor A")) == ENQUIRY
    settings = Settings(database_url=writable.url.render_as_string(hide_password=False))
    app = create_app(settings)
    app.dependency_overrides[current_user] = lambda: User("tester", Role.STAFF)
    failing = APIRouter()

    @failing.post("/test/write-then-fail")
    def write_then_fail(conn: TransactionDep) -> None:
        conn.execute(text("UPDATE plots SET status = 'delayed' WHERE code = :c"), {"c": FREE})
        raise InvalidInputError("failing on purpose after a write")

    app.include_router(failing)
    with LiveServer(settings, app) as server, httpx.Client(base_url=server.url) as client:
        yield client


def test_write_routes_need_a_signed_in_role(api: httpx.Client) -> None:
    body = {"enquiry_id": 1, "plot_codes": [FREE], "until": "2030-01-01"}
    for method, path, json in (
        ("POST", "/api/v1/holds", body),
        ("DELETE", "/api/v1/holds/1", None),
        ("POST", f"/api/v1/plots/{FREE}/events", {"kind": "leased", "happened_on": "2026-01-01"}),
        ("GET", f"/api/v1/plots/{FREE}/events", None),
    ):
        res = api.request(method, path, json=json)
        assert res.status_code == 401, (path, res.text)
        assert res.json()["code"] == "authentication_required"


def test_a_request_is_one_transaction(staff_api: httpx.Client) -> None:
    until = (dt.date.today() + dt.timedelta(days=14)).isoformat()
    body = {"enquiry_id": ENQUIRY, "plot_codes": [FREE], "until": until}
    res = staff_api.post("/api/v1/holds", json=body)
    assert res.status_code == 201, res.text
    assert staff_api.get(f"/api/v1/plots/{FREE}").json()["properties"]["status"] == "reserved"
    again = staff_api.post("/api/v1/holds", json=body)
    assert again.status_code == 409 and again.json()["code"] == "plot_held"

    failed = staff_api.post("/test/write-then-fail")
    assert failed.status_code == 422
    status = staff_api.get(f"/api/v1/plots/{FREE}").json()["properties"]["status"]
    assert status == "reserved"  # the failed request's write was rolled back
    events = staff_api.get(f"/api/v1/plots/{FREE}/events").json()
    assert [e["kind"] for e in events][-1] == "held"
    assert events[-1]["hold_id"] is not None


def test_the_data_stamp_moves_with_writes_and_hold_boundaries(writable: Engine) -> None:
    with writable.connect() as conn:
        before = plot_state.data_stamp(conn)
    starts, ends = NOW + dt.timedelta(hours=2), NOW + dt.timedelta(days=2)
    with writable.begin() as conn:
        holds.place_hold(conn, plot_codes=[FREE], holder="A", starts=starts, ends=ends)
    with writable.connect() as conn:
        after = plot_state.data_stamp(conn)
    assert after.version > before.version
    assert after.valid_until == starts  # the hold's start is the next boundary


def test_tiles_are_cached_no_longer_than_the_next_hold_boundary(
    staff_api: httpx.Client, writable: Engine
) -> None:
    staff_db = writable
    url = "/api/v1/tiles/plots/14/13027/7201.pbf"
    assert staff_api.get(url).headers["cache-control"] == "public, max-age=60"
    now = dt.datetime.now(dt.UTC)
    with staff_db.begin() as conn:  # staff hold from today; a hold that starts later is core's
        holds.place_hold(
            conn,
            plot_codes=[FREE],
            holder="A",
            starts=now + dt.timedelta(seconds=20),
            ends=now + dt.timedelta(days=1),
        )
    # Cached tiles are dropped when the database announces the write (LISTEN/NOTIFY), a few
    # milliseconds after the commit.
    deadline = time.monotonic() + 5
    while True:
        max_age = int(staff_api.get(url).headers["cache-control"].split("=")[1])
        if max_age <= 20 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert 0 <= max_age <= 20
