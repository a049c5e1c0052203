"""Holds for enquiries: one hold per group of plots, never two on one plot whatever the
timing or the number of processes, 409s that name every conflict, and the three ends of a
hold (expiry, release, lease), each with the events and audit rows it leaves."""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import Engine, text

from izagis import accounts, enquiries, holds
from izagis.cluster import EmbeddedCluster
from izagis.enquiries import EnquiryIn
from izagis.vocab import Role
from tests.conftest import app_url
from tests.serving import serve

PASSWORD = "correct horse battery staple"
CHAIN = ("TD2-010", "TD2-011", "TD2-012", "TD2-013", "TD2-014", "TD2-015")
LEASED = "GK-001"


@pytest.fixture()
def desk(writable: Engine) -> Engine:
    """A database of its own with a staff member and three enquiries (ids 1-3)."""
    with writable.begin() as conn:
        accounts.add_user(conn, email="staff@example.vn", role=Role.STAFF, password=PASSWORD)
        for company in ("Alpha Auto Parts", "Beta Electronics", "Gamma Textiles"):
            enquiries.create(conn, enquiry=EnquiryIn(company=company))
        free = conn.execute(
            text("SELECT count(*) FROM plots WHERE code = ANY(:c) AND status = 'free'"),
            {"c": list(CHAIN)},
        ).scalar_one()
        status = conn.execute(
            text("SELECT status FROM plots WHERE code = :c"), {"c": LEASED}
        ).scalar_one()
    assert free == len(CHAIN) and status != "free"
    return writable


@pytest.fixture()
def two_workers(cluster: EmbeddedCluster, desk: Engine) -> Iterator[httpx.Client]:
    """``izagis serve --workers 2`` on the desk's database, with staff's bearer token. Writes
    may queue for two minutes: the races check who wins, not how fast, on whatever else the
    machine is doing."""
    room = {"IZAGIS_WRITE_TIMEOUT_MS": "120000"}
    with serve(app_url(cluster, desk), workers=2, settings=room) as served:
        with httpx.Client(base_url=served.url, timeout=180) as client:
            token = client.post(
                "/api/v1/auth/token", data={"username": "staff@example.vn", "password": PASSWORD}
            ).json()["access_token"]
            client.headers["authorization"] = f"Bearer {token}"
            yield client


def _until(days: int = 10) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


def _race(client: httpx.Client, bodies: list[dict[str, object]]) -> list[httpx.Response]:
    """Send every body at once, one thread each, released together by a barrier."""
    barrier = threading.Barrier(len(bodies))
    answers: list[httpx.Response | None] = [None] * len(bodies)

    def send(i: int) -> None:
        barrier.wait()
        answers[i] = client.post("/api/v1/holds", json=bodies[i])

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert all(a is not None for a in answers)
    return [a for a in answers if a is not None]


def _live_rows(engine: Engine) -> list[tuple[str, int]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT p.code, h.group_id FROM holds h JOIN plots p ON p.id = h.plot_id "
                "WHERE h.released_at IS NULL AND upper(h.during) > now() ORDER BY p.code"
            )
        ).all()
    return [(str(r[0]), int(r[1])) for r in rows]


def test_fifty_holds_of_one_plot_on_two_workers_make_exactly_one(
    two_workers: httpx.Client, desk: Engine
) -> None:
    bodies: list[dict[str, object]] = [
        {"enquiry_id": 1 + i % 3, "plot_codes": [CHAIN[0]], "until": _until()} for i in range(50)
    ]
    answers = _race(two_workers, bodies)
    statuses = Counter(a.status_code for a in answers)
    assert statuses == {201: 1, 409: 49}, [a.text for a in answers if a.status_code >= 500]
    winner = next(a.json() for a in answers if a.status_code == 201)
    for loser in (a.json() for a in answers if a.status_code == 409):
        assert loser["code"] == "plot_held"
        assert loser["conflicts"] == [
            {
                "plot_code": CHAIN[0],
                "hold_id": winner["id"],
                "enquiry_id": winner["enquiry_id"],
                "until": _until(),
            }
        ]
    assert _live_rows(desk) == [(CHAIN[0], winner["id"])]


