"""Funnel plot: control limits for comparing units (METHODS §6).

A funnel plot shows each unit's rate against its n with limits that widen for
small n, so a small office is not called "worst" for noise.  Limits are exact
binomial (Spiegelhalter 2005, Appendix A.1.1, interpolated so they are smooth
in n); when units differ more than binomial noise allows, an additive random
effect widens the limits rather than flagging half the province.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from survey.stats.intervals import Z95, Interval, clip

Z998 = 3.090232  # two-sided 99.8% normal quantile, as printed in METHODS §6
P95 = (0.025, 0.975)
P998 = (0.001, 0.999)


@dataclass(frozen=True)
class FunnelUnit:
    key: Hashable
    x: int
    n: int
    rate: float | None
    limits95: Interval | None
    limits998: Interval | None
    status: str  # in | alert-high | alert-low | alarm-high | alarm-low | not-plotted


@dataclass(frozen=True)
class FunnelResult:
    centre: float | None
    phi: float | None
    tau2: float | None
    method: str  # "binomial" | "additive-random-effects"
    units: tuple[FunnelUnit, ...]


def binomial_limit(n: int | np.ndarray, p0: float, p: float) -> float | np.ndarray:
    """Interpolated exact binomial quantile of the rate, Spiegelhalter A.1.1.

    r_p = smallest r with P(R <= r) >= p, R ~ Bin(n, p0);
    alpha = (P(R <= r_p) - p) / (P(R <= r_p) - P(R <= r_p - 1)); limit = (r_p - alpha) / n.
    Vectorised over n (a province compares hundreds of units at once).  At
    p0 = 0 or 1 the binomial is a point mass and so are the limits.
    """
    ns = np.asarray(n, dtype=float)
    if p0 <= 0 or p0 >= 1:
        out = np.full(ns.shape, float(p0 >= 1))
    else:
        r = stats.binom.ppf(p, ns, p0)
        for _ in range(3):  # guard ppf against floating-point rounding either way
            r = np.where((r > 0) & (stats.binom.cdf(r - 1, ns, p0) >= p), r - 1, r)
            r = np.where(stats.binom.cdf(r, ns, p0) < p, r + 1, r)
        upper, lower = stats.binom.cdf(r, ns, p0), stats.binom.cdf(r - 1, ns, p0)
        out = np.clip((r - (upper - p) / (upper - lower)) / ns, 0.0, 1.0)
    return float(out) if out.ndim == 0 else out


def exact_limits(n: int, p0: float, probs: tuple[float, float]) -> Interval:
    return Interval(float(binomial_limit(n, p0, probs[0])), float(binomial_limit(n, p0, probs[1])))


def normal_limits(n: int, p0: float, z: float = Z95, tau2: float = 0.0) -> Interval:
    """p0 +/- z sqrt(p0(1-p0)/n + tau2): the comparison form, and the random-effects form."""
    half = z * math.sqrt(p0 * (1 - p0) / n + tau2)
    return Interval(clip(p0 - half), clip(p0 + half))


def overdispersion(x: np.ndarray, n: np.ndarray, p0: float) -> tuple[float, float, str]:
    """(phi, tau2, method) from winsorised z-scores and a chi-square test (§6).

    z is winsorised at its 10th and 90th percentiles (numpy's default linear
    interpolation) so one extreme unit cannot declare the whole group
    overdispersed.  Random effects are used when I phi exceeds the 95% quantile
    of chi-square with I - 1 df.
    """
    count = x.size
    if count < 2 or not 0 < p0 < 1:
        return math.nan, 0.0, "binomial"
    var = p0 * (1 - p0) / n
    zs = (x / n - p0) / np.sqrt(var)
    lo, hi = np.percentile(zs, [10, 90])
    phi = float(np.mean(np.clip(zs, lo, hi) ** 2))
    if count * phi <= stats.chi2.ppf(0.95, count - 1):
        return phi, 0.0, "binomial"
    w = 1 / var
    tau2 = max(0.0, (count * phi - (count - 1)) / (w.sum() - (w * w).sum() / w.sum()))
    return phi, float(tau2), "additive-random-effects"


def status(rate: float, l95: Interval, l998: Interval) -> str:
    """Position against the limits; a rate exactly on a limit is inside."""
    if rate > l998.high:
        return "alarm-high"
    if rate < l998.low:
        return "alarm-low"
    if rate > l95.high:
        return "alert-high"
    if rate < l95.low:
        return "alert-low"
    return "in"


def _limit_arrays(ns: np.ndarray, p0: float, method: str, tau2: float) -> list[np.ndarray]:
    """[low95, high95, low998, high998] for every plotted n, computed in one pass."""
    if method == "binomial":
        return [binomial_limit(ns, p0, p) for p in (*P95, *P998)]
    out = []
    for z in (Z95, Z998):
        half = z * np.sqrt(p0 * (1 - p0) / ns + tau2)
        out += [np.clip(p0 - half, 0.0, 1.0), np.clip(p0 + half, 0.0, 1.0)]
    return out


def funnel(units: Sequence[tuple[Hashable, int, int]], min_n: int = 10) -> FunnelResult:
    """Centre, overdispersion and per-unit limits and status for (key, x, n) units.

    Units with n < min_n are listed as 'not-plotted' and take no part in the
    centre or the overdispersion estimate.
    """
    plotted = [u for u in units if u[2] >= min_n]
    if not plotted:
        return FunnelResult(None, None, None, "binomial", tuple(
            FunnelUnit(k, x, n, None, None, None, "not-plotted") for k, x, n in units))
    xs = np.array([u[1] for u in plotted], dtype=float)
    ns = np.array([u[2] for u in plotted], dtype=float)
    p0 = float(xs.sum() / ns.sum())
    phi, tau2, method = overdispersion(xs, ns, p0)
    l95lo, l95hi, l998lo, l998hi = _limit_arrays(ns, p0, method, tau2)
    out, i = [], 0
    for key, x, n in units:
        if n < min_n:
            out.append(FunnelUnit(key, x, n, None, None, None, "not-plotted"))
            continue
        l95 = Interval(float(l95lo[i]), float(l95hi[i]))
        l998 = Interval(float(l998lo[i]), float(l998hi[i]))
        out.append(FunnelUnit(key, x, n, x / n, l95, l998, status(x / n, l95, l998)))
        i += 1
    return FunnelResult(p0, None if math.isnan(phi) else phi, tau2, method, tuple(out))


def funnel_curves(p0: float, method: str, tau2: float, n_max: int, n_min: int = 10,
                  points: int = 80) -> list[list[float]]:
    """[[n, low95, high95, low998, high998], ...] over a log-spaced n grid, for drawing
    the funnel with the same limits the units are judged by."""
    if not math.isfinite(p0) or n_max < n_min:
        return []
    ns = np.unique(np.geomspace(n_min, n_max, points).round().astype(int))
    arrays = _limit_arrays(ns, p0, method, tau2)
    return [[int(n), *(float(a[i]) for a in arrays)] for i, n in enumerate(ns)]
