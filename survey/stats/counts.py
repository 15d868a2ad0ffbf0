"""The input contract: what the SQL aggregation produces for one scope and period.

queries.py does the counting in the database (GROUP BY); this dataclass is
the hand-over point, so the statistics never see a model object.  Everything
here is a count or a per-respondent count; "no opinion" answers are counted
separately and never enter a denominator.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from survey.stats.intervals import Z95


@dataclass(frozen=True)
class Thresholds:
    """Configuration of the standard: small-number thresholds, default target, z."""

    min_n: int = 10  # below: suppressed ("Chưa đủ dữ liệu")
    low_n: int = 30  # below: low-reliability mark; also the §9 verified-only threshold
    target: float = 0.80
    z: float = Z95


@dataclass(frozen=True, eq=False)
class ScopeCounts:
    """Counts for one scope (unit or subtree) and one period.

    responses: counted responses (valid, not excluded; flagged ones included).
    overall_n / overall_satisfied / overall_no_opinion: the overall question.
    dim_keys, dim_s, dim_a: per respondent (rows) and dimension (columns), the
        satisfied (4-5) and valid (1-5) answers; rows are respondents with at
        least one valid rating answer, in any order.
    score_sum, score_n: per respondent, the sum and count of valid 1-5 rating
        answers over all rating items, the overall question included.
    all_round_n / all_round_yes: respondents with >= 1 valid rating / those
        whose every valid rating is 4-5.
    verified / flagged: responses that came with a one-time code / are flagged.
    verified_overall_n / verified_overall_satisfied: the overall question on
        verified responses only (METHODS §9).
    item_counts: item key -> (satisfied, valid, no_opinion), in display order.
    served: dossiers or visits served in the period, when imported (else None).
    """

    responses: int
    overall_n: int
    overall_satisfied: int
    overall_no_opinion: int
    dim_keys: tuple[str, ...]
    dim_s: np.ndarray
    dim_a: np.ndarray
    score_sum: np.ndarray
    score_n: np.ndarray
    all_round_n: int
    all_round_yes: int
    verified: int
    flagged: int
    verified_overall_n: int
    verified_overall_satisfied: int
    item_counts: Mapping[str, tuple[int, int, int]] = field(default_factory=dict)
    served: int | None = None

    def __post_init__(self) -> None:
        """Normalise arrays to float matrices and reject inconsistent counts early."""
        k = len(self.dim_keys)
        object.__setattr__(self, "dim_keys", tuple(self.dim_keys))
        for name in ("dim_s", "dim_a"):
            matrix = np.asarray(getattr(self, name), float)
            if matrix.ndim != 2:  # reshape(-1, 0) is ambiguous: a flat input needs k > 0
                matrix = matrix.reshape(-1, k) if k else matrix.reshape(matrix.size, 0)
            object.__setattr__(self, name, matrix)
        for name in ("score_sum", "score_n"):
            object.__setattr__(self, name, np.asarray(getattr(self, name), float).reshape(-1))
        if self.dim_s.shape != self.dim_a.shape or self.score_sum.shape != self.score_n.shape:
            raise ValueError("per-respondent arrays must come in matching pairs")
        if np.any(self.dim_s > self.dim_a) or np.any(self.dim_a < 0):
            raise ValueError("satisfied answers cannot exceed valid answers")
        pairs = [(self.overall_satisfied, self.overall_n), (self.all_round_yes, self.all_round_n),
                 (self.verified_overall_satisfied, self.verified_overall_n)]
        if any(not 0 <= x <= n for x, n in pairs):
            raise ValueError("a count of satisfied respondents exceeds its n")

    @classmethod
    def empty(cls, dim_keys: tuple[str, ...] = ()) -> ScopeCounts:
        """A scope with no responses (a new unit, a quiet month)."""
        k = len(dim_keys)
        return cls(0, 0, 0, 0, tuple(dim_keys), np.zeros((0, k)), np.zeros((0, k)),
                   np.zeros(0), np.zeros(0), 0, 0, 0, 0, 0, 0)
