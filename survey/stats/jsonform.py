"""Plain-JSON shapes of the summaries (the ``stats --format json`` contract).

Only shaping: numpy scalars become Python floats, nan becomes None, intervals
become two-element lists.  No rounding (formatting is the reports' job) and
no statistics: whatever was suppressed upstream is already None.
"""
from __future__ import annotations

import math
from typing import Any

from survey.stats.intervals import Change, Interval


def num(x: Any) -> float | None:
    """A JSON number, or None for a missing or undefined value."""
    if x is None:
        return None
    x = float(x)
    return x if math.isfinite(x) else None


def interval(ci: Interval | None) -> list[float] | None:
    return None if ci is None else [float(ci.low), float(ci.high)]


def change_dict(ch: Change | None) -> dict:
    """Always the three keys; all None when either period is suppressed."""
    if ch is None:
        return {"diff": None, "ci": None, "verdict": None}
    return {"diff": num(ch.diff), "ci": interval(ch.ci), "verdict": ch.verdict}


def rate_dict(r: Any) -> dict:
    return {"n": r.n, "satisfied": r.satisfied, "rate": num(r.rate), "ci": interval(r.ci)}


def estimate_dict(est: Any, change: Change | None = None, with_change: bool = True) -> dict:
    """A ratio estimate as {value, ci, se, n[, change]}; None fields when withheld."""
    out = {"value": None, "ci": None, "se": None, "n": None}
    if est is not None:
        out = {"value": num(est.value), "ci": interval(est.ci), "se": num(est.se),
               "n": est.n_respondents}
    if with_change:
        out["change"] = change_dict(change)
    return out


def share(part: int, whole: int | None, publish: bool) -> float | None:
    """part / whole, withheld for a suppressed unit like every other float."""
    return part / whole if publish and whole else None


def unit_dict(s: Any, unit_code: str, period_label: str) -> dict:
    """Every key of the unit contract; extra keys only add, never replace."""
    pub, o, v = not s.suppressed, s.overall, s.verified_only
    return {
        "unit": unit_code, "period": period_label, "n": o.n, "satisfied": o.satisfied,
        "no_opinion": s.no_opinion, "responses": s.responses,
        "rate": num(o.rate), "ci": interval(o.ci), "verdict": s.verdict,
        "target": s.target, "reliability": s.reliability,
        "dimensions": [{"key": d.key, "n": d.n, "answers": d.answers, "satisfied": d.satisfied,
                        "rate": num(d.estimate.value) if d.estimate else None,
                        "ci": interval(d.estimate.ci) if d.estimate else None,
                        "reliability": d.reliability} for d in s.dimensions],
        "items": [{"key": i.key, "no_opinion": i.no_opinion, **rate_dict(i.rate)}
                  for i in s.items],
        "aspect_index": estimate_dict(s.aspect, s.aspect_change),
        "mean_score": estimate_dict(s.mean and s.mean.mean, s.mean_change),
        "mean_score_100": estimate_dict(s.mean and s.mean.score100, with_change=False),
        "all_round": rate_dict(s.all_round),
        "change": change_dict(s.change),
        "verified": s.verified, "flagged": s.flagged,
        "verified_share": share(s.verified, s.responses, pub),
        "flagged_share": share(s.flagged, s.responses, pub),
        "verified_n": v.n, "verified_satisfied": v.satisfied,
        "verified_rate": num(v.rate), "verified_ci": interval(v.ci),
        "served": s.served, "response_rate": share(s.responses, s.served, pub),
    }
