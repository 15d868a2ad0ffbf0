"""Wilson, Newcombe and the verdicts against METHODS.md vectors and statsmodels."""
from __future__ import annotations

import math

import numpy as np
import pytest
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_confint

from survey.stats.intervals import Z95, Interval, newcombe_diff, ratio_change, wilson
from survey.stats.verdicts import reliability, target_verdict


@pytest.mark.parametrize(("x", "n", "low", "high", "places"), [
    (81, 263, 0.2553, 0.3662, 4),
    (15, 148, 0.0624, 0.1605, 4),
    (18, 20, 0.69897, 0.97213, 5),
    (4, 20, 0.08066, 0.41602, 5),
])
def test_wilson_published_vectors(x, n, low, high, places):
    ci = wilson(x, n)
    assert round(ci.low, places) == low
    assert round(ci.high, places) == high


def test_z95_is_the_normal_quantile():
    from scipy.stats import norm
    assert Z95 == pytest.approx(norm.ppf(0.975), abs=1e-15)


@pytest.mark.parametrize(("x", "n", "low", "high", "verdict"), [
    (176, 200, 0.8277, 0.9180, "above"),
    (170, 200, 0.7939, 0.8929, "indeterminate"),
    (45, 50, 0.7864, 0.9565, "indeterminate"),
])
def test_target_verdict_vectors(x, n, low, high, verdict):
    ci = wilson(x, n)
    assert (round(ci.low, 4), round(ci.high, 4)) == (low, high)
    assert target_verdict(ci, 0.80) == verdict


def test_target_verdict_is_strict_at_the_target():
    assert target_verdict(Interval(0.80, 0.9), 0.80) == "indeterminate"
    assert target_verdict(Interval(0.7, 0.80), 0.80) == "indeterminate"
    assert target_verdict(Interval(0.8000001, 0.9), 0.80) == "above"
    assert target_verdict(Interval(0.6, 0.7999999), 0.80) == "below"


def test_point_estimate_above_target_is_not_above():
    # 17/20 = 85% looks like "met the target"; its interval says we cannot tell
    assert target_verdict(wilson(17, 20), 0.80) == "indeterminate"


@pytest.mark.parametrize(("n", "label"), [(0, "suppressed"), (9, "suppressed"), (10, "low"),
                                          (29, "low"), (30, "ok"), (5000, "ok")])
def test_reliability_thresholds(n, label):
    assert reliability(n) == label


def test_reliability_thresholds_are_configurable():
    assert reliability(12, min_n=15, low_n=50) == "suppressed"
    assert reliability(40, min_n=15, low_n=50) == "low"


@pytest.mark.parametrize(("x1", "n1", "x2", "n2", "d", "low", "high"), [
    (56, 70, 48, 80, 0.2, 0.0524, 0.3339),
    (9, 10, 3, 10, 0.6, 0.1705, 0.8090),
])
def test_newcombe_published_vectors(x1, n1, x2, n2, d, low, high):
    ch = newcombe_diff(x1, n1, x2, n2)
    assert ch.diff == pytest.approx(d, abs=1e-12)
    assert (round(ch.ci.low, 4), round(ch.ci.high, 4)) == (low, high)
    assert ch.verdict == "improved"


def test_newcombe_verdicts_both_ways():
    assert newcombe_diff(48, 80, 56, 70).verdict == "declined"
    assert newcombe_diff(50, 70, 55, 80).verdict == "no-change"


def test_wilson_matches_statsmodels_on_random_counts():
    rng = np.random.default_rng(11)
    for _ in range(500):
        n = int(rng.integers(1, 5000))
        x = int(rng.integers(0, n + 1))
        ref = proportion_confint(x, n, method="wilson")
        ci = wilson(x, n)
        assert ci.low == pytest.approx(max(ref[0], 0.0), abs=1e-12)
        assert ci.high == pytest.approx(min(ref[1], 1.0), abs=1e-12)


def test_newcombe_matches_statsmodels_newcomb_on_random_counts():
    """statsmodels' "newcomb" is the Wilson-based hybrid score interval without
    continuity correction, i.e. Newcombe's method 10 (see its source)."""
    rng = np.random.default_rng(12)
    for _ in range(300):
        n1, n2 = (int(v) for v in rng.integers(1, 2000, 2))
        x1, x2 = int(rng.integers(0, n1 + 1)), int(rng.integers(0, n2 + 1))
        low, high = confint_proportions_2indep(x1, n1, x2, n2, method="newcomb")
        ch = newcombe_diff(x1, n1, x2, n2)
        assert (ch.ci.low, ch.ci.high) == pytest.approx((low, high), abs=1e-12)


def test_ratio_change_combines_standard_errors():
    ch = ratio_change(0.85, 0.03, 0.80, 0.04)
    half = Z95 * 0.05
    assert ch.diff == pytest.approx(0.05)
    assert (ch.ci.low, ch.ci.high) == pytest.approx((0.05 - half, 0.05 + half))
    assert ch.verdict == "no-change"
    assert ratio_change(0.9, 0.01, 0.8, 0.01).verdict == "improved"
    assert ratio_change(0.7, 0.01, 0.8, 0.01).verdict == "declined"


def test_wilson_rejects_impossible_counts():
    with pytest.raises(ValueError, match="n >= 1"):
        wilson(0, 0)
    with pytest.raises(ValueError, match="0 <= x <= n"):
        wilson(11, 10)


def test_wilson_is_not_degenerate_at_the_edges():
    assert wilson(0, 10).high > 0.2
    assert wilson(10, 10).low < 0.8
    assert not math.isclose(wilson(10, 10).low, 1.0)
