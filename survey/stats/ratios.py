"""Pooled ratio estimates with linearised (Taylor) standard errors (METHODS §4).

A dimension has several items, so one respondent gives several answers that
are not independent.  Treating respondents as clusters and linearising the
ratio R = sum s / sum a gives an honest standard error (the one R's
``survey::svyratio`` reports for a one-stage cluster design with replacement).

Choice documented here and in docs/methods.md: a respondent with no valid
answer in a dimension (a_r = 0) is *not* a cluster for that dimension.  Their
residual s_r - R a_r is 0 anyway; counting them would only inflate n/(n-1) and
the reported n, so a dimension's n is the respondents who actually rated it.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from survey.stats.intervals import Z95, Interval, clip


@dataclass(frozen=True)
class RatioEstimate:
    """A ratio, its standard error and interval; se and ci are nan/None when n < 2."""

    value: float
    se: float
    ci: Interval | None
    n_respondents: int
    denominator: float


@dataclass(frozen=True)
class MeanScore:
    """Mean score on the 1-5 scale and the same figure on the 0-100 scale."""

    mean: RatioEstimate
    score100: RatioEstimate


def _interval(value: float, se: float, z: float, bounds: tuple[float, float]) -> Interval | None:
    if not math.isfinite(se):
        return None
    return Interval(clip(value - z * se, *bounds), clip(value + z * se, *bounds))


def linearised_se(influence: np.ndarray) -> float:
    """sqrt(n/(n-1) * sum (z_r - mean z)^2) over n clusters; nan if n < 2."""
    n = influence.size
    if n < 2:
        return math.nan
    dev = influence - influence.mean()
    return math.sqrt(n / (n - 1) * float(dev @ dev))


def pooled_ratio(
    s: Sequence[float] | np.ndarray,
    a: Sequence[float] | np.ndarray,
    z: float = Z95,
    bounds: tuple[float, float] = (0.0, 1.0),
) -> RatioEstimate:
    """R = sum s / sum a with SE = sqrt(n/(n-1) sum (s_r - R a_r)^2) / sum a.

    s and a are per-respondent numerators and denominators.  Rows with a_r = 0
    are dropped (see the module docstring).  The interval is R +/- z SE,
    clipped to ``bounds``.  With no valid answer at all the value is nan.
    """
    s = np.asarray(s, dtype=float)
    a = np.asarray(a, dtype=float)
    keep = a > 0
    s, a = s[keep], a[keep]
    total = float(a.sum())
    if total <= 0:
        return RatioEstimate(math.nan, math.nan, None, 0, 0.0)
    r = float(s.sum()) / total
    se = linearised_se((s - r * a) / total)
    return RatioEstimate(r, se, _interval(r, se, z, bounds), int(a.size), total)


def aspect_index(
    S: np.ndarray, A: np.ndarray, weights: Sequence[float] | None = None, z: float = Z95
) -> RatioEstimate:
    """Weighted mean of the K dimension rates with its linearised SE (§4).

    S and A are (R, K): satisfied and valid answers per respondent and
    dimension.  Weights are normalised to sum to 1 (equal by default).  The
    influence value of respondent r is z_r = sum_k w_k (s_rk - R_k a_rk) /
    sum_r a_rk; clusters are respondents with at least one valid answer in any
    dimension.  Every dimension must have answers: a composite missing an
    aspect is a different index, so the value is nan then.
    """
    S = np.asarray(S, dtype=float)
    A = np.asarray(A, dtype=float)
    k = S.shape[1]
    w = np.full(k, 1.0 / k) if weights is None else np.asarray(weights, float) / np.sum(weights)
    rows = A.sum(axis=1) > 0
    S, A = S[rows], A[rows]
    totals = A.sum(axis=0)
    if S.shape[0] == 0 or np.any(totals[w > 0] <= 0):
        return RatioEstimate(math.nan, math.nan, None, int(S.shape[0]), float(totals.sum()))
    totals = np.where(totals > 0, totals, 1.0)  # only zero-weight columns can be empty here
    rates = S.sum(axis=0) / totals
    value = float(w @ rates)
    influence = ((S - rates * A) / totals) @ w
    se = linearised_se(influence)
    return RatioEstimate(value, se, _interval(value, se, z, (0.0, 1.0)), int(S.shape[0]),
                         float(A.sum()))


def mean_score(
    points_sum: Sequence[float] | np.ndarray,
    valid_count: Sequence[float] | np.ndarray,
    z: float = Z95,
) -> MeanScore:
    """Mean of valid 1-5 answers as a ratio (points / answers) and its 0-100 form.

    The 0-100 form is 25 (mean - 1): 1 -> 0, 3 -> 50, 5 -> 100.  It is a linear
    map, so its SE is 25 SE and its interval the mapped interval.
    """
    m = pooled_ratio(points_sum, valid_count, z, bounds=(1.0, 5.0))
    ci100 = None if m.ci is None else Interval(25 * (m.ci.low - 1), 25 * (m.ci.high - 1))
    s100 = RatioEstimate(25 * (m.value - 1), 25 * m.se, ci100, m.n_respondents, m.denominator)
    return MeanScore(m, s100)
