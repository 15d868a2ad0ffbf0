"""UTC storage, local-time periods."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def local_date(utc_naive: dt.datetime, timezone: str) -> dt.date:
    """The local calendar day of a naive-UTC timestamp (2026-11-30 23:30 UTC is 1 December)."""
    aware = utc_naive.replace(tzinfo=dt.UTC)
    return aware.astimezone(ZoneInfo(timezone)).date()


def to_utc_naive(moment: dt.datetime) -> dt.datetime:
    """Aware datetime in any zone -> naive UTC, the storage form."""
    if moment.tzinfo is None:
        raise ValueError("timestamp needs a UTC offset, e.g. 2026-11-03T09:15:00+07:00")
    return moment.astimezone(dt.UTC).replace(tzinfo=None)
