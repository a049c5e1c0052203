"""Signing in: a bearer token for API clients, a session cookie for the pages.

Attempts are throttled per account and per address, counted in PostgreSQL so that every
worker process agrees; the counts are kept whether the attempt succeeds or not.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy import Engine

from api.auth import SESSION_COOKIE, CurrentUser, require_role, signing_key
from api.deps import SettingsDep, get_engine
from api.errors import ErrorBody
from api.limits import client_address
from izagis import accounts, rate_limits, tokens
from izagis.accounts import Account
from izagis.errors import AuthenticationRequiredError, ForbiddenError, RateLimitedError
from izagis.inputs import TEXT_PATTERN, StrictModel
from izagis.settings import Settings
from izagis.vocab import Role

LOGIN_WINDOW_S = 15 * 60
REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "wrong e-mail or password, or a disabled account"},
    429: {"model": ErrorBody, "description": "too many attempts (Retry-After)"},
}
public_router = APIRouter(prefix="/api/v1/auth", tags=["sign-in"], responses=REFUSED)
router = APIRouter(
    prefix="/api/v1/auth",
    tags=["sign-in"],
    dependencies=[Depends(require_role(*Role))],
    responses={401: {"model": ErrorBody, "description": "not signed in"}},
)
EngineDep = Annotated[Engine, Depends(get_engine)]


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"


class Credentials(StrictModel):
    email: str = Field(min_length=3, max_length=254, pattern=TEXT_PATTERN)
    password: str = Field(min_length=1, max_length=1024, pattern=TEXT_PATTERN)


class Session(BaseModel):
    email: str
    role: Role
    csrf_token: str = Field(description="send it as X-CSRF-Token with every unsafe request")
    expires_at: dt.datetime


def _sign_in(
    request: Request, engine: Engine, settings: Settings, email: str, password: str
) -> tuple[Account, str, tokens.Claims]:
    refusal: RateLimitedError | None = None
    with engine.begin() as conn:  # counted apart, and both: a refused attempt still counts
        for route, who, limit in (
            ("login-account", email.strip().lower(), settings.login_per_account),
            ("login-address", client_address(request), settings.login_per_address),
        ):
            try:
                rate_limits.hit(
                    conn, route=route, address=who, limit=limit, window_s=LOGIN_WINDOW_S
                )
            except RateLimitedError as exc:
                refusal = refusal or exc
    if refusal is not None:
        raise refusal
    with engine.begin() as conn:
        account = accounts.authenticate(conn, email=email, password=password)
        if account is not None:  # a success clears the account's failed attempts
            rate_limits.forget(conn, route="login-account", address=email.strip().lower())
    if account is None:
        raise AuthenticationRequiredError("wrong e-mail or password")
    token, claims = tokens.issue(
        user_id=account.id,
        epoch=account.session_epoch,
        key=signing_key(request),
        ttl=dt.timedelta(hours=settings.session_hours),
    )
    return account, token, claims


@public_router.post("/token", summary="OAuth2 password flow: a bearer token")
def token(
    response: Response,
    username: Annotated[str, Form(min_length=1, max_length=254, description="the e-mail")],
    password: Annotated[str, Form(min_length=1, max_length=1024)],
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
) -> Token:
    _, issued, _ = _sign_in(request, engine, settings, username, password)
    response.headers["Cache-Control"] = "no-store"
    return Token(access_token=issued)


@public_router.post(
    "/login",
    summary="Sign a page in: sets the session cookie",
    responses={403: {"model": ErrorBody, "description": "from another site"}},
)
def login(
    body: Credentials,
    request: Request,
    response: Response,
    engine: EngineDep,
    settings: SettingsDep,
) -> Session:
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
        raise ForbiddenError("sign-in from another site is refused")  # login CSRF
    account, issued, claims = _sign_in(request, engine, settings, body.email, body.password)
    expires = dt.datetime.fromtimestamp(claims.exp, dt.UTC)
    response.headers["Cache-Control"] = "no-store"
    response.set_cookie(
        SESSION_COOKIE,
        issued,
        expires=expires,
        path=request.scope.get("root_path", "") or "/",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return Session(
        email=account.email, role=account.role, csrf_token=claims.csrf, expires_at=expires
    )


class Me(BaseModel):
    email: str
    role: Role
    csrf_token: str | None = Field(
        default=None, description="for a page signed in by cookie: its X-CSRF-Token value"
    )


@router.get("/me", summary="Who is signed in (and a page's CSRF token)")
def me(user: CurrentUser, request: Request, response: Response) -> Me:
    assert user is not None  # the router admits signed-in callers only
    response.headers["Cache-Control"] = "no-store"
    cookie = request.cookies.get(SESSION_COOKIE)
    csrf = tokens.read(cookie, key=signing_key(request)).csrf if cookie else None
    return Me(email=user.name, role=user.role, csrf_token=csrf)


@router.post("/logout", summary="Sign a page out: removes the session cookie", status_code=204)
def logout(request: Request, response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path=request.scope.get("root_path", "") or "/")
