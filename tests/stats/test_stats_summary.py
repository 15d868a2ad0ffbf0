"""The glue: summarise_unit / summarise_group against the JSON contract (DESIGN.md)."""
from __future__ import annotations

import json
import time

import numpy as np
import pytest

from survey.stats.intervals import newcombe_diff, wilson
from survey.stats.ratios import aspect_index, pooled_ratio
from survey.stats.summary import ScopeCounts, Thresholds, summarise_group, summarise_unit

from .helpers import DIMS, make_counts

UNIT_KEYS = {"unit", "period", "n", "satisfied", "rate", "ci", "verdict", "target",
             "reliability", "dimensions", "aspect_index", "mean_score", "all_round", "change",
             "verified_share", "flagged_share"}
GROUP_UNIT_KEYS = UNIT_KEYS | {"limits95", "limits998", "funnel", "eb_mean", "eb_ci",
                               "p_above_target", "rank_interval"}


def published_floats(obj, path=""):
    """Every float anywhere in a JSON-like structure, except the configured target."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k != "target":
                yield from published_floats(v, f"{path}.{k}")
    elif isinstance(obj, list | tuple):
        for i, v in enumerate(obj):
            yield from published_floats(v, f"{path}[{i}]")
    elif isinstance(obj, float):
        yield path, obj


def unit_json(cur, prev=None, target=0.8, th=None):
    return summarise_unit(cur, prev, target, th or Thresholds()).to_dict("U01", "2026-11")


def test_unit_dict_has_every_contract_key_and_is_strict_json():
    d = unit_json(make_counts(1, 300), make_counts(2, 250))
    assert UNIT_KEYS <= d.keys()
    assert {"key", "n", "rate", "ci"} <= d["dimensions"][0].keys()
    assert {"value", "ci"} <= d["aspect_index"].keys()
    assert {"value", "ci"} <= d["mean_score"].keys()
    assert {"rate", "ci"} <= d["all_round"].keys()
    assert d["change"].keys() >= {"diff", "ci", "verdict"}
    json.dumps(d, allow_nan=False)
    assert all(type(v) is float for _, v in published_floats(d))


def test_unit_figures_are_the_methods():
    cur, prev = make_counts(3, 400), make_counts(4, 350, p_satisfied=0.7)
    d = unit_json(cur, prev)
    ci = wilson(cur.overall_satisfied, cur.overall_n)
    assert d["rate"] == cur.overall_satisfied / cur.overall_n
    assert d["ci"] == [ci.low, ci.high]
    dim = pooled_ratio(cur.dim_s[:, 2], cur.dim_a[:, 2])
    assert (d["dimensions"][2]["key"], d["dimensions"][2]["rate"]) == (DIMS[2], dim.value)
    assert d["dimensions"][2]["ci"] == [dim.ci.low, dim.ci.high]
    assert d["aspect_index"]["value"] == pytest.approx(aspect_index(cur.dim_s, cur.dim_a).value)
    mean = cur.score_sum.sum() / cur.score_n.sum()
    assert d["mean_score"]["value"] == pytest.approx(mean)
    assert d["mean_score_100"]["value"] == pytest.approx(25 * (mean - 1))
    assert d["all_round"]["rate"] == cur.all_round_yes / cur.all_round_n
    ch = newcombe_diff(cur.overall_satisfied, cur.overall_n, prev.overall_satisfied,
                       prev.overall_n)
    assert d["change"] == {"diff": ch.diff, "ci": [ch.ci.low, ch.ci.high], "verdict": ch.verdict}
    assert d["verified_share"] == cur.verified / cur.responses
    assert d["flagged_share"] == cur.flagged / cur.responses
    assert d["reliability"] == "ok"
    assert d["verdict"] in {"above", "below", "indeterminate"}


def test_suppressed_unit_publishes_counts_but_no_figure():
    d = unit_json(make_counts(5, 9), make_counts(6, 300))
    assert d["n"] <= 9
    assert d["satisfied"] >= 0
    assert d["verdict"] == "insufficient"
    assert d["reliability"] == "suppressed"
    assert list(published_floats(d)) == []
    assert d["rate"] is None
    assert d["ci"] is None
    assert d["change"]["diff"] is None


def test_suppression_holds_even_when_dimensions_have_many_answers():
    big = make_counts(7, 200)
    few = ScopeCounts(**{**big.__dict__, "overall_n": 9, "overall_satisfied": 9,
                         "verified_overall_n": 5, "verified_overall_satisfied": 5})
    d = unit_json(few)
    assert list(published_floats(d)) == []
    assert all(dim["n"] >= 10 and dim["rate"] is None for dim in d["dimensions"])


def test_a_small_dimension_is_suppressed_and_takes_the_aspect_index_with_it():
    c = make_counts(8, 200)
    dim_a = c.dim_a.copy()
    dim_s = c.dim_s.copy()
    dim_a[9:, 4] = 0
    dim_s[9:, 4] = 0
    d = unit_json(ScopeCounts(**{**c.__dict__, "dim_a": dim_a, "dim_s": dim_s}))
    last = d["dimensions"][4]
    assert (last["n"], last["rate"], last["ci"], last["reliability"]) == (9, None, None,
                                                                         "suppressed")
    assert d["aspect_index"]["value"] is None
    assert d["aspect_index"]["ci"] is None
    assert d["rate"] is not None
    assert d["dimensions"][0]["rate"] is not None


def test_a_small_item_is_suppressed():
    c = make_counts(9, 100)
    items = dict(c.item_counts)
    items["rare"] = (5, 6, 94)
    d = unit_json(ScopeCounts(**{**c.__dict__, "item_counts": items}))
    rare = d["items"][-1]
    assert rare == {"key": "rare", "no_opinion": 94, "n": 6, "satisfied": 5, "rate": None,
                    "ci": None}


@pytest.mark.parametrize("prev", [None, "small"])
def test_change_is_null_without_a_publishable_previous_period(prev):
    previous = make_counts(11, 8) if prev else None
    d = unit_json(make_counts(10, 100), previous)
    assert d["change"] == {"diff": None, "ci": None, "verdict": None}
    assert d["aspect_index"]["change"]["diff"] is None


def test_ratio_changes_use_combined_standard_errors():
    cur, prev = make_counts(12, 300), make_counts(13, 300, p_satisfied=0.6)
    d = unit_json(cur, prev)
    a1, a0 = aspect_index(cur.dim_s, cur.dim_a), aspect_index(prev.dim_s, prev.dim_a)
    got = d["aspect_index"]["change"]
    assert got["diff"] == pytest.approx(a1.value - a0.value)
    half = 1.959963984540054 * np.hypot(a1.se, a0.se)
    assert got["ci"] == pytest.approx([got["diff"] - half, got["diff"] + half])
    assert got["verdict"] == "improved"


def test_verified_only_rate_needs_thirty_on_both_sides():
    c = make_counts(14, 200)
    shown = unit_json(c)
    assert shown["verified_rate"] == c.verified_overall_satisfied / c.verified_overall_n
    few = ScopeCounts(**{**c.__dict__, "verified_overall_n": 29, "verified_overall_satisfied": 20})
    assert unit_json(few)["verified_rate"] is None


def test_low_reliability_mark_and_configurable_thresholds():
    c = make_counts(15, 20)
    assert unit_json(c)["reliability"] == "low"
    strict = unit_json(c, th=Thresholds(min_n=25, low_n=50))
    assert strict["reliability"] == "suppressed"
    assert strict["rate"] is None


def test_empty_scope_and_response_rate():
    assert list(published_floats(unit_json(ScopeCounts.empty(DIMS)))) == []
    c = make_counts(16, 100)
    d = unit_json(ScopeCounts(**{**c.__dict__, "served": 400}))
    assert d["response_rate"] == 100 / 400


def test_inconsistent_counts_are_rejected():
    c = make_counts(17, 50)
    with pytest.raises(ValueError, match="exceeds"):
        ScopeCounts(**{**c.__dict__, "overall_satisfied": c.overall_n + 1})
    with pytest.raises(ValueError, match="cannot exceed"):
        ScopeCounts(**{**c.__dict__, "dim_s": c.dim_a + 1})


def group_units(sizes, seed=0):
    return [(f"U{i:03d}", make_counts(seed + i, n), None, 0.8) for i, n in enumerate(sizes)]


def test_group_contract_and_suppressed_members():
    units = group_units([120, 80, 5, 300, 60, 0])
    g = summarise_group(units, Thresholds(), "2026-11", "commune", seed=7)
    assert {"group", "period", "centre", "target", "overdispersion", "units", "n",
            "satisfied", "rate", "ci"} <= g.keys()
    assert g["overdispersion"].keys() >= {"phi", "tau2", "method"}
    json.dumps(g, allow_nan=False)
    for u in g["units"]:
        assert GROUP_UNIT_KEYS <= u.keys()
    small = g["units"][2]
    assert small["funnel"] == "not-plotted"
    assert list(published_floats(small)) == []
    plotted = [u for u in g["units"] if u["funnel"] != "not-plotted"]
    assert g["centre"] == sum(u["satisfied"] for u in plotted) / sum(u["n"] for u in plotted)
    assert g["n"] == sum(u["n"] for u in g["units"])
    assert g["rate"] == g["satisfied"] / g["n"]
    assert all(u["rank_interval"][0] >= 1 and u["rank_interval"][1] <= 4 for u in plotted)


def test_group_of_only_small_units_publishes_nothing():
    g = summarise_group(group_units([3, 4, 2]), Thresholds(), "2026-11", "x")
    assert g["centre"] is None
    assert g["rate"] is None
    assert list(published_floats(g)) == []


@pytest.mark.slow
def test_province_month_within_budget():
    """300 units, ~100k respondents: the DESIGN budget is 2 s for the comparison."""
    rng = np.random.default_rng(99)
    units = group_units(rng.integers(0, 660, size=300).tolist())
    start = time.perf_counter()
    g = summarise_group(units, Thresholds(), "2026-11", "all")
    assert time.perf_counter() - start < 2.0
    assert len(g["units"]) == 300


def test_questionnaire_without_dimensions_has_no_aspect_index():
    c = ScopeCounts(20, 20, 15, 0, (), np.zeros((20, 0)), np.zeros((20, 0)), np.full(20, 8.0),
                    np.full(20, 2.0), 20, 10, 0, 0, 0, 0)
    d = unit_json(c)
    assert d["dimensions"] == []
    assert d["aspect_index"]["value"] is None
    assert d["mean_score"]["value"] == 4.0
    assert d["rate"] == 0.75
