"""Enquiries: the public form (consent, honeypot), staff's pipeline with its history, an
admin's export and erasure of one person's data, and personal data kept out of every public
answer, every log line and the audit history (Decree 13/2023/NĐ-CP)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from sqlalchemy import Engine, text

from api.main import create_app
from izagis import accounts
from izagis.settings import Settings
from izagis.vocab import Role
from tests.conftest import LiveServer

PASSWORD = "correct horse battery staple"
NAME = "Nguyễn Thị Quỳnh Hoa"
EMAIL = "Quynh.Hoa@investor-example.jp"
PHONE = "+84 912 345 678"
NEEDS = {"area_ha": {"min": 2}, "industry": "2930"}


@pytest.fixture()
def people(writable: Engine) -> Engine:
    with writable.begin() as conn:
        accounts.add_user(conn, email="admin@example.vn", role=Role.ADMIN, password=PASSWORD)
        accounts.add_user(conn, email="staff@example.vn", role=Role.STAFF, password=PASSWORD)
        accounts.add_user(conn, email="planner@example.vn", role=Role.PLANNER, password=PASSWORD)
    return writable


@pytest.fixture()
def server(people: Engine) -> Iterator[httpx.Client]:
    settings = Settings(
        database_url=people.url.render_as_string(hide_password=False), rate_limits=False
    )
    with (
        LiveServer(settings, create_app(settings)) as live,
        httpx.Client(base_url=live.url, timeout=30) as client,
    ):
        yield client


def bearer(client: httpx.Client, email: str) -> dict[str, str]:
    res = client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert res.status_code == 200, res.text
    return {"authorization": f"Bearer {res.json()['access_token']}"}


def public_form(**changes: object) -> dict[str, object]:
    return {
        "company": "Hoa Precision Parts KK",
        "contact_name": NAME,
        "email": EMAIL,
        "phone": PHONE,
        "country": "JP",
        "industry": "2930",
        "investment_usd_m": 25.5,
        "jobs": 400,
        "timeline": "2027 Q3",
        "notes": "Needs a 2 ha plot near the expressway",
        "needs": NEEDS,
        "consent": True,
        "consent_text_version": "2026-11",
        **changes,
    }


def staff_form(**changes: object) -> dict[str, object]:
    body = public_form(**changes)
    for key in ("consent", "consent_text_version"):
        body.pop(key)
    return body


def test_the_public_form_stores_the_enquiry_with_its_consent(
    server: httpx.Client, people: Engine
) -> None:
    res = server.post("/api/v1/public/enquiries", json=public_form())
    assert res.status_code == 201, res.text
    assert set(res.json()) == {"id"}  # nothing else, and none of the person's data
    with people.connect() as conn:
        row = conn.execute(
            text(
                "SELECT email, contact_name, source, stage, consent_at IS NOT NULL, "
                "consent_text_version, needs FROM enquiries WHERE id = :id"
            ),
            {"id": res.json()["id"]},
        ).one()
        history = conn.execute(
            text("SELECT stage, by FROM enquiry_stages WHERE enquiry_id = :id"),
            {"id": res.json()["id"]},
        ).all()
    assert tuple(row) == (EMAIL, NAME, "public", "new", True, "2026-11", NEEDS)
    assert [tuple(h) for h in history] == [("new", None)]


def test_the_public_form_needs_consent(server: httpx.Client, people: Engine) -> None:
    res = server.post("/api/v1/public/enquiries", json=public_form(consent=False))
    assert res.status_code == 422 and res.json()["field"] == "consent"
    missing = public_form()
    missing.pop("consent")
    assert server.post("/api/v1/public/enquiries", json=missing).status_code == 422
    bad = server.post("/api/v1/public/enquiries", json=public_form(email="not an address"))
    assert bad.status_code == 422 and "not an address" not in bad.text
    with people.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM enquiries")).scalar_one() == 0


def test_a_filled_honeypot_is_accepted_and_dropped(server: httpx.Client, people: Engine) -> None:
    res = server.post("/api/v1/public/enquiries", json=public_form(website="http://spam.example"))
    assert res.status_code == 201 and isinstance(res.json()["id"], int)
    with people.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM enquiries")).scalar_one() == 0


def test_staff_work_enquiries_and_each_stage_enters_the_history(server: httpx.Client) -> None:
    staff = bearer(server, "staff@example.vn")
    res = server.post("/api/v1/enquiries", json=staff_form(), headers=staff)
    assert res.status_code == 201, res.text
    enquiry_id = res.json()["id"]
    got = server.get(f"/api/v1/enquiries/{enquiry_id}", headers=staff).json()
    assert got["email"] == EMAIL and got["source"] == "staff" and got["stage"] == "new"
    assert got["created_by"] == "staff@example.vn" and got["needs"] == NEEDS
    assert [h["stage"] for h in got["history"]] == ["new"]

    changed = server.patch(
        f"/api/v1/enquiries/{enquiry_id}",
        json={"stage": "qualified", "jobs": 450, "notes": None},
        headers=staff,
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["stage"], body["jobs"], body["notes"], body["company"]) == (
        "qualified",
        450,
        None,
        "Hoa Precision Parts KK",
    )
    assert [(h["stage"], h["by"]) for h in body["history"]] == [
        ("new", "staff@example.vn"),
        ("qualified", "staff@example.vn"),
    ]
    # Changing something else leaves the history alone.
    again = server.patch(f"/api/v1/enquiries/{enquiry_id}", json={"jobs": 500}, headers=staff)
    assert len(again.json()["history"]) == 2

    listed = server.get("/api/v1/enquiries", params={"stage": "qualified"}, headers=staff)
    assert listed.status_code == 200 and listed.json()["total"] == 1
    assert server.get("/api/v1/enquiries", params={"stage": "lost"}, headers=staff).json() == {
        "total": 0,
        "items": [],
    }
    missing = server.get("/api/v1/enquiries/999999", headers=staff)
    assert missing.status_code == 404
    assert server.patch("/api/v1/enquiries/999999", json={}, headers=staff).status_code == 404
    emptied = server.patch(f"/api/v1/enquiries/{enquiry_id}", json={"company": None}, headers=staff)
    assert emptied.status_code == 422


def test_roles(server: httpx.Client) -> None:
    planner = bearer(server, "planner@example.vn")
    staff = bearer(server, "staff@example.vn")
    person = {"email": EMAIL}
    for method, url, body in (
        ("POST", "/api/v1/enquiries", staff_form()),
        ("GET", "/api/v1/enquiries", None),
        ("GET", "/api/v1/enquiries/1", None),
        ("PATCH", "/api/v1/enquiries/1", {"jobs": 1}),
        ("POST", "/api/v1/persons/export", person),
        ("POST", "/api/v1/persons/erase", person),
    ):
        assert server.request(method, url, json=body).status_code == 401, url
        assert server.request(method, url, json=body, headers=planner).status_code == 403, url
    for url in ("/api/v1/persons/export", "/api/v1/persons/erase"):
        assert server.post(url, json=person, headers=staff).status_code == 403


def test_an_admin_exports_and_erases_one_person(server: httpx.Client, people: Engine) -> None:
    admin = bearer(server, "admin@example.vn")
    first = server.post("/api/v1/public/enquiries", json=public_form()).json()["id"]
    second = server.post(
        "/api/v1/enquiries", json=staff_form(email=EMAIL.lower()), headers=admin
    ).json()["id"]
    other = server.post(
        "/api/v1/enquiries",
        json=staff_form(email="someone@else.vn", contact_name="Trần Văn Nam"),
        headers=admin,
    ).json()["id"]

    export = server.post("/api/v1/persons/export", json={"email": EMAIL.upper()}, headers=admin)
    assert export.status_code == 200, export.text
    found = export.json()["enquiries"]
    assert sorted(e["id"] for e in found) == sorted([first, second])
    assert all(e["contact_name"] == NAME and e["phone"] == PHONE for e in found)
    assert found[0]["history"] and "consent_at" in found[0]

    erased = server.post("/api/v1/persons/erase", json={"email": EMAIL}, headers=admin)
    assert erased.status_code == 200 and erased.json() == {"erased": 2}
    with people.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT id, contact_name, email, phone, erased_at IS NOT NULL, company "
                "FROM enquiries ORDER BY id"
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        (first, None, None, None, True, "Hoa Precision Parts KK"),
        (second, None, None, None, True, "Hoa Precision Parts KK"),
        (other, "Trần Văn Nam", "someone@else.vn", PHONE, False, "Hoa Precision Parts KK"),
    ]
    nothing = server.post("/api/v1/persons/export", json={"email": EMAIL}, headers=admin)
    assert nothing.json() == {"enquiries": []}


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.lines.append(text)


@contextmanager
def captured_logs() -> Iterator[Captured]:
    handler = Captured()
    names = ("izagis", "uvicorn", "uvicorn.access", "uvicorn.error", "api")
    loggers = [logging.getLogger(n) for n in names]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        for lg, level in zip(loggers, levels, strict=True):
            lg.removeHandler(handler)
            lg.setLevel(level)


def test_personal_data_reaches_no_public_answer_no_log_and_no_audit(
    server: httpx.Client, people: Engine
) -> None:
    secrets = (EMAIL, EMAIL.lower(), PHONE, NAME, "912 345 678")
    staff = bearer(server, "staff@example.vn")
    admin = bearer(server, "admin@example.vn")
    with captured_logs() as logs:
        ids = [server.post("/api/v1/public/enquiries", json=public_form()).json()["id"]]
        res = server.post("/api/v1/enquiries", json=staff_form(), headers=staff)
        ids.append(res.json()["id"])
        server.patch(f"/api/v1/enquiries/{ids[1]}", json={"stage": "shortlisted"}, headers=staff)
        server.post("/api/v1/public/enquiries", json=public_form(consent=False))
        server.post("/api/v1/public/enquiries", json=public_form(phone="x" * 50))
        server.post("/api/v1/persons/export", json={"email": EMAIL}, headers=admin)
        answers = [
            server.get("/api/v1/zones"),
            server.get("/api/v1/plots", params={"limit": 5000}),
            server.get("/api/v1/projects"),
            server.get("/api/v1/stats"),
            server.post("/api/v1/site-search", json=NEEDS),
            server.get("/ogc/collections/plots/items"),
        ]
        server.post("/api/v1/persons/erase", json={"email": EMAIL}, headers=admin)
    assert logs.lines, "the log capture saw nothing"
    for res in answers:
        assert res.status_code == 200, (res.url, res.text[:200])
        assert not [s for s in secrets if s in res.text], res.url
    assert not [line for line in logs.lines if any(s in line for s in secrets)]
    with people.connect() as conn:
        audit = conn.execute(
            text("SELECT before::text, after::text FROM audit_log WHERE table_name = 'enquiries'")
        ).all()
    assert len(audit) >= 4  # two inserts, the stage change, the erasure...
    assert not [row for row in audit if any(s in str(tuple(row)) for s in secrets)]
