import datetime as dt

import pytest

from survey.periods import PeriodError, months_in, parse_period


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2026-11", "2026-11-01", "2026-11-30"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2026-Q4", "2026-10-01", "2026-12-31"),
    ("2026-H1", "2026-01-01", "2026-06-30"),
    ("2026", "2026-01-01", "2026-12-31"),
    ("2026-10-01..2026-11-15", "2026-10-01", "2026-11-15"),
])
def test_periods_cover_the_right_days(text, start, end):
    period = parse_period(text)
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)
    assert period.label == text


@pytest.mark.parametrize(("text", "previous"), [
    ("2026-01", "2025-12"), ("2026-Q1", "2025-Q4"), ("2026-H2", "2026-H1"), ("2026", "2025"),
    ("2026-10-11..2026-10-20", "2026-10-01..2026-10-10"),
])
def test_previous_period_has_the_same_length(text, previous):
    assert parse_period(text).previous().label == previous


def test_trailing_twelve_months_oldest_first():
    labels = [p.label for p in parse_period("2026-11").trailing(12)]
    assert labels[0] == "2025-12" and labels[-1] == "2026-11" and len(labels) == 12


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "26-11", "2026-11-31..2026-12-01",
                                  "2026-12-01..2026-11-01", "", "last month"])
def test_bad_periods_are_refused_with_the_forms(text):
    with pytest.raises(PeriodError, match="2026-Q4"):
        parse_period(text)


def test_months_in_quarter():
    assert months_in(parse_period("2026-Q4")) == [dt.date(2026, m, 1) for m in (10, 11, 12)]
