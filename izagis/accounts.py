"""Accounts of the people who sign in (staff, planners, admins): Argon2 password hashes,
roles, disabling. Investors are anonymous and have none; there is never a default password.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from pwdlib import PasswordHash
from pydantic import BaseModel
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from izagis.errors import ConflictError, InvalidInputError, NotFoundError
from izagis.inputs import storable_text
from izagis.vocab import Role

MIN_PASSWORD: Final = 12
_HASHER = PasswordHash.recommended()  # Argon2id with pwdlib's current parameters
# Verified when the e-mail is unknown, so that a miss costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash("not a password of anyone's")


class Account(BaseModel):
    id: int
    email: str
    role: Role
    disabled: bool
    session_epoch: int = 0
    created_at: dt.datetime | None = None


def _email(value: str) -> str:
    email = storable_text(value).strip().lower()
    if "@" not in email or len(email) > 254 or email.startswith("@") or email.endswith("@"):
        raise InvalidInputError(f"{value!r} is not an e-mail address", field="email")
    return email


def _checked_password(password: str) -> str:
    storable_text(password)
    if len(password) < MIN_PASSWORD:
        raise InvalidInputError(
            f"a password needs at least {MIN_PASSWORD} characters", field="password"
        )
    return password


def add_user(conn: Connection, *, email: str, role: Role, password: str) -> Account:
    address = _email(email)
    hashed = _HASHER.hash(_checked_password(password))
    try:
        with conn.begin_nested():
            row = conn.execute(
                text(
                    "INSERT INTO users (email, role, password_hash) VALUES (:e, :r, :h) "
                    "RETURNING id, created_at"
                ),
                {"e": address, "r": role.value, "h": hashed},
            ).one()
    except IntegrityError as exc:
        raise ConflictError(f"{address} already has an account", field="email") from exc
    return Account(id=row[0], email=address, role=role, disabled=False, created_at=row[1])


def set_password(conn: Connection, *, email: str, password: str) -> None:
    hashed = _HASHER.hash(_checked_password(password))
    found = conn.execute(
        text(
            "UPDATE users SET password_hash = :h, session_epoch = session_epoch + 1 "
            "WHERE email = :e RETURNING id"
        ),
        {"h": hashed, "e": _email(email)},
    ).scalar()
    if found is None:
        raise NotFoundError(f"no account {email}", field="email")


def disable(conn: Connection, *, email: str) -> None:
    found = conn.execute(
        text(
            "UPDATE users SET disabled_at = now(), session_epoch = session_epoch + 1 "
            "WHERE email = :e RETURNING id"
        ),
        {"e": _email(email)},
    ).scalar()
    if found is None:
        raise NotFoundError(f"no account {email}", field="email")


def list_users(conn: Connection) -> list[Account]:
    rows = conn.execute(
        text(
            "SELECT id, email, role, disabled_at IS NOT NULL AS disabled, created_at "
            "FROM users ORDER BY email"
        )
    ).mappings()
    return [Account(**row) for row in rows]


def active(conn: Connection, *, user_id: int, epoch: int) -> Account | None:
    """The account if it exists, is not disabled, and its sign-ins of ``epoch`` still hold
    (a new password or disabling ends them)."""
    row = (
        conn.execute(
            text(
                "SELECT id, email, role, false AS disabled, created_at, session_epoch "
                "FROM users WHERE id = :id AND disabled_at IS NULL AND session_epoch = :ep"
            ),
            {"id": user_id, "ep": epoch},
        )
        .mappings()
        .one_or_none()
    )
    return Account(**row) if row else None


def authenticate(conn: Connection, *, email: str, password: str) -> Account | None:
    """The account whose e-mail and password these are, if enabled; None otherwise (the same
    answer and about the same time whether the e-mail is unknown or the password wrong)."""
    try:
        address = _email(email)
    except (InvalidInputError, ValueError):  # not an address, or not storable text
        address = ""
    row = (
        conn.execute(
            text(
                "SELECT id, email, role, password_hash, disabled_at IS NOT NULL AS disabled, "
                "session_epoch FROM users WHERE email = :e"
            ),
            {"e": address},
        )
        .mappings()
        .one_or_none()
    )
    valid = _HASHER.verify(password, row["password_hash"] if row else _DUMMY_HASH)
    if row is None or not valid or row["disabled"]:
        return None
    return Account(
        id=row["id"],
        email=row["email"],
        role=row["role"],
        disabled=False,
        session_epoch=row["session_epoch"],
    )
