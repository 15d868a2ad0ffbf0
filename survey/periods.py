"""Reporting periods, always in local dates: 2026-11, 2026-Q4, 2026-H2, 2026, or
2026-10-01..2026-11-15 (inclusive)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
HALF = re.compile(r"^(\d{4})-H([12])$")
YEAR = re.compile(r"^(\d{4})$")
RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Period:
    kind: str  # month | quarter | half | year | range
    start: dt.date
    end: dt.date  # inclusive
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        if self.kind == "range":
            end = self.start - dt.timedelta(days=1)
            start = end - dt.timedelta(days=self.days - 1)
            return Period("range", start, end, f"{start}..{end}")
        return shift(self, -1)

    def trailing(self, count: int) -> list[Period]:
        """This period and the count-1 before it, oldest first (for trend charts)."""
        periods = [self]
        for _ in range(count - 1):
            periods.append(periods[-1].previous())
        return periods[::-1]


def parse_period(text: str) -> Period:
    text = (text or "").strip()
    try:
        return parse_strict(text)
    except ValueError as error:
        raise PeriodError(
            f"'{text}' is not a period: write 2026-11, 2026-Q4, 2026-H2, 2026 "
            f"or 2026-10-01..2026-11-15 ({error})") from None


def parse_strict(text: str) -> Period:
    if m := MONTH.match(text):
        return month_period(int(m[1]), int(m[2]))
    if m := QUARTER.match(text):
        return block(int(m[1]), 3 * (int(m[2]) - 1) + 1, 3, "quarter", f"{m[1]}-Q{m[2]}")
    if m := HALF.match(text):
        return block(int(m[1]), 6 * (int(m[2]) - 1) + 1, 6, "half", f"{m[1]}-H{m[2]}")
    if m := YEAR.match(text):
        return block(int(m[1]), 1, 12, "year", m[1])
    if m := RANGE.match(text):
        start, end = dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2])
        if end < start:
            raise ValueError("the range ends before it starts")
        return Period("range", start, end, text)
    raise ValueError("unknown form")


def month_period(year: int, month: int) -> Period:
    return block(year, month, 1, "month", f"{year:04d}-{month:02d}")


def block(year: int, first_month: int, months: int, kind: str, label: str) -> Period:
    if not 1 <= first_month <= 12:
        raise ValueError("month must be 01-12")
    start = dt.date(year, first_month, 1)
    end = add_months(start, months) - dt.timedelta(days=1)
    return Period(kind, start, end, label)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def shift(period: Period, steps: int) -> Period:
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12}[period.kind]
    start = add_months(period.start, steps * months)
    if period.kind == "month":
        return month_period(start.year, start.month)
    if period.kind == "quarter":
        return parse_strict(f"{start.year}-Q{(start.month - 1) // 3 + 1}")
    if period.kind == "half":
        return parse_strict(f"{start.year}-H{(start.month - 1) // 6 + 1}")
    return parse_strict(str(start.year))


def months_in(period: Period) -> list[dt.date]:
    """First days of the months the period touches (for service volumes)."""
    months, cursor = [], dt.date(period.start.year, period.start.month, 1)
    while cursor <= period.end:
        months.append(cursor)
        cursor = add_months(cursor, 1)
    return months
