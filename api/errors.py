"""One table from the core's errors to HTTP, and JSON bodies for every error."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from izagis.errors import (
    AuthenticationRequiredError,
    ClusterError,
    ConflictError,
    DatabaseUnavailableError,
    DatasetError,
    ForbiddenError,
    InvalidInputError,
    IzagisError,
    NotFoundError,
    PlotHeldError,
    RateLimitedError,
    SchemaBehindError,
)

log = logging.getLogger("izagis.api")

STATUS: dict[type[IzagisError], int] = {
    NotFoundError: 404,
    InvalidInputError: 422,
    AuthenticationRequiredError: 401,
    ForbiddenError: 403,
    ConflictError: 409,
    RateLimitedError: 429,
    DatasetError: 422,
    DatabaseUnavailableError: 503,
    SchemaBehindError: 503,
    ClusterError: 503,
}


class ErrorBody(BaseModel):
    """Every error answer: a stable ``code``, a human ``message``, the ``field`` at fault."""

    code: str
    message: str
    field: str | None = None


NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "no such code"}
}


def error_body(code: str, message: str, field: str | None = None) -> dict[str, object]:
    body: dict[str, object] = {"code": code, "message": message}
    if field is not None:
        body["field"] = field
    return body


def install(app: FastAPI) -> None:
    @app.exception_handler(IzagisError)
    async def izagis_error(_: Request, exc: IzagisError) -> JSONResponse:
        status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 500)
        headers = {}
        if isinstance(exc, RateLimitedError):
            headers["Retry-After"] = str(exc.retry_after)
        if isinstance(exc, AuthenticationRequiredError):
            headers["WWW-Authenticate"] = "Bearer"
        body = error_body(exc.code, exc.message, exc.field)
        if isinstance(exc, PlotHeldError):
            body["conflicts"] = exc.conflicts
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        field, message = describe(exc.errors())
        return JSONResponse(
            {**error_body("invalid_input", message, field), "errors": _plain(exc.errors())},
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:  # a body that is not UTF-8 JSON, or nested beyond reason
            return JSONResponse(
                error_body("invalid_input", "the request body is not valid UTF-8 JSON", "body"),
                status_code=422,
            )
        code = HTTP_CODES.get(exc.status_code, "http_error")
        return JSONResponse(
            error_body(code, str(exc.detail)), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(DataError)
    @app.exception_handler(psycopg.DataError)
    async def unusable_value(_: Request, exc: Exception) -> JSONResponse:
        # Inputs are validated before SQL; this is the net under that, never a 500.
        driver = getattr(exc, "orig", exc)
        log.warning("value refused by the database: %s", getattr(driver, "sqlstate", "?"))
        return JSONResponse(
            error_body("invalid_input", "a value in the request cannot be used"), status_code=422
        )

    @app.exception_handler(PoolTimeoutError)
    async def no_connection_free(_: Request, exc: Exception) -> JSONResponse:
        # Every pooled connection stayed busy for the pool's whole timeout: overloaded.
        log.warning("no database connection free")
        return JSONResponse(
            error_body("busy", "the server is busy; try again shortly"),
            status_code=503,
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )

    @app.exception_handler(OperationalError)
    @app.exception_handler(psycopg.OperationalError)
    @app.exception_handler(psycopg.InterfaceError)
    async def database_down(_: Request, exc: Exception) -> JSONResponse:
        # SQLAlchemy wraps the driver's errors; code that reads through the driver itself
        # (site search's binary arrays) raises psycopg's own.
        driver = getattr(exc, "orig", exc)
        if getattr(driver, "sqlstate", None) == QUERY_CANCELED:
            log.warning("statement timeout")
            return JSONResponse(
                error_body("busy", "the request took too long; try again shortly"),
                status_code=503,
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )
        log.error("database unavailable: %s", type(driver).__name__)
        return JSONResponse(
            error_body("database_unavailable", "the database is unavailable"),
            status_code=503,
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Starlette re-raises after answering, and the server logs the traceback once.
        return JSONResponse(error_body("internal_error", "internal error"), status_code=500)


HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 408: "timeout"}
QUERY_CANCELED = "57014"  # statement_timeout
RETRY_AFTER_S = 5
MAX_ERRORS = 20  # a huge invalid body must not make a huge answer


def describe(errors: Sequence[Any]) -> tuple[str, str]:
    """The first validation error as (field, human message); the body itself is "body"."""
    if not errors:
        return "body", "invalid request"
    first = errors[0]
    if first.get("type") == "json_invalid":
        return "body", "the request body is not valid JSON"
    loc = [str(p) for p in first.get("loc", ()) if p not in ("body", "query", "path")]
    if first.get("type") == "missing" and not loc:
        return "body", "a JSON body is required"
    msg = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    field = ".".join(loc) or "body"
    return field, (f"{field}: {msg}" if loc else msg)


def _plain(errors: object) -> list[dict[str, object]]:
    """Pydantic's error list without the non-JSON ``ctx``/``input`` members."""
    out: list[dict[str, object]] = []
    for err in list(errors)[:MAX_ERRORS] if isinstance(errors, list | tuple) else []:
        out.append(
            {"loc": list(err.get("loc", ())), "msg": err.get("msg"), "type": err.get("type")}
        )
    return out
