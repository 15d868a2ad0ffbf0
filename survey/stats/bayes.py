"""Beta-binomial empirical Bayes for ordering units (METHODS §7).

A raw league table ranks noise: the commune with 9/9 tops the province.  Here
every unit's rate is shrunk towards the group in proportion to how little data
it has, and ranks come with intervals simulated from the posteriors.  The
shrunk estimate is only for ordering; the published rate stays the raw rate
with its Wilson interval.
"""
from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special, stats

from survey.stats.intervals import Interval

DEFAULT_SEED = 20251
MAX_CONCENTRATION = 1e6  # cap on a + b: "no overdispersion" means a + b -> infinity
MIN_CONCENTRATION = 1e-3


@dataclass(frozen=True)
class BetaFit:
    a: float
    b: float
    loglik: float
    capped: bool  # a + b hit the cap: the units look like pure binomial noise


@dataclass(frozen=True)
class EBUnit:
    key: Hashable
    mean: float
    ci: Interval
    p_above_target: float
    rank_interval: tuple[int, int]  # 1 = highest rate


@dataclass(frozen=True)
class EBResult:
    fit: BetaFit
    units: tuple[EBUnit, ...]


def _negloglik(theta: np.ndarray, x: np.ndarray, n: np.ndarray) -> float:
    mu, conc = special.expit(theta[0]), math.exp(theta[1])
    return -float(stats.betabinom.logpmf(x, n, mu * conc, (1 - mu) * conc).sum())


def fit_beta_binomial(x: Sequence[int], n: Sequence[int],
                      max_concentration: float = MAX_CONCENTRATION) -> BetaFit:
    """Maximum-likelihood Beta(a, b) for counts x_i ~ BetaBin(n_i, a, b).

    Optimised on the log scale as theta = (logit(a/(a+b)), log(a+b)), bounded so
    that a + b <= max_concentration.  Without overdispersion the likelihood
    keeps rising slowly as a + b grows, so a start at the cap competes with a
    method-of-moments start and the better likelihood wins.
    """
    x, n = np.asarray(x, dtype=float), np.asarray(n, dtype=float)
    pooled = min(max(x.sum() / n.sum(), 1e-6), 1 - 1e-6)
    logit = float(special.logit(pooled))
    bounds = [(-14.0, 14.0), (math.log(MIN_CONCENTRATION), math.log(max_concentration))]
    starts = [np.array([logit, bounds[1][1]]), np.array([logit, _moments_log_conc(x, n, bounds)])]
    best = min((optimize.minimize(_negloglik, s, args=(x, n), method="L-BFGS-B", bounds=bounds)
                for s in starts), key=lambda r: r.fun)
    mu, conc = special.expit(best.x[0]), math.exp(best.x[1])
    capped = best.x[1] >= bounds[1][1] - 1e-3
    return BetaFit(float(mu * conc), float((1 - mu) * conc), -float(best.fun), bool(capped))


def _moments_log_conc(x: np.ndarray, n: np.ndarray, bounds: list) -> float:
    """log(a+b) from the method of moments: a start value, not an estimate."""
    y = x / n
    m, v = y.mean(), y.var()
    binom_part = np.mean(m * (1 - m) / n)
    between = v - binom_part
    conc = m * (1 - m) / between - 1 if between > 0 else math.exp(bounds[1][1])
    return float(np.clip(math.log(max(conc, MIN_CONCENTRATION)), *bounds[1]))


def rank_intervals(alpha: np.ndarray, beta: np.ndarray, seed: int = DEFAULT_SEED,
                   draws: int = 4000) -> list[tuple[int, int]]:
    """2.5%-97.5% of ranks (1 = highest) over draws from the Beta posteriors.

    A fixed seed makes a published report reproducible.  Quantiles use the
    inverted CDF so the limits are ranks that were actually simulated.
    """
    rng = np.random.default_rng(seed)
    sims = rng.beta(alpha, beta, size=(draws, alpha.size))
    ranks = (-sims).argsort(axis=1).argsort(axis=1) + 1
    low = np.quantile(ranks, 0.025, axis=0, method="inverted_cdf")
    high = np.quantile(ranks, 0.975, axis=0, method="inverted_cdf")
    return [(int(lo), int(hi)) for lo, hi in zip(low, high, strict=True)]


def empirical_bayes(units: Sequence[tuple[Hashable, int, int]], targets: float | Sequence[float],
                    seed: int = DEFAULT_SEED, draws: int = 4000) -> EBResult:
    """Posterior mean (a + x)/(a + b + n), 95% equal-tailed interval, P(p > T), ranks.

    ``units`` are the plotted units only (n >= min_n), as (key, x, n).
    """
    if not units:
        raise ValueError("empirical_bayes() needs at least one unit")
    x = np.array([u[1] for u in units], dtype=float)
    n = np.array([u[2] for u in units], dtype=float)
    fit = fit_beta_binomial(x, n)
    post_a, post_b = fit.a + x, fit.b + n - x
    target = np.broadcast_to(np.asarray(targets, dtype=float), x.shape)
    low, high = stats.beta.ppf([[0.025], [0.975]], post_a, post_b)
    p_above = stats.beta.sf(target, post_a, post_b)
    ranks = rank_intervals(post_a, post_b, seed, draws)
    out = tuple(
        EBUnit(u[0], float(post_a[i] / (post_a[i] + post_b[i])),
               Interval(float(low[i]), float(high[i])), float(p_above[i]), ranks[i])
        for i, u in enumerate(units))
    return EBResult(fit, out)
