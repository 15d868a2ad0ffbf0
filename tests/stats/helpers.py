"""Shared helpers for the statistics tests: simulated respondents -> ScopeCounts.

The statistics package is tested on plain numbers only: these helpers play
the part of queries.py, turning simulated answers into the counts it hands over.
"""
from __future__ import annotations

import numpy as np

from survey.stats.counts import ScopeCounts

DIMS = ("access", "procedure", "staff", "result", "feedback")


def simulate_answers(rng: np.random.Generator, respondents: int, items_per_dim: int = 2,
                     p_satisfied: float = 0.8, p_no_opinion: float = 0.05) -> np.ndarray:
    """(R, 1 + K*items) answers 0-5: column 0 is the overall question, 0 = no opinion.

    A respondent effect makes answers within a respondent correlated, which is
    what the cluster (linearised) standard errors are for.
    """
    k = len(DIMS) * items_per_dim + 1
    mood = rng.normal(0, 1.0, size=(respondents, 1))
    base = np.log(p_satisfied / (1 - p_satisfied))
    sat = rng.random((respondents, k)) < 1 / (1 + np.exp(-(base + mood)))
    ans = np.where(sat, rng.integers(4, 6, (respondents, k)), rng.integers(1, 4, (respondents, k)))
    return np.where(rng.random((respondents, k)) < p_no_opinion, 0, ans)


def counts_from_answers(ans: np.ndarray, items_per_dim: int = 2, verified_share: float = 0.5,
                        rng: np.random.Generator | None = None) -> ScopeCounts:
    """Aggregate simulated answers exactly as queries.py is meant to."""
    rng = rng or np.random.default_rng(0)
    valid, sat = ans > 0, ans >= 4
    dims = np.repeat(np.arange(len(DIMS)), items_per_dim)
    s = np.stack([sat[:, 1:][:, dims == k].sum(1) for k in range(len(DIMS))], axis=1)
    a = np.stack([valid[:, 1:][:, dims == k].sum(1) for k in range(len(DIMS))], axis=1)
    rated = valid.any(axis=1)
    ver = rng.random(ans.shape[0]) < verified_share
    items = {f"{DIMS[d]}_{j}": (int(sat[:, 1 + i].sum()), int(valid[:, 1 + i].sum()),
                               int((ans[:, 1 + i] == 0).sum()))
             for i, (d, j) in enumerate((d, j) for d in range(len(DIMS))
                                        for j in range(items_per_dim))}
    return ScopeCounts(
        responses=ans.shape[0], overall_n=int(valid[:, 0].sum()),
        overall_satisfied=int(sat[:, 0].sum()), overall_no_opinion=int((ans[:, 0] == 0).sum()),
        dim_keys=DIMS, dim_s=s[rated], dim_a=a[rated],
        score_sum=np.where(valid, ans, 0).sum(1)[rated], score_n=valid.sum(1)[rated],
        all_round_n=int(rated.sum()), all_round_yes=int((rated & ~(valid & ~sat).any(1)).sum()),
        verified=int(ver.sum()), flagged=int((rng.random(ans.shape[0]) < 0.02).sum()),
        verified_overall_n=int((valid[:, 0] & ver).sum()),
        verified_overall_satisfied=int((sat[:, 0] & ver).sum()),
        item_counts=items)


def make_counts(seed: int, respondents: int, p_satisfied: float = 0.8) -> ScopeCounts:
    rng = np.random.default_rng(seed)
    return counts_from_answers(simulate_answers(rng, respondents, p_satisfied=p_satisfied),
                               rng=rng)
