"""Beta-binomial empirical Bayes against an independent fit and scipy's beta."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, special, stats

from survey.stats.bayes import MAX_CONCENTRATION, empirical_bayes, fit_beta_binomial


def own_loglik(log_ab, x, n):
    """Beta-binomial log-likelihood written with gammaln, not scipy.stats.betabinom."""
    a, b = np.exp(log_ab)
    return float(np.sum(special.gammaln(n + 1) - special.gammaln(x + 1) - special.gammaln(n - x + 1)
                        + special.betaln(x + a, n - x + b) - special.betaln(a, b)))


def overdispersed(seed, units=80, a=30.0, b=8.0):
    rng = np.random.default_rng(seed)
    n = rng.integers(15, 400, size=units)
    return rng.binomial(n, rng.beta(a, b, size=units)), n


def test_fit_matches_an_independent_nelder_mead_fit():
    x, n = overdispersed(31)
    fit = fit_beta_binomial(x, n)
    ref = optimize.minimize(lambda t: -own_loglik(t, x, n), np.log([5.0, 2.0]),
                            method="Nelder-Mead", options={"xatol": 1e-9, "fatol": 1e-11,
                                                           "maxiter": 5000})
    assert not fit.capped
    assert (fit.a, fit.b) == pytest.approx(tuple(np.exp(ref.x)), rel=1e-3)
    assert fit.loglik == pytest.approx(-ref.fun, abs=1e-6)


def test_fit_recovers_the_prior_mean_on_a_large_sample():
    x, n = overdispersed(32, units=400)
    fit = fit_beta_binomial(x, n)
    assert fit.a / (fit.a + fit.b) == pytest.approx(30 / 38, abs=0.01)
    assert fit.a + fit.b == pytest.approx(38, rel=0.35)


def test_no_overdispersion_gives_a_huge_capped_concentration_and_no_crash():
    n = np.full(30, 200)
    x = np.full(30, 160)  # identical rates: less spread than binomial noise
    fit = fit_beta_binomial(x, n)
    assert fit.capped
    assert fit.a + fit.b == pytest.approx(MAX_CONCENTRATION, rel=1e-3)
    assert fit.a / (fit.a + fit.b) == pytest.approx(0.8, abs=1e-6)


def test_posterior_summaries_match_scipy_beta():
    x, n = overdispersed(33, units=25)
    units = [(f"u{i}", int(xi), int(ni)) for i, (xi, ni) in enumerate(zip(x, n, strict=True))]
    res = empirical_bayes(units, 0.8)
    a, b = res.fit.a, res.fit.b
    for (_, xi, ni), e in zip(units, res.units, strict=True):
        post = stats.beta(a + xi, b + ni - xi)
        assert e.mean == pytest.approx((a + xi) / (a + b + ni))
        assert (e.ci.low, e.ci.high) == pytest.approx((post.ppf(0.025), post.ppf(0.975)))
        assert e.p_above_target == pytest.approx(1 - post.cdf(0.8))
        assert e.ci.low <= e.mean <= e.ci.high


def test_shrinkage_pulls_small_units_harder():
    units = [(i, 160, 200) for i in range(10)] + [(i + 10, 120, 200) for i in range(10)]
    units += [("small", 10, 10), ("big", 1000, 1000)]
    res = {e.key: e for e in empirical_bayes(units, 0.8).units}
    assert 1 - res["small"].mean > 1 - res["big"].mean


def test_rank_intervals_are_reproducible_and_sensible():
    units = [("top", 980, 1000), ("mid", 800, 1000), ("low", 500, 1000),
             ("noisy", 9, 10), ("mid2", 790, 1000)]
    one = empirical_bayes(units, 0.8)
    two = empirical_bayes(units, 0.8)
    ranks = {e.key: e.rank_interval for e in one.units}
    assert ranks == {e.key: e.rank_interval for e in two.units}
    assert ranks["top"][0] == 1
    assert ranks["low"] == (5, 5)
    assert ranks["noisy"][1] - ranks["noisy"][0] >= 2  # a small unit's rank is uncertain
    assert all(isinstance(v, int) for r in ranks.values() for v in r)
    assert all(lo <= hi for lo, hi in ranks.values())


def test_a_different_seed_may_move_ranks_but_not_the_posterior():
    units = [(i, 150 + i, 200) for i in range(12)]
    a = empirical_bayes(units, 0.8, seed=1)
    b = empirical_bayes(units, 0.8, seed=2)
    assert [e.mean for e in a.units] == [e.mean for e in b.units]


def test_empirical_bayes_refuses_an_empty_group():
    with pytest.raises(ValueError, match="at least one unit"):
        empirical_bayes([], 0.8)


def test_rank_intervals_match_a_loop_over_the_same_draws():
    """Same seed, same draws; ranks by scipy.rankdata, limits by the inverted CDF."""
    import math

    from survey.stats.bayes import rank_intervals

    alpha = np.array([80.0, 78, 60, 9, 75, 30])
    beta = np.array([20.0, 22, 40, 2, 25, 10])
    draws = 1000
    sims = np.random.default_rng(5).beta(alpha, beta, size=(draws, alpha.size))
    ranks = np.array([stats.rankdata(-row) for row in sims])
    expected = []
    for col in ranks.T:
        ordered = np.sort(col)
        expected.append((int(ordered[math.ceil(0.025 * draws) - 1]),
                         int(ordered[math.ceil(0.975 * draws) - 1])))
    assert rank_intervals(alpha, beta, seed=5, draws=draws) == expected
