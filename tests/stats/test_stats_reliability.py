"""Cronbach's alpha and the Feldt interval (METHODS §8)."""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from survey.stats.reliability import cronbach_alpha, cronbach_alpha_from_cov

COV = np.array([[10, 6, 6, 6], [6, 11, 6, 6], [6, 6, 12, 6], [6, 6, 6, 13]], dtype=float)


def test_published_vector():
    assert round(cronbach_alpha_from_cov(COV, 100).value, 6) == 0.813559


def test_feldt_interval_against_scipy_f():
    res = cronbach_alpha_from_cov(COV, 60)
    df1, df2 = 59, 59 * 3
    lower = 1 - (1 - 48 / 59) * stats.f.ppf(0.975, df1, df2)
    upper = 1 - (1 - 48 / 59) * stats.f.ppf(0.025, df1, df2)
    assert res.value == pytest.approx(48 / 59)
    assert (res.ci.low, res.ci.high) == pytest.approx((lower, upper))
    assert res.ci.low < res.value < res.ci.high


def test_items_matrix_uses_complete_respondents_only():
    rng = np.random.default_rng(41)
    trait = rng.normal(size=(300, 1))
    items = np.clip(np.round(3 + trait + rng.normal(scale=0.8, size=(300, 5))), 1, 5)
    ref = cronbach_alpha_from_cov(np.cov(items, rowvar=False), 300)
    holes = items.copy()
    holes[:7, 2] = np.nan
    got = cronbach_alpha(holes)
    assert cronbach_alpha(items).value == pytest.approx(ref.value)
    assert got.n == 293
    assert got.k == 5
    assert got.value == pytest.approx(cronbach_alpha_from_cov(np.cov(items[7:], rowvar=False),
                                                              293).value)


def test_manual_alpha_from_variances():
    rng = np.random.default_rng(42)
    items = rng.integers(1, 6, size=(50, 3)).astype(float)
    k = 3
    manual = k / (k - 1) * (1 - items.var(axis=0, ddof=1).sum() / items.sum(axis=1).var(ddof=1))
    assert cronbach_alpha(items).value == pytest.approx(manual)


def test_degenerate_inputs():
    assert math.isnan(cronbach_alpha(np.array([[1.0, 2.0]])).value)
    with pytest.raises(ValueError, match="square"):
        cronbach_alpha_from_cov(np.array([[1.0]]), 10)