def test_overlapping_group_holds_never_share_a_plot(
    two_workers: httpx.Client, desk: Engine
) -> None:
    # Groups of two neighbours along the chain: each overlaps the next one by a plot.
    groups = [list(CHAIN[i : i + 2]) for i in range(len(CHAIN) - 1)]
    bodies: list[dict[str, object]] = [
        {"enquiry_id": 1 + i % 3, "plot_codes": groups[i % len(groups)], "until": _until()}
        for i in range(50)
    ]
    answers = _race(two_workers, bodies)
    refused = [a.text for a in answers if a.status_code not in (201, 409)]
    assert not refused
    won = [a.json() for a in answers if a.status_code == 201]
    held = [code for hold in won for code in hold["plot_codes"]]
    assert len(held) == len(set(held)) and won  # no plot in two winning holds
    rows = _live_rows(desk)
    assert sorted(code for code, _ in rows) == sorted(held)
    for loser in (a.json() for a in answers if a.status_code == 409):
        assert loser["code"] == "plot_held"
        assert {c["hold_id"] for c in loser["conflicts"]} <= {h["id"] for h in won}


def test_a_held_plot_is_refused_with_every_conflict_and_a_leased_one_as_not_free(
    two_workers: httpx.Client,
) -> None:
    first = two_workers.post(
        "/api/v1/holds", json={"enquiry_id": 1, "plot_codes": [CHAIN[0]], "until": _until(5)}
    )
    second = two_workers.post(
        "/api/v1/holds", json={"enquiry_id": 2, "plot_codes": [CHAIN[2]], "until": _until(9)}
    )
    assert first.status_code == second.status_code == 201
    both = two_workers.post(
        "/api/v1/holds",
        json={"enquiry_id": 3, "plot_codes": list(CHAIN[:3]), "until": _until()},
    )
    assert both.status_code == 409
    assert both.json()["conflicts"] == [
        {"plot_code": CHAIN[0], "hold_id": first.json()["id"], "enquiry_id": 1, "until": _until(5)},
        {
            "plot_code": CHAIN[2],
            "hold_id": second.json()["id"],
            "enquiry_id": 2,
            "until": _until(9),
        },
    ]
    leased = two_workers.post(
        "/api/v1/holds", json={"enquiry_id": 3, "plot_codes": [LEASED], "until": _until()}
    )
    assert leased.status_code == 409 and leased.json()["code"] == "plot_not_free"
    assert LEASED in leased.json()["message"]
    assert two_workers.get("/api/v1/holds", params={"enquiry_id": 3}).json() == []


def _events(engine: Engine, code: str) -> list[tuple[str, int | None]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT e.kind, e.project_id FROM plot_events e JOIN plots p ON p.id = e.plot_id "
                "WHERE p.code = :c ORDER BY e.id"
            ),
            {"c": code},
        ).all()
    return [(str(r[0]), r[1]) for r in rows]


def _audit(engine: Engine, table: str, since: int) -> list[tuple[str, str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT actor, action, row_key FROM audit_log WHERE table_name = :t AND id > :s "
                "ORDER BY id"
            ),
            {"t": table, "s": since},
        ).all()
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]


