"""Who is calling, and the role checks that routers declare as dependencies.

Investors are anonymous. Staff, planners and admins sign in: the API takes a bearer token
(OAuth2 password flow, ``POST /api/v1/auth/token``), the pages a session cookie holding the
same signed token; a cookie-borne call with an unsafe method must repeat the token's CSRF
value in the ``X-CSRF-Token`` header (a bearer call needs none). The core never checks roles.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy import Connection, Engine

from api.deps import get_engine, get_transaction
from izagis import accounts, db, tokens
from izagis.errors import AuthenticationRequiredError, ForbiddenError
from izagis.vocab import Role

SESSION_COOKIE = "izagis_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
bearer = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    id: int | None = None


def signing_key(request: Request) -> str:
    key: str = request.app.state.secret_key
    return key


def current_user(
    request: Request,
    token: Annotated[str | None, Depends(bearer)],
    engine: Annotated[Engine, Depends(get_engine)],
) -> User | None:
    """The signed-in person, or None for an anonymous caller."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if token is None and cookie is None:
        return None
    claims = tokens.read(token or cookie or "", key=signing_key(request))
    if token is None and request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent, claims.csrf):
            raise ForbiddenError(
                "a signed-in page must send its X-CSRF-Token header with this request"
            )
    with engine.connect() as conn:
        account = accounts.active(conn, user_id=claims.sub, epoch=claims.ep)
    if account is None:
        raise AuthenticationRequiredError(
            "this sign-in has ended (a new password, or the account is disabled); sign in again"
        )
    return User(name=account.email, role=account.role, id=account.id)


CurrentUser = Annotated[User | None, Depends(current_user)]


def acting_transaction(
    request: Request,
    user: CurrentUser,
    conn: Annotated[Connection, Depends(get_transaction, scope="function")],
) -> Connection:
    """The request's transaction, with the acting person set for the audit triggers (the
    user is resolved first: an invalid sign-in is refused before a transaction opens), and
    the writes' longer statement timeout: a write may queue behind another's row lock."""
    db.act_as(conn, user.name if user else "anonymous")
    db.limit_statements(conn, request.app.state.settings.write_timeout_ms)
    return conn


# One transaction per request, committed before the response is sent (see api.deps).
TransactionDep = Annotated[Connection, Depends(acting_transaction)]


def require_role(*roles: Role) -> Callable[[User | None], User]:
    """A dependency admitting the given roles (and admins); 401 anonymous, 403 other roles."""

    def check(user: CurrentUser) -> User:
        if user is None:
            raise AuthenticationRequiredError("sign in to use this route")
        if user.role != Role.ADMIN and user.role not in roles:
            raise ForbiddenError(f"this route is for {', '.join(roles)}; you are {user.role}")
        return user

    return check
