"""Structured logs: one ``key=value`` line an event, the message JSON-quoted (newlines too)."""

from __future__ import annotations

import json
import logging

QUIET = ("alembic", "weasyprint", "fontTools", "pyogrio")  # chatty: warnings and worse only


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.exc_info:
            message += " | " + self.formatException(record.exc_info)
        return (
            f"{self.formatTime(record)} level={record.levelname} logger={record.name} "
            f"msg={json.dumps(message, ensure_ascii=False)}"
        )


def setup(level: str) -> None:
    """Route every logger, uvicorn's included, through one key=value handler."""
    handler = logging.StreamHandler()
    handler.setFormatter(KeyValueFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate = True
