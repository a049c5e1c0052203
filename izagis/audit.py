"""Reading the audit history the database writes (migration 0007; per statement since 0018;
the feature layers since 0020): who changed which object, when, and what it was before and
after. ``table`` is an audited table (``AUDITED_TABLES``), e.g. ``constraint_areas`` for the
import layer ``constraints``."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import Connection, text

from izagis.errors import InvalidInputError
from izagis.tables import AUDITED_TABLES

MAX_ROWS = 1000


class AuditRow(BaseModel):
    at: dt.datetime
    actor: str
    table: str
    key: str
    action: Literal["insert", "update", "delete"]
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def history(conn: Connection, *, table: str, key: str) -> list[AuditRow]:
    """An object's changes, oldest first; ``key`` is its code where it has one, else its id
    (for a hold: the hold's id, which the rows of all its plots share)."""
    if table not in AUDITED_TABLES:
        raise InvalidInputError(f"table must be one of {', '.join(AUDITED_TABLES)}", field="table")
    rows = conn.execute(
        text(
            "SELECT at, actor, table_name AS table, row_key AS key, action, before, after "
            "FROM audit_log WHERE table_name = :table AND CASE WHEN :table = 'holds' "
            "THEN coalesce(after, before) ->> 'group_id' = :key ELSE row_key = :key END "
            "ORDER BY id LIMIT :limit"
        ),
        {"table": table, "key": key, "limit": MAX_ROWS},
    ).mappings()
    return [AuditRow(**row) for row in rows]
