"""Confidence intervals for proportions and for differences (METHODS §1, §5).

Wilson rather than the textbook Wald interval because Wald collapses to a
zero-width interval at 0% or 100% and undercovers badly at the small n typical
of a commune office; Newcombe's hybrid score interval (his method 10) is the
matching interval for a difference of two rates.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

Z95 = 1.959963984540054
"""Two-sided 95% normal quantile, the platform-wide default."""


@dataclass(frozen=True)
class Interval:
    """A closed interval [low, high]; a value exactly on an end is inside."""

    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    def to_list(self) -> list[float]:
        """JSON form: a two-element list (the contract for every interval)."""
        return [float(self.low), float(self.high)]


@dataclass(frozen=True)
class Change:
    """A difference between two periods, its interval and the plain verdict."""

    diff: float
    ci: Interval
    verdict: str  # "improved" | "declined" | "no-change"


def clip(value: float, low: float = 0.0, high: float = 1.0) -> float:
    """Keep a limit inside the range the quantity can take (a rate is in [0, 1])."""
    return min(max(float(value), low), high)


def wilson(x: int, n: int, z: float = Z95) -> Interval:
    """Wilson score interval for x successes out of n (METHODS §1).

    Why: it never leaves [0, 1], is not degenerate at x = 0 or x = n and keeps
    close to nominal coverage down to n = 10, the suppression threshold.
    """
    if n <= 0:
        raise ValueError("wilson() needs n >= 1")
    if not 0 <= x <= n:
        raise ValueError("wilson() needs 0 <= x <= n")
    p = x / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # at x = 0 or x = n the limit is exactly 0 or 1; rounding must not move it
    low = 0.0 if x == 0 else clip(centre - half)
    high = 1.0 if x == n else clip(centre + half)
    return Interval(low, high)


def change_verdict(ci: Interval) -> str:
    """'improved' only if the whole interval is above 0, 'declined' if below."""
    if ci.low > 0:
        return "improved"
    if ci.high < 0:
        return "declined"
    return "no-change"


def newcombe_diff(x1: int, n1: int, x2: int, n2: int, z: float = Z95) -> Change:
    """p1 - p2 with Newcombe's hybrid score interval, method 10 (METHODS §5).

    Period 1 is the current period, period 2 the earlier one, so a positive
    difference is an improvement.  Built from the two Wilson intervals, so it
    inherits their good small-sample behaviour.
    """
    p1, p2 = x1 / n1, x2 / n2
    w1, w2 = wilson(x1, n1, z), wilson(x2, n2, z)
    d = p1 - p2
    low = d - math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2)
    high = d + math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2)
    ci = Interval(clip(low, -1.0, 1.0), clip(high, -1.0, 1.0))
    return Change(d, ci, change_verdict(ci))


def ratio_change(v1: float, se1: float, v2: float, se2: float, z: float = Z95) -> Change:
    """Change of a ratio index between two independent periods (METHODS §5).

    d = v1 - v2 with d +/- z sqrt(se1^2 + se2^2): the periods hold different
    respondents, so their variances add.  Not clipped: the index scale (rate
    or 1-5 mean) is the caller's.
    """
    d = v1 - v2
    half = z * math.sqrt(se1 * se1 + se2 * se2)
    ci = Interval(d - half, d + half)
    return Change(d, ci, change_verdict(ci))
