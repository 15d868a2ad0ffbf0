"""Reports as bytes, by unit code or group and a period string: what the CLI and the
web pages call (one code path for both)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from .. import queries
from ..periods import parse_period
from . import assemble
from .pdf import render_comparison_report, render_unit_report


class ReportError(ValueError):
    pass


def unit_report_pdf(session: Session, code: str, period_text: str) -> bytes:
    unit = queries.unit_by_code(code)
    if unit is None:
        raise ReportError(f"unit '{code}' does not exist")
    context = assemble.unit_context(session, unit, parse_period(period_text))
    return render_unit_report(context)


def comparison_report_pdf(session: Session, group: str, period_text: str) -> bytes:
    context = assemble.comparison_context(session, group, parse_period(period_text))
    return render_comparison_report(context)
