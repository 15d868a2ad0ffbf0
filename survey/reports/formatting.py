"""Vietnamese formatting of numbers, dates and periods for reports (Jinja filters).

Every function takes plain values and returns text. A missing figure (None) prints as
an em dash: in the platform a null figure means "suppressed" (fewer than 10 respondents)
or "not known", and a report must never print a number in its place.

Rounding is half-up on the decimal value (0.8745 -> "87,5%"), not the binary float,
so that a printed figure agrees with what a reader gets by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from survey.periods import parse_period

MISSING = "—"
MINUS = "−"  # U+2212: a real minus sign, not a hyphen
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _round(value, digits: int) -> Decimal:
    quantum = Decimal(1).scaleb(-digits)
    return Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def decimal_vi(value, digits: int = 1) -> str:
    """4.213 -> "4,2"; 12345.6 -> "12.345,6" (dot groups thousands, comma decimals)."""
    if _is_missing(value):
        return MISSING
    rounded = _round(value, digits)
    sign = MINUS if rounded < 0 else ""
    whole, _, fraction = f"{abs(rounded):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + fraction if fraction else "")


def num(value, digits: int = 0) -> str:
    """12345 -> "12.345"."""
    return decimal_vi(value, digits)


def pct(value, digits: int = 1) -> str:
    """0.8743 -> "87,4%"; None -> "—"."""
    if _is_missing(value):
        return MISSING
    return decimal_vi(Decimal(str(value)) * 100, digits) + "%"


def probability(value) -> str:
    """A posterior probability, never shown as a certainty: 0.999 -> "> 99%"."""
    if _is_missing(value):
        return MISSING
    if value >= 0.995:
        return "> 99%"
    if value <= 0.005:
        return "< 1%"
    return pct(value, 0)


def pct_target(value) -> str:
    """A policy target: 0.8 -> "80%", 0.825 -> "82,5%" (no useless ",0")."""
    if _is_missing(value):
        return MISSING
    hundred = Decimal(str(value)) * 100
    return pct(value, 0 if hundred == hundred.to_integral_value() else 1)


def _pair(interval):
    if interval is None or len(interval) != 2 or any(_is_missing(v) for v in interval):
        return None
    return interval


def pct_ci(interval, digits: int = 1) -> str:
    """[0.821, 0.910] -> "82,1–91,0%"; None or [None, None] -> "—"."""
    pair = _pair(interval)
    if pair is None:
        return MISSING
    low, high = pair
    return f"{decimal_vi(Decimal(str(low)) * 100, digits)}–{pct(high, digits)}"


def num_ci(interval, digits: int = 2) -> str:
    """[4.15, 4.27] -> "4,15–4,27"."""
    pair = _pair(interval)
    if pair is None:
        return MISSING
    return f"{decimal_vi(pair[0], digits)}–{decimal_vi(pair[1], digits)}"


def points(diff, digits: int = 1) -> str:
    """A difference of two rates in percentage points: 0.032 -> "+3,2 điểm %"."""
    if _is_missing(diff):
        return MISSING
    text = decimal_vi(Decimal(str(diff)) * 100, digits)
    if not text.startswith(MINUS) and _round(Decimal(str(diff)) * 100, digits) != 0:
        text = "+" + text
    return text + " điểm %"


def points_ci(interval, digits: int = 1) -> str:
    """[-0.015, 0.079] -> "−1,5 đến +7,9 điểm %"."""
    pair = _pair(interval)
    if pair is None:
        return MISSING
    low, high = (points(v, digits).removesuffix(" điểm %") for v in pair)
    return f"{low} đến {high} điểm %"


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def date_vi(value) -> str:
    """date(2026, 11, 28) -> "28/11/2026" (also accepts an ISO string)."""
    if value is None:
        return MISSING
    return _as_date(value).strftime("%d/%m/%Y")


def long_date_vi(place: str, value) -> str:
    """The place-and-date line of Decree 30/2020: "Phú Thọ, ngày 28 tháng 11 năm 2026".

    The Decree asks for a leading zero on days below 10 and on months 1 and 2
    ("ngày 05 tháng 02 năm 2026", but "tháng 3").
    """
    day = _as_date(value)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


# --- periods (parsed by survey.periods, the CLI's own parser) -------------------------

# kind -> (long form for text, short form for chart ticks)
PERIOD_FORMS = {
    "month": ("Tháng {month}/{year}", "T{month}/{year}"),
    "quarter": ("Quý {quarter}/{year}", "Q{quarter}/{year}"),
    "half": ("6 tháng {half_word} năm {year}", "6T{half}/{year}"),
    "year": ("Năm {year}", "{year}"),
    "range": ("Từ {start} đến {end}", "{start_day}–{end}"),
}


def _period_fields(period: str) -> tuple[str, dict]:
    p = parse_period(period)
    month = p.start.month
    return p.kind, {
        "month": month, "year": p.start.year, "quarter": ROMAN_QUARTERS[(month + 2) // 3],
        "half": 1 if month <= 6 else 2, "half_word": "đầu" if month <= 6 else "cuối",
        "start": date_vi(p.start), "end": date_vi(p.end), "start_day": f"{p.start:%d/%m}",
    }


def period_vi(period: str) -> str:
    """"2026-11" -> "Tháng 11/2026", "2026-Q4" -> "Quý IV/2026", "2026-H2" -> "6 tháng
    cuối năm 2026", "2026" -> "Năm 2026", "2026-10-01..2026-11-15" -> "Từ 01/10/2026
    đến 15/11/2026"."""
    kind, fields = _period_fields(period)
    return PERIOD_FORMS[kind][0].format(**fields)


def period_short(period: str) -> str:
    """A chart tick: "2026-11" -> "T11/2026", "2026-Q4" -> "QIV/2026", "2026-H2" ->
    "6T2/2026", "2026" -> "2026", a range -> "01/10–15/11/2026"."""
    kind, fields = _period_fields(period)
    return PERIOD_FORMS[kind][1].format(**fields)


def previous_period_vi(period: str) -> str:
    """The previous period of the same length, as it reads after "So với":
    "2026-01" -> "Tháng 12/2025"; a date range -> "kỳ từ 16/08/2026 đến 14/09/2026"."""
    previous = parse_period(period).previous()
    words = period_vi(previous.label)
    return "kỳ " + words[0].lower() + words[1:] if previous.kind == "range" else words
