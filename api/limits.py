"""Request body limits, enforced before anything parses the body.

Per-address rate limits on the public routes that cost the most (``rate_limit``).

A body larger than the limit is refused with 413 from its Content-Length, or while it streams
in; a body that stops arriving (shorter than its Content-Length, or a stalled upload) is
refused with 408 after the timeout instead of holding a worker.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.deps import get_engine, get_settings
from izagis import rate_limits
from izagis.settings import Settings


async def _refuse(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"code": code, "message": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int,
        timeout_s: float,
        uploads: tuple[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s
        # (path prefix, limit): the file uploads' larger limit.
        self.uploads = uploads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        if self.uploads is not None and scope["path"].startswith(self.uploads[0]):
            limit = self.uploads[1]
        too_large = f"the request body is larger than {limit} bytes"
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, 413, "too_large", too_large)
            return
        body = bytearray()
        more = True
        deadline = asyncio.get_running_loop().time() + self.timeout_s  # for the whole body
        while more:
            try:
                left = max(0.0, deadline - asyncio.get_running_loop().time())
                message = await asyncio.wait_for(receive(), left)
            except TimeoutError:
                await _refuse(send, 408, "timeout", "the request body did not arrive in time")
                return
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await _refuse(send, 413, "too_large", too_large)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def client_address(request: Request) -> str:
    """The caller's address. uvicorn has already put the forwarded one in its place when the
    peer is one of the trusted proxies (``IZAGIS_FORWARDED_ALLOW_IPS``, given to uvicorn as
    its ``forwarded_allow_ips``), and only then."""
    return request.client.host if request.client else "unknown"


def rate_limit(route: str, per_minute: Callable[[Settings], int]) -> Callable[..., None]:
    """A dependency counting this route's requests per address (429 with Retry-After)."""

    def check(
        request: Request,
        settings: Annotated[Settings, Depends(get_settings)],
        engine: Annotated[Engine, Depends(get_engine)],
    ) -> None:
        if not settings.rate_limits:
            return
        with engine.begin() as conn:
            rate_limits.hit(
                conn,
                route=route,
                address=client_address(request),
                limit=per_minute(settings),
            )

    return check
