"""Accounts, sign-in and the audit history: Argon2 hashes, bearer tokens and session cookies
with CSRF, throttled attempts counted in PostgreSQL, disabled accounts, the allow-list of
public routes, and audit rows written by the database with the acting person."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from api.main import PUBLIC_ROUTERS, create_app
from api.routes import audit as audit_routes
from api.routes import enquiries as enquiry_routes
from api.routes import holds as hold_routes
from api.routes import plot_state
from api.routes import shortlists as shortlist_routes
from izagis import accounts, enquiries, tokens
from izagis.enquiries import EnquiryIn
from izagis.errors import ConfigurationError, ConflictError, InvalidInputError
from izagis.settings import Settings
from izagis.vocab import Role
from tests.conftest import LiveServer

PASSWORD = "correct horse battery staple"
FREE = "TD2-010"
ENQUIRY = 1


@pytest.fixture()
def people(writable: Engine) -> Engine:
    with writable.begin() as conn:
        accounts.add_user(conn, email="Admin@Example.vn", role=Role.ADMIN, password=PASSWORD)
        accounts.add_user(conn, email="staff@example.vn", role=Role.STAFF, password=PASSWORD)
        accounts.add_user(conn, email="planner@example.vn", role=Role.PLANNER, password=PASSWORD)
        enquiry = enquiries.create(conn, enquiry=EnquiryIn(company="Investor A"))
    assert enquiry == ENQUIRY  # the first enquiry of a fresh clone
    return writable


@pytest.fixture()
def server(people: Engine) -> Iterator[httpx.Client]:
    settings = Settings(
        database_url=people.url.render_as_string(hide_password=False),
        rate_limits=False,
        login_per_account=5,
        login_per_address=8,
    )
    with (
        LiveServer(settings, create_app(settings)) as live,
        httpx.Client(base_url=live.url) as client,
    ):
        yield client


def bearer(client: httpx.Client, email: str, password: str = PASSWORD) -> dict[str, str]:
    res = client.post("/api/v1/auth/token", data={"username": email, "password": password})
    assert res.status_code == 200, res.text
    assert res.json()["token_type"] == "bearer"
    return {"authorization": f"Bearer {res.json()['access_token']}"}


def hold_body() -> dict[str, object]:
    until = (dt.date.today() + dt.timedelta(days=7)).isoformat()
    return {"enquiry_id": ENQUIRY, "plot_codes": [FREE], "until": until}


def test_passwords_are_argon2_and_never_defaulted(people: Engine) -> None:
    with people.connect() as conn:
        hashes = conn.execute(text("SELECT password_hash FROM users")).scalars().all()
        assert all(h.startswith("$argon2id$") for h in hashes) and PASSWORD not in str(hashes)
        assert accounts.authenticate(conn, email="ADMIN@example.vn", password=PASSWORD)
        assert accounts.authenticate(conn, email="admin@example.vn", password="wrong") is None
        assert accounts.authenticate(conn, email="nobody@example.vn", password=PASSWORD) is None
    with people.begin() as conn, pytest.raises(InvalidInputError, match="12 characters"):
        accounts.add_user(conn, email="x@example.vn", role=Role.STAFF, password="short")
    with people.begin() as conn, pytest.raises(ConflictError):
        accounts.add_user(conn, email="staff@example.vn", role=Role.STAFF, password=PASSWORD)


def test_bearer_tokens_carry_the_role(server: httpx.Client) -> None:
    assert server.post("/api/v1/holds", json=hold_body()).status_code == 401
    planner = server.post(
        "/api/v1/holds", json=hold_body(), headers=bearer(server, "planner@example.vn")
    )
    assert planner.status_code == 403 and planner.json()["code"] == "forbidden"
    staff = server.post(
        "/api/v1/holds", json=hold_body(), headers=bearer(server, "staff@example.vn")
    )
    assert staff.status_code == 201, staff.text
    me = server.get("/api/v1/auth/me", headers=bearer(server, "admin@example.vn"))
    assert me.json() == {"email": "admin@example.vn", "role": "admin", "csrf_token": None}
    forged = {"authorization": "Bearer " + "x" * 40}
    assert server.get("/api/v1/auth/me", headers=forged).status_code == 401


def test_a_page_session_needs_its_csrf_header_on_writes(server: httpx.Client) -> None:
    res = server.post(
        "/api/v1/auth/login", json={"email": "staff@example.vn", "password": PASSWORD}
    )
    assert res.status_code == 200, res.text
    cookie = res.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    csrf = res.json()["csrf_token"]
    assert res.headers["cache-control"] == "no-store"
    me = server.get("/api/v1/auth/me")  # a read needs no header; a reloaded page gets it here
    assert me.status_code == 200 and me.json()["csrf_token"] == csrf
    refused = server.post("/api/v1/holds", json=hold_body())
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["message"]
    wrong = server.post("/api/v1/holds", json=hold_body(), headers={"x-csrf-token": "nope"})
    assert wrong.status_code == 403
    done = server.post("/api/v1/holds", json=hold_body(), headers={"x-csrf-token": csrf})
    assert done.status_code == 201, done.text
    assert server.post("/api/v1/auth/logout", headers={"x-csrf-token": csrf}).status_code == 204
    assert server.get("/api/v1/auth/me").status_code == 401


def test_sign_in_from_another_site_is_refused(server: httpx.Client) -> None:
    res = server.post(
        "/api/v1/auth/login",
        json={"email": "staff@example.vn", "password": PASSWORD},
        headers={"origin": "https://evil.example"},
    )
    assert res.status_code == 403


def test_attempts_are_throttled_per_account_and_per_address(server: httpx.Client) -> None:
    def attempt(email: str) -> int:
        data = {"username": email, "password": "wrong password!"}
        return server.post("/api/v1/auth/token", data=data).status_code

    assert [attempt("staff@example.vn") for _ in range(6)] == [401] * 5 + [429]
    # The right password does not get through a throttled account either.
    res = server.post(
        "/api/v1/auth/token", data={"username": "staff@example.vn", "password": PASSWORD}
    )
    assert res.status_code == 429 and int(res.headers["retry-after"]) >= 1
    # Other accounts from the same address: 7 attempts so far, the address's limit is 8.
    assert [attempt(f"guess{i}@example.vn") for i in range(3)] == [401, 429, 429]


def test_a_success_clears_the_failed_attempts(server: httpx.Client) -> None:
    def attempt(password: str) -> int:
        data = {"username": "planner@example.vn", "password": password}
        return server.post("/api/v1/auth/token", data=data).status_code

    assert [attempt("wrong password!") for _ in range(3)] == [401] * 3
    assert attempt(PASSWORD) == 200
    assert [attempt("wrong password!") for _ in range(4)] == [401] * 4  # a fresh count


def test_a_new_password_ends_every_earlier_sign_in(server: httpx.Client, people: Engine) -> None:
    headers = bearer(server, "staff@example.vn")
    with people.begin() as conn:
        accounts.set_password(conn, email="staff@example.vn", password="another long passphrase")
    res = server.get("/api/v1/auth/me", headers=headers)
    assert res.status_code == 401 and res.headers["www-authenticate"] == "Bearer"
    assert (
        server.get(
            "/api/v1/auth/me", headers=bearer(server, "staff@example.vn", "another long passphrase")
        ).status_code
        == 200
    )
    with people.connect() as conn:  # the change is in the audit history, the hash is not
        changes = conn.execute(
            text(
                "SELECT before ->> 'session_epoch', after ->> 'session_epoch', after::text "
                "FROM audit_log WHERE table_name = 'users' AND action = 'update'"
            )
        ).all()
    assert [(b, a) for b, a, _ in changes] == [("0", "1")]
    assert "argon2" not in changes[0][2]


def test_a_disabled_account_is_out_at_once(server: httpx.Client, people: Engine) -> None:
    headers = bearer(server, "staff@example.vn")
    assert server.get("/api/v1/auth/me", headers=headers).status_code == 200
    with people.begin() as conn:
        accounts.disable(conn, email="staff@example.vn")
    assert server.get("/api/v1/auth/me", headers=headers).status_code == 401
    res = server.post(
        "/api/v1/auth/token", data={"username": "staff@example.vn", "password": PASSWORD}
    )
    assert res.status_code == 401


def test_every_route_outside_the_allow_list_refuses_anonymous_calls(api: httpx.Client) -> None:
    public = {route.path for router in PUBLIC_ROUTERS for route in router.routes}  # type: ignore[attr-defined]
    doc = api.get("/openapi.json").json()
    checked = 0
    for path, operations in doc["paths"].items():
        if path in public:
            continue
        for method in operations:
            url = path.replace("{code}", "KP-001").replace("{hold_id}", "1")
            res = api.request(method.upper(), url, json={})
            assert res.status_code == 401, (method, path, res.text)
            checked += 1
    assert checked >= 5


def test_the_database_writes_the_audit_history(server: httpx.Client, people: Engine) -> None:
    res = server.post("/api/v1/holds", json=hold_body(), headers=bearer(server, "staff@example.vn"))
    assert res.status_code == 201
    with people.connect() as conn:
        row = conn.execute(
            text(
                "SELECT actor, action, after ->> 'holder' FROM audit_log "
                "WHERE table_name = 'holds' AND after ->> 'group_id' = :k"
            ),
            {"k": str(res.json()["id"])},
        ).one()
        assert tuple(row) == ("staff@example.vn", "insert", "Investor A")
        users = conn.execute(
            text("SELECT after FROM audit_log WHERE table_name = 'users' LIMIT 1")
        ).scalar_one()
        assert "password_hash" not in users
    with people.begin() as conn, pytest.raises(DBAPIError, match="cannot be changed"):
        conn.execute(text("UPDATE audit_log SET actor = 'someone else'"))
    with people.begin() as conn, pytest.raises(DBAPIError, match="cannot be changed"):
        conn.execute(text("DELETE FROM audit_log"))


def test_the_user_command_adds_lists_and_disables(people: Engine) -> None:
    env = {**os.environ, "IZAGIS_DATABASE_URL": people.url.render_as_string(hide_password=False)}
    izagis = [str(Path(sys.executable).parent / "izagis")]
    added = subprocess.run(
        [*izagis, "user", "add", "new@example.vn", "--role", "planner", "--password-stdin"],
        input=PASSWORD + "\n",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert added.returncode == 0, added.stderr
    listed = subprocess.run(
        [*izagis, "user", "list"], env=env, capture_output=True, text=True, check=True
    )
    assert "new@example.vn" in listed.stdout and "planner" in listed.stdout
    short = subprocess.run(
        [*izagis, "user", "add", "b@example.vn", "--role", "staff", "--password-stdin"],
        input="short\n",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert short.returncode == 1 and "12 characters" in short.stderr
    subprocess.run([*izagis, "user", "disable", "new@example.vn"], env=env, check=True)
    with people.connect() as conn:
        assert accounts.authenticate(conn, email="new@example.vn", password=PASSWORD) is None


def test_the_secret_key_is_made_once_and_refused_when_weak(tmp_path: Path) -> None:
    embedded = Settings(data_dir=tmp_path, secret_key=None)
    key = tokens.secret_key(embedded)
    assert len(key) >= tokens.MIN_SECRET and tokens.secret_key(embedded) == key
    assert (tmp_path / tokens.SECRET_FILE).stat().st_mode & 0o077 == 0
    (tmp_path / tokens.SECRET_FILE).write_text("short")
    with pytest.raises(ConfigurationError, match="damaged"):
        tokens.secret_key(embedded)
    with pytest.raises(ConfigurationError, match="weak"):
        tokens.secret_key(Settings(data_dir=tmp_path, secret_key=SecretStr("too short")))
    with pytest.raises(ConfigurationError, match="not set"):
        tokens.secret_key(Settings(database_url="postgresql+psycopg://x/y", secret_key=None))


def test_every_staff_route_refuses_a_planner(server: httpx.Client) -> None:
    """Planners work the planning routes and never personal data: the staff routes say 403."""
    headers = bearer(server, "planner@example.vn")
    checked = 0
    staff_routes = (
        plot_state.router,
        hold_routes.router,
        enquiry_routes.router,
        shortlist_routes.router,
        audit_routes.router,
    )
    for route in (route for router in staff_routes for route in router.routes):
        for method in route.methods:  # type: ignore[attr-defined]
            path: str = route.path  # type: ignore[attr-defined]
            url = path.replace("{code}", FREE).replace("{id}", "1")
            url = url.replace("{hold_id}", "1").replace("{item_id}", "1")
            res = server.request(method, url, json={}, headers=headers)
            assert res.status_code == 403, (method, url, res.text)
            checked += 1
    assert checked >= 20