def _last_audit(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT coalesce(max(id), 0) FROM audit_log")).scalar_one())


def test_release_frees_the_plots_with_events_and_audit(
    two_workers: httpx.Client, desk: Engine
) -> None:
    mark = _last_audit(desk)
    hold = two_workers.post(
        "/api/v1/holds", json={"enquiry_id": 1, "plot_codes": list(CHAIN[:2]), "until": _until()}
    ).json()
    assert two_workers.get(f"/api/v1/plots/{CHAIN[0]}").json()["properties"]["status"] == "reserved"
    assert two_workers.get("/api/v1/enquiries/1").json()["stage"] == "held"
    released = two_workers.delete(f"/api/v1/holds/{hold['id']}")
    assert released.status_code == 200 and released.json()["released_at"]
    assert two_workers.get(f"/api/v1/plots/{CHAIN[0]}").json()["properties"]["status"] == "free"
    assert two_workers.delete(f"/api/v1/holds/{hold['id']}").status_code == 404
    for code in CHAIN[:2]:
        assert [k for k, _ in _events(desk, code)][-2:] == ["held", "released"]
    actions = [(actor, action) for actor, action, _ in _audit(desk, "holds", mark)]
    assert actions == [("staff@example.vn", "insert")] * 2 + [("staff@example.vn", "update")] * 2


def test_a_hold_becomes_a_lease_with_a_project_events_and_audit(
    two_workers: httpx.Client, desk: Engine
) -> None:
    hold = two_workers.post(
        "/api/v1/holds", json={"enquiry_id": 2, "plot_codes": list(CHAIN[3:5]), "until": _until()}
    ).json()
    mark = _last_audit(desk)
    project = {
        "name": "Beta Electronics Ninh Binh plant",
        "investor": "Beta Electronics Co., Ltd.",
        "country": "KR",
        "capital_vnd_bn": 1200,
        "vsic": "2610",
        "workers_vn": 800,
    }
    refused = two_workers.post(f"/api/v1/holds/{hold['id']}/lease", json={"project": project})
    assert refused.status_code == 422 and refused.json()["field"] == "capital_usd_m"
    lease = two_workers.post(
        f"/api/v1/holds/{hold['id']}/lease",
        json={"project": {**project, "capital_usd_m": 48.5}},
    )
    assert lease.status_code == 201, lease.text
    code = lease.json()["project_code"]
    assert code.startswith("TD2-P") and lease.json()["plot_codes"] == list(CHAIN[3:5])
    with desk.connect() as conn:
        row = conn.execute(
            text(
                "SELECT pr.id, pr.is_fdi, pr.status, array_agg(p.status), array_agg(p.code) "
                "FROM projects pr JOIN plots p ON p.project_id = pr.id WHERE pr.code = :c "
                "GROUP BY pr.id"
            ),
            {"c": code},
        ).one()
    project_id, is_fdi, status, plot_statuses, plots = row
    assert is_fdi and status == "building" and set(plot_statuses) == {"leased"}
    assert sorted(plots) == list(CHAIN[3:5])
    for plot in CHAIN[3:5]:
        assert _events(desk, plot)[-2:] == [("held", None), ("leased", project_id)]
    assert two_workers.get("/api/v1/enquiries/2").json()["stage"] == "leased"
    assert two_workers.get(f"/api/v1/plots/{CHAIN[3]}").json()["properties"]["status"] == "leased"
    assert _audit(desk, "projects", mark) == [("staff@example.vn", "insert", code)]
    assert {key for _, _, key in _audit(desk, "plots", mark)} == set(CHAIN[3:5])
    again = two_workers.post(
        f"/api/v1/holds/{hold['id']}/lease", json={"project": {**project, "capital_usd_m": 1}}
    )
    assert again.status_code == 404


def test_an_unreleased_hold_expires_by_itself_and_the_sweep_records_it(desk: Engine) -> None:
    now = dt.datetime.now(dt.UTC)
    with desk.begin() as conn:
        hold = holds.place_hold(
            conn, plot_codes=[CHAIN[5]], enquiry_id=3, ends=now + dt.timedelta(days=3)
        )
        conn.execute(  # as if placed a week ago for four days
            text("UPDATE holds SET during = tstzrange(:s, :e) WHERE group_id = :g"),
            {"s": now - dt.timedelta(days=7), "e": now - dt.timedelta(days=3), "g": hold.id},
        )
    with desk.connect() as conn:
        assert holds.list_holds(conn, enquiry_id=3) == []
        assert holds.get_hold(conn, hold_id=hold.id).released_at is None
    mark = _last_audit(desk)
    with desk.begin() as conn:
        assert holds.sweep_expired_holds(conn) == 1
    assert [k for k, _ in _events(desk, CHAIN[5])][-2:] == ["held", "expired"]
    assert _audit(desk, "holds", mark) == []  # expiry writes history, never the hold itself
    with desk.begin() as conn:  # the plot is free to hold again
        again = holds.place_hold(
            conn, plot_codes=[CHAIN[5]], enquiry_id=1, ends=now + dt.timedelta(days=1)
        )
    assert again.plot_codes == [CHAIN[5]]


def test_two_leases_in_one_zone_at_once_get_their_own_project_codes(
    two_workers: httpx.Client,
) -> None:
    held = [
        two_workers.post(
            "/api/v1/holds",
            json={"enquiry_id": 1 + n, "plot_codes": [code], "until": _until()},
        ).json()["id"]
        for n, code in enumerate(CHAIN[:2])
    ]
    project = {"name": "Plant", "investor": "Investor Co.", "country": "VN", "capital_vnd_bn": 10}
    barrier = threading.Barrier(len(held))
    answers: dict[int, httpx.Response] = {}

    def lease(hold_id: int) -> None:
        barrier.wait()
        answers[hold_id] = two_workers.post(
            f"/api/v1/holds/{hold_id}/lease", json={"project": project}
        )

    threads = [threading.Thread(target=lease, args=(h,)) for h in held]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=240)
    assert [answers[h].status_code for h in held] == [201, 201], [a.text for a in answers.values()]
    codes = {answers[h].json()["project_code"] for h in held}
    assert len(codes) == 2 and all(c.startswith("TD2-P") for c in codes)
