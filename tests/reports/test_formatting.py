"""Vietnamese formatting: decimal commas, dd/mm/yyyy, Decree 30 date lines, periods."""

import datetime as dt

import pytest

from survey.reports import formatting as f


@pytest.mark.parametrize(("value", "text"), [
    (0.8743, "87,4%"), (0.8745, "87,5%"), (0.8, "80,0%"), (1, "100,0%"), (0.0004, "0,0%"),
    (None, "—"), (float("nan"), "—"),
])
def test_pct(value, text):
    assert f.pct(value) == text


def test_pct_digits_and_target():
    assert f.pct(0.87436, 2) == "87,44%"
    assert f.pct_target(0.8) == "80%"
    assert f.pct_target(0.825) == "82,5%"


@pytest.mark.parametrize(("interval", "text"), [
    ([0.821, 0.910], "82,1–91,0%"), (None, "—"), ([None, None], "—"), ([0.5, None], "—"),
])
def test_pct_ci(interval, text):
    assert f.pct_ci(interval) == text


@pytest.mark.parametrize(("value", "digits", "text"), [
    (12345, 0, "12.345"), (1234567, 0, "1.234.567"), (999, 0, "999"), (4.213, 2, "4,21"),
    (80.25, 1, "80,3"), (-1500.5, 1, "−1.500,5"), (None, 0, "—"),
])
def test_num(value, digits, text):
    assert f.num(value, digits) == text


def test_points_are_signed_percentage_points():
    assert f.points(0.0312) == "+3,1 điểm %"
    assert f.points(-0.0231) == "−2,3 điểm %"
    assert f.points(0.0) == "0,0 điểm %"
    assert f.points_ci([-0.0231, 0.0857]) == "−2,3 đến +8,6 điểm %"
    assert f.points(None) == "—"


def test_probability_never_prints_certainty():
    assert f.probability(0.999) == "> 99%"
    assert f.probability(0.001) == "< 1%"
    assert f.probability(0.5) == "50%"


def test_dates():
    assert f.date_vi(dt.date(2026, 11, 28)) == "28/11/2026"
    assert f.date_vi(dt.datetime(2026, 1, 5, 10, 30)) == "05/01/2026"
    assert f.date_vi("2026-03-07") == "07/03/2026"
    assert f.date_vi(None) == "—"


@pytest.mark.parametrize(("day", "text"), [
    (dt.date(2026, 11, 28), "Phú Thọ, ngày 28 tháng 11 năm 2026"),
    # Decree 30/2020: a leading zero for days below 10 and for months 1 and 2 only
    (dt.date(2026, 2, 5), "Phú Thọ, ngày 05 tháng 02 năm 2026"),
    (dt.date(2026, 3, 9), "Phú Thọ, ngày 09 tháng 3 năm 2026"),
])
def test_long_date(day, text):
    assert f.long_date_vi("Phú Thọ", day) == text


@pytest.mark.parametrize(("period", "long", "short"), [
    ("2026-11", "Tháng 11/2026", "T11/2026"),
    ("2026-03", "Tháng 3/2026", "T3/2026"),
    ("2026-Q4", "Quý IV/2026", "QIV/2026"),
    ("2026-H1", "6 tháng đầu năm 2026", "6T1/2026"),
    ("2026-H2", "6 tháng cuối năm 2026", "6T2/2026"),
    ("2026", "Năm 2026", "2026"),
    ("2026-10-01..2026-11-15", "Từ 01/10/2026 đến 15/11/2026", "01/10–15/11/2026"),
])
def test_periods(period, long, short):
    assert f.period_vi(period) == long
    assert f.period_short(period) == short


@pytest.mark.parametrize(("period", "previous"), [
    ("2026-01", "Tháng 12/2025"), ("2026-Q1", "Quý IV/2025"), ("2026-H2", "6 tháng đầu năm 2026"),
    ("2026", "Năm 2025"), ("2026-10-01..2026-10-10", "kỳ từ 21/09/2026 đến 30/09/2026"),
])
def test_previous_period(period, previous):
    assert f.previous_period_vi(period) == previous


def test_bad_period_is_refused():
    with pytest.raises(ValueError, match="not a period"):
        f.period_vi("November")
