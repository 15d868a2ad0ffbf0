"""Counting in SQL, the same on SQLite and PostgreSQL; the stats JSON contract."""

from __future__ import annotations

import datetime as dt
import json
import random

import numpy as np
import pytest

from survey import queries, statistics
from survey.extensions import db
from survey.periods import parse_period
from survey.stats.intervals import wilson
from tests.conftest import answer

UNIT_KEYS = {"unit", "period", "n", "satisfied", "rate", "ci", "verdict", "target",
             "reliability", "dimensions", "aspect_index", "mean_score", "all_round", "change",
             "verified_share", "flagged_share"}
GROUP_UNIT_KEYS = UNIT_KEYS | {"limits95", "limits998", "funnel", "eb_mean", "eb_ci",
                               "p_above_target", "rank_interval"}


def stats_json(runner, *args):
    result = runner.invoke(args=["stats", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_periods_are_cut_in_local_time(province, runner):
    _, channels = province
    answer(channels["SO-A"], dt.datetime(2026, 11, 30, 16, 59), 5)  # 23:59 local, 30/11
    answer(channels["SO-A"], dt.datetime(2026, 11, 30, 17, 0), 1)   # 00:00 local, 1/12
    db.session.commit()
    november = stats_json(runner, "--period", "2026-11", "--unit", "SO-A")
    december = stats_json(runner, "--period", "2026-12", "--unit", "SO-A")
    assert (november["n"], november["satisfied"]) == (1, 1)
    assert (december["n"], december["satisfied"]) == (1, 0)


def test_unit_json_has_every_contract_field_and_right_numbers(province, runner):
    _, channels = province
    rng = random.Random(7)
    sat = 0
    for i in range(120):
        overall = rng.choice([5, 5, 4, 4, 4, 3, 2, 1, 0])
        sat += overall >= 4
        answer(channels["SO-A"], dt.datetime(2026, 11, 3, 2) + dt.timedelta(minutes=i),
               overall, {"tiep_can": rng.randint(1, 5), "thu_tuc": rng.choice([0, 3, 4, 5])},
               flags=("fast",) if i % 10 == 0 else (), verified=i % 4 == 0)
    db.session.commit()
    data = stats_json(runner, "--period", "2026-11", "--unit", "SO-A")
    assert UNIT_KEYS <= data.keys()
    valid = 120 - round(120 / 9)  # the 0s are no opinion
    assert data["n"] == db.session.execute(db.text(
        "SELECT count(*) FROM answer WHERE item_key='overall' AND value BETWEEN 1 AND 5"
    )).scalar()
    assert data["satisfied"] == sat and data["n"] >= valid - 15
    interval = wilson(data["satisfied"], data["n"])
    assert data["ci"] == pytest.approx([interval.low, interval.high])
    assert data["flagged_share"] == pytest.approx(12 / 120)
    assert data["verified_share"] == pytest.approx(30 / 120)
    assert {d["key"] for d in data["dimensions"]} == {"tiep_can", "thu_tuc"}
    assert data["change"]["diff"] is None  # no previous month


def test_sql_counts_match_a_direct_count(province):
    _, channels = province
    rng = random.Random(3)
    truth_s, truth_a = [], []
    for i in range(60):
        values = {k: rng.choice([0, 1, 2, 3, 4, 5]) for k in ("tiep_can", "cong_chuc")}
        answer(channels["SO-B"], dt.datetime(2026, 10, 5, 3) + dt.timedelta(minutes=i), 4,
               values)
        truth_s.append([int(values[k] >= 4) for k in ("tiep_can", "cong_chuc")])
        truth_a.append([int(values[k] >= 1) for k in ("tiep_can", "cong_chuc")])
    db.session.commit()
    scope = statistics.unit_scope(db.session, queries.unit_by_code("SO-B"))
    counts = statistics.counts_for(db.session, scope, parse_period("2026-10"))
    assert counts.dim_keys == ("tiep_can", "cong_chuc")  # the order the form asks them
    assert np.array_equal(np.sort(counts.dim_s, axis=0), np.sort(np.array(truth_s), axis=0))
    assert counts.dim_a.sum() == np.array(truth_a).sum()
    assert counts.item_counts["overall"] == (60, 60, 0)


def test_small_units_are_suppressed_everywhere(province, runner):
    _, channels = province
    for i in range(9):
        answer(channels["SO-B"], dt.datetime(2026, 11, 2, 3, i), 5, {"tiep_can": 5})
    db.session.commit()
    data = stats_json(runner, "--period", "2026-11", "--unit", "SO-B")
    assert data["reliability"] == "suppressed" and data["verdict"] == "insufficient"
    assert data["rate"] is None and data["ci"] is None
    assert all(d["rate"] is None for d in data["dimensions"])
    assert data["aspect_index"]["value"] is None and data["mean_score"]["value"] is None
    assert data["n"] == 9  # counts stay


def test_merged_unit_includes_predecessors_history(province, runner):
    _, channels = province
    for i in range(12):
        answer(channels["X-A"], dt.datetime(2026, 5, 4, 3, i), 5)
        answer(channels["X-B"], dt.datetime(2026, 5, 4, 4, i), 2)
    for i in range(10):
        answer(channels["X-C"], dt.datetime(2026, 8, 4, 3, i), 4)
    db.session.commit()
    year = stats_json(runner, "--period", "2026", "--unit", "X-C")
    assert (year["n"], year["satisfied"]) == (34, 22)
    group = stats_json(runner, "--period", "2026", "--group", "commune")
    assert [u["unit"] for u in group["units"]] == ["X-C"]  # predecessors folded in
    may = stats_json(runner, "--period", "2026-05", "--group", "commune")
    assert sorted(u["unit"] for u in may["units"]) == ["X-A", "X-B"]


def test_subtree_scope(province, runner):
    _, channels = province
    for i in range(15):
        answer(channels["H-1"], dt.datetime(2026, 11, 4, 3, i), 5)
        answer(channels["X-C"], dt.datetime(2026, 11, 4, 4, i), 1)
    db.session.commit()
    alone = stats_json(runner, "--period", "2026-11", "--unit", "H-1")
    tree = stats_json(runner, "--period", "2026-11", "--unit", "H-1", "--subtree")
    assert (alone["n"], tree["n"], tree["satisfied"]) == (15, 30, 15)


def test_group_json_contract(province, runner):
    _, channels = province
    rng = random.Random(11)
    for code, p, n in (("SO-A", 0.9, 200), ("SO-B", 0.6, 150), ("H-1", 0.8, 5)):
        for i in range(n):
            answer(channels[code], dt.datetime(2026, 11, 6, 1) + dt.timedelta(minutes=i),
                   5 if rng.random() < p else 2)
    db.session.commit()
    data = stats_json(runner, "--period", "2026-11", "--group", "all")
    assert {"centre", "overdispersion", "units"} <= data.keys()
    assert data["overdispersion"].keys() >= {"phi", "tau2", "method"}
    by_code = {u["unit"]: u for u in data["units"]}
    for unit in by_code.values():
        assert GROUP_UNIT_KEYS <= unit.keys()
    small = by_code["H-1"]
    assert small["funnel"] == "not-plotted" and small["rate"] is None
    assert small["eb_mean"] is None and small["rank_interval"] is None
    assert by_code["SO-B"]["verdict"] == "below"
    # Two very different units: overdispersion is detected and absorbed by tau^2.
    assert data["overdispersion"]["method"] == "additive-random-effects"
    assert data["overdispersion"]["tau2"] > 0 and by_code["SO-A"]["funnel"] == "in"
    n_a, n_b = by_code["SO-A"]["n"], by_code["SO-B"]["n"]
    x_a, x_b = by_code["SO-A"]["satisfied"], by_code["SO-B"]["satisfied"]
    assert data["centre"] == pytest.approx((x_a + x_b) / (n_a + n_b))


def test_stats_command_refuses_bad_arguments(province, runner):
    for args, message in ((["--period", "2026-13", "--unit", "SO-A"], "not a period"),
                          (["--period", "2026-11", "--unit", "NOPE"], "does not exist"),
                          (["--period", "2026-11", "--group", "village"], "neither"),
                          (["--period", "2026-11"], "exactly one")):
        result = runner.invoke(args=["stats", *args])
        assert result.exit_code == 1 and message in result.output


def test_packed_scan_agrees_with_plain_group_by(province):
    """respondent_rows packs every count into a few integers; unpacked, the item counts
    and dimension sums must equal a plain GROUP BY and a direct sum over the answers."""
    _, channels = province
    rng = random.Random(17)
    for i in range(150):
        code = rng.choice(["SO-A", "SO-B", "H-1"])
        values = {k: rng.choice([0, 1, 2, 3, 4, 5])
                  for k in ("tiep_can", "thu_tuc", "cong_chuc", "ket_qua", "phan_anh")
                  if rng.random() < 0.8}
        answer(channels[code], dt.datetime(2026, 9, 2, 1) + dt.timedelta(minutes=i),
               rng.choice([None, 0, 1, 2, 3, 4, 5]), values)
    db.session.commit()
    ids = [queries.unit_by_code(code).id for code in ("SO-A", "SO-B", "H-1")]
    start, end = dt.date(2026, 9, 1), dt.date(2026, 9, 30)
    rows = queries.respondent_rows(db.session, ids, start, end)
    assert rows.item_counts == queries.item_counts(db.session, ids, start, end)
    valid_by_dimension = db.session.execute(db.text(
        "SELECT qi.dimension, count(*) FROM answer a JOIN response r ON r.id = a.response_id "
        "JOIN questionnaire_item qi ON qi.questionnaire_id = r.questionnaire_id "
        "AND qi.key = a.item_key WHERE a.value BETWEEN 1 AND 5 AND qi.dimension IS NOT NULL "
        "GROUP BY qi.dimension")).all()
    dims = rows.matrix[:, 9:][:, 1::2].sum(axis=0)
    assert dict(zip(rows.dim_keys, dims.tolist(), strict=True)) == {
        key: n for key, n in valid_by_dimension} | {
        key: 0 for key in rows.dim_keys if key not in dict(valid_by_dimension)}
