"""Instrument reliability: Cronbach's alpha with the Feldt interval (METHODS §8).

Alpha says whether the rating items of a questionnaire move together enough to
be summed into one index; the Feldt interval says how precisely we know that.
Only complete respondents (a valid 1-5 answer to every item) are used, because
alpha is defined on one covariance matrix of the same people.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from survey.stats.intervals import Interval


@dataclass(frozen=True)
class Alpha:
    value: float
    ci: Interval | None
    n: int  # complete respondents
    k: int  # items


def cronbach_alpha_from_cov(cov: np.ndarray, n: int) -> Alpha:
    """alpha = k/(k-1) (1 - trace(C) / sum(C)) with Feldt's F-based interval.

    lower = 1 - (1 - alpha) F(0.975; n-1, (n-1)(k-1)),
    upper = 1 - (1 - alpha) F(0.025; n-1, (n-1)(k-1)).
    The interval is None when n < 2 (no degrees of freedom).
    """
    cov = np.asarray(cov, dtype=float)
    k = cov.shape[0]
    if k < 2 or cov.shape != (k, k):
        raise ValueError("alpha needs a square covariance matrix of at least 2 items")
    total = float(cov.sum())
    value = k / (k - 1) * (1 - float(np.trace(cov)) / total) if total > 0 else math.nan
    if n < 2 or not math.isfinite(value):
        return Alpha(value, None, int(n), k)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    low = 1 - (1 - value) * stats.f.ppf(0.975, df1, df2)
    high = 1 - (1 - value) * stats.f.ppf(0.025, df1, df2)
    return Alpha(value, Interval(float(low), float(high)), int(n), k)


def cronbach_alpha(items: np.ndarray) -> Alpha:
    """Alpha from an (n, k) matrix of item scores; rows with any NaN are dropped."""
    items = np.asarray(items, dtype=float)
    complete = items[~np.isnan(items).any(axis=1)]
    if complete.shape[0] < 2:
        return Alpha(math.nan, None, int(complete.shape[0]), items.shape[1])
    return cronbach_alpha_from_cov(np.cov(complete, rowvar=False, ddof=1), complete.shape[0])
