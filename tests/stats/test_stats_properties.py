"""Property tests: what must hold for every input, not only the chosen vectors."""
from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.stats.funnel import P95, exact_limits
from survey.stats.intervals import newcombe_diff, wilson
from survey.stats.ratios import pooled_ratio
from survey.stats.summary import ScopeCounts, Thresholds, summarise_group, summarise_unit

from .test_stats_summary import published_floats

counts = st.integers(1, 5000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n)))


@given(counts)
def test_wilson_contains_estimate_and_stays_in_unit_interval(xn):
    x, n = xn
    ci = wilson(x, n)
    assert 0.0 <= ci.low <= x / n <= ci.high <= 1.0


@given(counts, st.integers(2, 20))
def test_wilson_narrows_as_n_grows_at_the_same_rate(xn, k):
    x, n = xn
    small, large = wilson(x, n), wilson(k * x, k * n)
    assert large.high - large.low < small.high - small.low


@given(counts, counts)
def test_newcombe_contains_the_difference(a, b):
    ch = newcombe_diff(*a, *b)
    assert -1.0 <= ch.ci.low <= ch.diff <= ch.ci.high <= 1.0


@given(st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), min_size=2, max_size=200))
def test_pooled_ratio_interval_contains_estimate_and_stays_in_unit_interval(rows):
    s = np.array([min(x, a) for x, a in rows], dtype=float)
    a = np.array([a for _, a in rows], dtype=float)
    est = pooled_ratio(s, a)
    if est.ci is not None:
        assert 0.0 <= est.ci.low <= est.value <= est.ci.high <= 1.0


@given(st.integers(10, 3000), st.floats(0.05, 0.95))
def test_exact_funnel_limits_bracket_the_centre(n, p0):
    lim = exact_limits(n, p0, P95)
    assert 0.0 <= lim.low <= p0 <= lim.high <= 1.0


@st.composite
def small_scopes(draw):
    """Any scope whose overall question has fewer than 10 answers, however
    many answers its dimensions, items and other counts have."""
    rows = draw(st.integers(0, 60))
    k = draw(st.integers(1, 5))
    a = np.array(draw(st.lists(st.integers(0, 4), min_size=rows * k, max_size=rows * k)))
    a = a.reshape(rows, k)
    s = np.minimum(a, draw(st.integers(0, 4)))
    n = draw(st.integers(0, 9))
    sat = draw(st.integers(0, n))
    vn = draw(st.integers(0, n))
    score_n = a.sum(axis=1) + 1
    items = {f"i{j}": (draw(st.integers(0, 50)), 50, 0) for j in range(draw(st.integers(0, 4)))}
    return ScopeCounts(
        responses=rows + n, overall_n=n, overall_satisfied=sat, overall_no_opinion=1,
        dim_keys=tuple(f"d{j}" for j in range(k)), dim_s=s, dim_a=a,
        score_sum=score_n * 4, score_n=score_n, all_round_n=rows, all_round_yes=rows // 2,
        verified=rows, flagged=1, verified_overall_n=vn, verified_overall_satisfied=min(vn, sat),
        item_counts=items, served=draw(st.one_of(st.none(), st.integers(1, 1000))))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(small_scopes(), st.one_of(st.none(), small_scopes()))
def test_suppression_never_leaks_a_rate(cur, prev):
    d = summarise_unit(cur, prev, 0.8, Thresholds()).to_dict("U", "2026-11")
    assert list(published_floats(d)) == []
    assert d["verdict"] == "insufficient"


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(small_scopes(), min_size=1, max_size=4))
def test_suppressed_units_in_a_group_leak_nothing(scopes):
    units = [(f"U{i}", c, None, 0.8) for i, c in enumerate(scopes)]
    g = summarise_group(units, Thresholds(), "2026-11", "g")
    for unit in g["units"]:
        assert list(published_floats(unit)) == []
        assert unit["funnel"] == "not-plotted"
    assert g["centre"] is None
    # the pooled group total is a figure of its own: published only at n >= 10
    assert (g["rate"] is None) == (g["n"] < 10)
