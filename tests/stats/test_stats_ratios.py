"""Linearised ratio SEs: against a direct loop of the formula and a bootstrap."""
from __future__ import annotations

import math

import numpy as np
import pytest

from survey.stats.intervals import Z95
from survey.stats.ratios import aspect_index, mean_score, pooled_ratio


def loop_ratio_se(s, a):
    """METHODS §4 written out term by term, as a reader would on paper."""
    pairs = [(si, ai) for si, ai in zip(s, a, strict=True) if ai > 0]
    n = len(pairs)
    total_s = sum(si for si, _ in pairs)
    total_a = sum(ai for _, ai in pairs)
    r = total_s / total_a
    acc = 0.0
    for si, ai in pairs:
        acc += (si - r * ai) ** 2
    return r, math.sqrt(n / (n - 1) * acc) / total_a


def loop_aspect(S, A, w):
    """Index and SE with influence values z_r = sum_k w_k (s_rk - R_k a_rk) / sum_r a_rk."""
    rows = [r for r in range(len(S)) if sum(A[r]) > 0]
    K = len(w)
    tot_a = [sum(A[r][k] for r in rows) for k in range(K)]
    rates = [sum(S[r][k] for r in rows) / tot_a[k] for k in range(K)]
    zs = [sum(w[k] * (S[r][k] - rates[k] * A[r][k]) / tot_a[k] for k in range(K)) for r in rows]
    mz = sum(zs) / len(zs)
    n = len(zs)
    se = math.sqrt(n / (n - 1) * sum((z - mz) ** 2 for z in zs))
    return sum(wk * rk for wk, rk in zip(w, rates, strict=True)), se


def clustered(rng, respondents, k=3):
    """Several correlated answers per respondent, some with none in a dimension."""
    a = rng.integers(0, k + 1, size=respondents)
    p = rng.beta(4, 1.5, size=respondents)
    s = rng.binomial(a, p)
    return s.astype(float), a.astype(float)


def test_pooled_ratio_matches_the_loop():
    rng = np.random.default_rng(1)
    s, a = clustered(rng, 250)
    est = pooled_ratio(s, a)
    r, se = loop_ratio_se(s, a)
    assert est.value == pytest.approx(r, rel=1e-12)
    assert est.se == pytest.approx(se, rel=1e-12)
    assert est.ci.low == pytest.approx(r - Z95 * se)
    assert est.n_respondents == int((a > 0).sum())
    assert est.denominator == a.sum()


def test_respondents_without_answers_are_not_clusters():
    s, a = np.array([2.0, 1, 3, 0]), np.array([3.0, 2, 3, 1])
    with_zero = pooled_ratio(np.append(s, [0, 0]), np.append(a, [0, 0]))
    plain = pooled_ratio(s, a)
    assert with_zero == plain
    assert plain.n_respondents == 4


def test_pooled_ratio_se_within_ten_percent_of_a_bootstrap():
    rng = np.random.default_rng(2)
    s, a = clustered(rng, 4000)
    s, a = s[a > 0], a[a > 0]
    idx = rng.integers(0, s.size, size=(1500, s.size))
    boot = s[idx].sum(axis=1) / a[idx].sum(axis=1)
    assert pooled_ratio(s, a).se == pytest.approx(boot.std(ddof=1), rel=0.10)


def test_clustered_se_is_wider_than_pretending_answers_are_independent():
    rng = np.random.default_rng(3)
    s, a = clustered(rng, 2000)
    est = pooled_ratio(s, a)
    naive = math.sqrt(est.value * (1 - est.value) / a.sum())
    assert est.se > naive


def test_pooled_ratio_clips_and_handles_empty():
    est = pooled_ratio([3, 3], [3, 3])
    assert est.value == 1.0
    assert est.se == 0.0
    assert est.ci.high == 1.0
    empty = pooled_ratio([0, 0], [0, 0])
    assert math.isnan(empty.value)
    assert empty.ci is None
    assert empty.n_respondents == 0
    single = pooled_ratio([1], [2])
    assert single.value == 0.5
    assert single.ci is None


@pytest.mark.parametrize("weights", [None, [1, 2, 1, 0.5]])
def test_aspect_index_matches_the_loop(weights):
    rng = np.random.default_rng(4)
    cols = [clustered(rng, 300) for _ in range(4)]
    S = np.stack([c[0] for c in cols], axis=1)
    A = np.stack([c[1] for c in cols], axis=1)
    w = np.ones(4) / 4 if weights is None else np.asarray(weights) / np.sum(weights)
    value, se = loop_aspect(S.tolist(), A.tolist(), list(w))
    est = aspect_index(S, A, weights)
    assert est.value == pytest.approx(value, rel=1e-12)
    assert est.se == pytest.approx(se, rel=1e-12)


def test_aspect_index_se_within_ten_percent_of_a_bootstrap():
    rng = np.random.default_rng(5)
    mood = rng.beta(4, 1.5, size=3000)
    A = rng.integers(0, 3, size=(3000, 5)).astype(float)
    S = rng.binomial(A.astype(int), mood[:, None]).astype(float)
    keep = A.sum(axis=1) > 0
    S, A = S[keep], A[keep]
    idx = rng.integers(0, S.shape[0], size=(800, S.shape[0]))
    boot = (S[idx].sum(axis=1) / A[idx].sum(axis=1)).mean(axis=1)
    assert aspect_index(S, A).se == pytest.approx(boot.std(ddof=1), rel=0.10)


def test_aspect_index_of_one_dimension_is_the_pooled_ratio():
    rng = np.random.default_rng(6)
    s, a = clustered(rng, 200)
    one = aspect_index(s[:, None], a[:, None])
    ref = pooled_ratio(s, a)
    assert one.value == pytest.approx(ref.value)
    assert one.se == pytest.approx(ref.se)


def test_aspect_index_needs_every_weighted_dimension():
    S = np.array([[1.0, 0], [2, 0]])
    A = np.array([[2.0, 0], [2, 0]])
    assert math.isnan(aspect_index(S, A).value)
    assert aspect_index(S, A, weights=[1, 0]).value == pytest.approx(0.75)


def test_mean_score_and_its_0_100_form():
    rng = np.random.default_rng(7)
    cnt = rng.integers(1, 8, size=500).astype(float)
    pts = np.array([rng.integers(1, 6, size=int(c)).sum() for c in cnt], dtype=float)
    m = mean_score(pts, cnt)
    r, se = loop_ratio_se(pts, cnt)
    assert m.mean.value == pytest.approx(r)
    assert m.mean.se == pytest.approx(se)
    assert m.score100.value == pytest.approx(25 * (r - 1))
    assert m.score100.se == pytest.approx(25 * se)
    assert m.score100.ci.low == pytest.approx(25 * (m.mean.ci.low - 1))
    assert m.score100.ci.high == pytest.approx(25 * (m.mean.ci.high - 1))


def test_mean_score_interval_stays_on_the_scale():
    m = mean_score([5, 5, 5, 10], [1, 1, 1, 2])
    assert m.mean.value == 5.0
    assert m.mean.ci.high == 5.0
    assert m.score100.ci.high == 100.0
