"""Plain-word verdicts from intervals and sample sizes (METHODS §2, §3).

Verdicts are decided on the interval, never on the point estimate: a unit at
81% out of 20 respondents has not shown that it meets an 80% target.
"""
from __future__ import annotations

from survey.stats.intervals import Interval


def target_verdict(ci: Interval, target: float) -> str:
    """'above' if L > T, 'below' if U < T, otherwise 'indeterminate'.

    Strict inequalities: an interval that touches the target is not evidence
    either way.
    """
    if ci.low > target:
        return "above"
    if ci.high < target:
        return "below"
    return "indeterminate"


def reliability(n: int, min_n: int = 10, low_n: int = 30) -> str:
    """'suppressed' below min_n (no rate published), 'low' below low_n, else 'ok'."""
    if n < min_n:
        return "suppressed"
    if n < low_n:
        return "low"
    return "ok"
