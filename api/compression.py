"""Answers travel gzipped when the client accepts it: pages, JSON, GeoJSON, CSV and vector
tiles shrink to a fraction. Downloads keep their declared size and go as they are (export
files stream with a Content-Length; PDF sheets and proposals, zips and images are compressed
already), and so do small answers."""

from __future__ import annotations

from typing import Final

from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

MINIMUM_BYTES: Final = 1000
LEVEL: Final = 6  # most of level 9's gain for far less of a shared core's time
ALREADY_COMPRESSED: Final = (
    *DEFAULT_EXCLUDED_CONTENT_TYPES,
    "application/pdf",
    "application/zip",
    "image/tiff",
    "application/geopackage+sqlite3",
)
# Routes whose answers are files to save: their size is part of the answer.
DOWNLOADS: Final = ("/api/v1/export/",)


class Compress:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(
            app,
            minimum_size=MINIMUM_BYTES,
            compresslevel=LEVEL,
            exclude_content_types=ALREADY_COMPRESSED,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] == "http" and not any(d in path for d in DOWNLOADS):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
