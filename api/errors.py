"""One table from the core's errors to HTTP, and JSON bodies for every error."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
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
    SchemaBehindError,
)

log = logging.getLogger("izagis.api")

STATUS: dict[type[IzagisError], int] = {
    NotFoundError: 404,
    InvalidInputError: 422,
    AuthenticationRequiredError: 401,
    ForbiddenError: 403,
    ConflictError: 409,
    DatasetError: 422,
    DatabaseUnavailableError: 503,
    SchemaBehindError: 503,
    ClusterError: 503,
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
        return JSONResponse(error_body(exc.code, exc.message, exc.field), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        field, message = describe(exc.errors())
        return JSONResponse(
            {**error_body("invalid_input", message, field), "errors": _plain(exc.errors())},
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = "not_found" if exc.status_code == 404 else "http_error"
        return JSONResponse(error_body(code, str(exc.detail)), status_code=exc.status_code)

    @app.exception_handler(OperationalError)
    async def database_down(_: Request, exc: OperationalError) -> JSONResponse:
        log.error("database error: %s", exc.orig)
        return JSONResponse(
            error_body("database_unavailable", "the database is unavailable"), status_code=503
        )

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Starlette re-raises after answering, and the server logs the traceback once.
        return JSONResponse(error_body("internal_error", "internal error"), status_code=500)


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
    for err in errors if isinstance(errors, list | tuple) else []:
        out.append(
            {"loc": list(err.get("loc", ())), "msg": err.get("msg"), "type": err.get("type")}
        )
    return out
