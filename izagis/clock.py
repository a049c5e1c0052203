"""The province's calendar: a day is a day in Vietnam (UTC+7), whatever the server's zone."""

from __future__ import annotations

import datetime as dt
from typing import Final
from zoneinfo import ZoneInfo

TIMEZONE: Final = ZoneInfo("Asia/Ho_Chi_Minh")


def today() -> dt.date:
    return dt.datetime.now(TIMEZONE).date()


def end_of_day(day: dt.date) -> dt.datetime:
    """The moment ``day`` ends in Vietnam: the next day's midnight at UTC+7."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), TIMEZONE)


def last_day(ends: dt.datetime | None) -> dt.date | None:
    """The last day a period ending (exclusively) at ``ends`` covers, in Vietnam."""
    if ends is None:
        return None
    return (ends.astimezone(TIMEZONE) - dt.timedelta(microseconds=1)).date()
