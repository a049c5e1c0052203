"""Per-address request counting in PostgreSQL, so that every worker process agrees.

Fixed windows: one row per bucket (route and hashed address) and window. Addresses are hashed
before they are stored; rows older than an hour are removed as new windows open.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, text

from izagis.errors import RateLimitedError

KEEP_S = 3600


def bucket(route: str, address: str) -> str:
    digest = hashlib.blake2b(address.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()
    return f"{route}:{digest}"


def _span(seconds: int) -> str:
    return "a minute" if seconds == 60 else f"{seconds // 60} minutes"


def forget(conn: Connection, *, route: str, address: str) -> None:
    """Clear an address's count (an account's failed sign-ins, once one succeeds)."""
    conn.execute(text("DELETE FROM rate_counters WHERE bucket = :b"), {"b": bucket(route, address)})


def hit(conn: Connection, *, route: str, address: str, limit: int, window_s: int = 60) -> None:
    """Count one request; RateLimitedError once ``limit`` is passed in the current window."""
    hits, left = conn.execute(
        text(
            "INSERT INTO rate_counters AS c (bucket, window_start, hits) "
            "VALUES (:b, to_timestamp(floor(extract(epoch FROM now()) / :w) * :w), 1) "
            "ON CONFLICT (bucket, window_start) DO UPDATE SET hits = c.hits + 1 "
            "RETURNING c.hits, "
            "ceil(extract(epoch FROM c.window_start + make_interval(secs => :w) - now()))"
        ),
        {"b": bucket(route, address), "w": window_s},
    ).one()
    if hits == 1:  # a new window: forget the old ones
        conn.execute(
            text(
                "DELETE FROM rate_counters WHERE window_start < now() - make_interval(secs => :k)"
            ),
            {"k": KEEP_S},
        )
    if hits > limit:
        raise RateLimitedError(
            f"more than {limit} tries in {_span(window_s)}; try again in {max(1, int(left))} s",
            retry_after=max(1, int(left)),
        )
