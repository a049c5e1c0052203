"""Security headers on every answer, and the pages' Content-Security-Policy.

Pages allow only izagis's own scripts: the inline scripts Folium writes carry a per-request
nonce. Styles allow ``'unsafe-inline'`` because Leaflet and the page script set ``style``
attributes (a style cannot run code); images may come from the optional base map's host.
"""

from __future__ import annotations

import re
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# JSON, tiles, static files: nothing to run, nothing to frame.
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"referrer-policy": b"strict-origin-when-cross-origin",
    b"x-frame-options": b"DENY",
    b"cross-origin-opener-policy": b"same-origin",
}
_SCRIPT_TAG = re.compile(r"<script(?=[\s>])")


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


def page_policy(nonce: str, image_hosts: tuple[str, ...] = ()) -> str:
    images = " ".join(("'self'", "data:", "blob:", *image_hosts))
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def with_nonce(html: str, nonce: str) -> str:
    """Every ``<script>`` of ``html`` marked with ``nonce``."""
    return _SCRIPT_TAG.sub(f'<script nonce="{nonce}"', html)


class SecurityHeaders:
    """Adds the headers above to every response; a response's own CSP (pages) is kept."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in HEADERS.items() if k not in present]
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", API_POLICY.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
