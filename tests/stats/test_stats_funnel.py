"""Funnel limits and overdispersion against METHODS §6 and scipy's binomial."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from survey.stats.funnel import (
    P95,
    P998,
    Z998,
    binomial_limit,
    exact_limits,
    funnel,
    normal_limits,
    status,
)
from survey.stats.intervals import Interval


@pytest.mark.parametrize(("n", "normal", "exact"), [
    (100, (0.7216, 0.8784), (0.7135, 0.8703)),
    (300, (0.7547, 0.8453), (0.7521, 0.8427)),
])
def test_worked_limits(n, normal, exact):
    lim = normal_limits(n, 0.8)
    assert (round(lim.low, 4), round(lim.high, 4)) == normal
    lim = exact_limits(n, 0.8, P95)
    assert (round(lim.low, 4), round(lim.high, 4)) == exact


def independent_limit(n, p0, p):
    """A.1.1 from the probability mass function, without binom.ppf."""
    cdf = np.cumsum(stats.binom.pmf(np.arange(n + 1), n, p0))
    r = int(np.argmax(cdf >= p - 1e-12))
    below = cdf[r - 1] if r > 0 else 0.0
    return (r - (cdf[r] - p) / (cdf[r] - below)) / n


def test_exact_limits_match_a_pmf_implementation():
    rng = np.random.default_rng(21)
    ns = rng.integers(10, 3000, size=60)
    for p0 in (0.55, 0.8, 0.93):
        for p in (*P95, *P998):
            got = binomial_limit(ns, p0, p)
            ref = [independent_limit(int(n), p0, p) for n in ns]
            np.testing.assert_allclose(got, np.clip(ref, 0, 1), atol=1e-9)


def test_exact_limits_at_the_extremes_are_the_point_mass():
    assert exact_limits(50, 1.0, P95) == Interval(1.0, 1.0)
    assert exact_limits(50, 0.0, P998) == Interval(0.0, 0.0)


def test_a_unit_exactly_on_a_limit_is_inside():
    l95, l998 = Interval(0.7, 0.9), Interval(0.6, 0.95)
    assert status(0.9, l95, l998) == "in"
    assert status(0.7, l95, l998) == "in"
    assert status(0.95, l95, l998) == "alert-high"
    assert status(0.6, l95, l998) == "alert-low"
    assert status(0.951, l95, l998) == "alarm-high"
    assert status(0.59, l95, l998) == "alarm-low"


def test_small_units_are_listed_not_plotted_and_do_not_move_the_centre():
    units = [("a", 80, 100), ("b", 160, 200), ("tiny", 0, 9), ("c", 240, 300)]
    res = funnel(units)
    assert res.centre == pytest.approx(480 / 600)
    tiny = res.units[2]
    assert (tiny.status, tiny.limits95, tiny.limits998, tiny.rate) == ("not-plotted", None,
                                                                       None, None)
    assert [u.key for u in res.units] == ["a", "b", "tiny", "c"]


def test_homogeneous_units_use_exact_binomial_limits():
    rng = np.random.default_rng(22)
    ns = rng.integers(20, 400, size=40)
    xs = rng.binomial(ns, 0.8)
    units = [(i, int(x), int(n)) for i, (x, n) in enumerate(zip(xs, ns, strict=True))]
    res = funnel(units)
    assert res.method == "binomial"
    assert res.tau2 == 0.0
    u = res.units[0]
    assert u.limits95 == exact_limits(u.n, res.centre, P95)
    assert u.limits998 == exact_limits(u.n, res.centre, P998)


def manual_overdispersion(x, n):
    p0 = x.sum() / n.sum()
    s2 = p0 * (1 - p0) / n
    z = (x / n - p0) / np.sqrt(s2)
    lo, hi = np.percentile(z, 10), np.percentile(z, 90)
    phi = np.mean(np.minimum(np.maximum(z, lo), hi) ** 2)
    w = 1 / s2
    tau2 = max(0.0, (len(x) * phi - (len(x) - 1)) / (w.sum() - (w**2).sum() / w.sum()))
    return p0, phi, tau2, len(x) * phi > stats.chi2.ppf(0.95, len(x) - 1)


def test_overdispersed_units_use_additive_random_effects():
    rng = np.random.default_rng(23)
    ns = rng.integers(50, 500, size=60)
    xs = rng.binomial(ns, rng.beta(16, 4, size=60))
    res = funnel([(i, int(x), int(n)) for i, (x, n) in enumerate(zip(xs, ns, strict=True))])
    p0, phi, tau2, re = manual_overdispersion(xs.astype(float), ns.astype(float))
    assert re
    assert res.method == "additive-random-effects"
    assert (res.centre, res.phi, res.tau2) == pytest.approx((p0, phi, tau2), rel=1e-12)
    u = res.units[0]
    half95 = 1.959963984540054 * np.sqrt(p0 * (1 - p0) / u.n + tau2)
    half998 = Z998 * np.sqrt(p0 * (1 - p0) / u.n + tau2)
    clip = lambda v: min(max(v, 0.0), 1.0)  # noqa: E731
    assert (u.limits95.low, u.limits95.high) == pytest.approx((p0 - half95, clip(p0 + half95)))
    assert (u.limits998.low, u.limits998.high) == pytest.approx((p0 - half998,
                                                                 clip(p0 + half998)))


def test_one_outlier_is_winsorised_and_does_not_force_random_effects():
    units = [(i, 160, 200) for i in range(19)] + [("odd", 100, 200)]
    res = funnel(units)
    assert res.method == "binomial"
    odd = res.units[-1]
    assert odd.status == "alarm-low"
    assert all(u.status == "in" for u in res.units[:-1])


def test_statuses_reach_every_value():
    units = [(i, 800, 1000) for i in range(30)]
    units += [("hi", 830, 1000), ("HI", 850, 1000), ("lo", 770, 1000), ("LO", 750, 1000)]
    got = {u.key: u.status for u in funnel(units).units}
    assert (got["hi"], got["HI"], got["lo"], got["LO"]) == ("alert-high", "alarm-high",
                                                            "alert-low", "alarm-low")


def test_funnel_curves_pass_through_the_worked_limits():
    from survey.stats.funnel import funnel_curves

    curve = {row[0]: row[1:] for row in funnel_curves(0.8, "binomial", 0.0, 300, points=400)}
    assert curve[100][:2] == pytest.approx([0.7135, 0.8703], abs=5e-5)
    assert curve[300][:2] == pytest.approx([0.7521, 0.8427], abs=5e-5)
    assert funnel_curves(float("nan"), "binomial", 0.0, 300) == []
