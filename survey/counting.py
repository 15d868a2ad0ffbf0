"""Folding the per-respondent rows that queries.respondent_rows returns into the
statistics' input (ScopeCounts). No SQL here: the counting itself is a GROUP BY in
queries.py; this slices its rows per scope with numpy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .stats.summary import ScopeCounts

# Fixed columns of the per-respondent matrix, before the pivoted dimension columns.
UNIT, VERIFIED, FLAGGED, O_S, O_A, O_Z, V_SUM, V_N, V_LOW = range(9)
FIXED_COLUMNS = 9


@dataclass(frozen=True)
class RespondentRows:
    """Per respondent: unit id, flags, overall counts, score sums, then for each
    dimension key its satisfied and valid counts (columns s, a alternating)."""

    dim_keys: tuple[str, ...]
    matrix: np.ndarray  # (R, 9 + 2K) integers

    def for_units(self, unit_ids: Iterable[int]) -> np.ndarray:
        return self.matrix[np.isin(self.matrix[:, UNIT], list(unit_ids))]


def scope_counts(rows: np.ndarray, dim_keys: tuple[str, ...],
                 items: dict[str, tuple[int, int, int]], served_total: int | None
                 ) -> ScopeCounts:
    """Fold the per-respondent rows of one scope into the stats' input."""
    k = len(dim_keys)
    dims = rows[:, FIXED_COLUMNS:FIXED_COLUMNS + 2 * k]
    dim_s, dim_a = dims[:, 0::2], dims[:, 1::2]
    rated = rows[:, V_N] > 0
    used = dim_a[rated].sum(axis=0) > 0  # only dimensions this scope's forms ask
    overall_valid = rows[:, O_A] > 0
    verified = rows[:, VERIFIED] == 1
    return ScopeCounts(
        responses=len(rows),
        overall_n=int(overall_valid.sum()),
        overall_satisfied=int((rows[:, O_S] > 0).sum()),
        overall_no_opinion=int(((rows[:, O_Z] > 0) & ~overall_valid).sum()),
        dim_keys=tuple(key for key, keep in zip(dim_keys, used, strict=True) if keep),
        dim_s=dim_s[rated][:, used], dim_a=dim_a[rated][:, used],
        score_sum=rows[rated, V_SUM], score_n=rows[rated, V_N],
        all_round_n=int(rated.sum()),
        all_round_yes=int((rated & (rows[:, V_LOW] == 0)).sum()),
        verified=int(verified.sum()), flagged=int((rows[:, FLAGGED] == 1).sum()),
        verified_overall_n=int((verified & overall_valid).sum()),
        verified_overall_satisfied=int((verified & (rows[:, O_S] > 0)).sum()),
        item_counts=items, served=served_total,
    )


def merge_items(per_unit: dict[int, dict[str, tuple[int, int, int]]],
                unit_ids: Iterable[int]) -> dict[str, tuple[int, int, int]]:
    merged: dict[str, list[int]] = {}
    for unit_id in unit_ids:
        for key, counts in per_unit.get(unit_id, {}).items():
            total = merged.setdefault(key, [0, 0, 0])
            for i, value in enumerate(counts):
                total[i] += value
    return {key: tuple(values) for key, values in merged.items()}
