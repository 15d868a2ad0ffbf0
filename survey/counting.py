"""Folding the per-respondent rows that queries.respondent_rows returns into the
statistics' input (ScopeCounts). No SQL here: the counting itself is a GROUP BY in
queries.py; this lays out the packed sums it asks for (Packing), unpacks them, and slices
the rows per scope with numpy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from .stats.summary import ScopeCounts

# Fixed columns of the per-respondent matrix, before the pivoted dimension columns.
UNIT, VERIFIED, FLAGGED, O_S, O_A, O_Z, V_SUM, V_N, V_LOW = range(9)
FIXED_COLUMNS = 9


@dataclass(frozen=True)
class RespondentRows:
    """Per respondent: unit id, flags, overall counts, score sums, then for each
    dimension key its satisfied and valid counts (columns s, a alternating). With them,
    the per-unit item counts (unit id -> item key -> (satisfied, valid, no opinion), keys
    in form order), counted in the same scan."""

    dim_keys: tuple[str, ...]
    matrix: np.ndarray  # (R, 9 + 2K) integers
    item_counts: dict[int, dict[str, tuple[int, int, int]]]
    _by_unit: tuple[np.ndarray, np.ndarray] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        order = np.argsort(self.matrix[:, UNIT], kind="stable")
        object.__setattr__(self, "_by_unit", (order, self.matrix[order, UNIT]))

    def for_units(self, unit_ids: Iterable[int]) -> np.ndarray:
        """The rows of these units, in the matrix's own order (as a boolean mask would
        give them), found by binary search in a sort by unit done once."""
        order, units = self._by_unit
        wanted = np.unique(np.asarray(list(unit_ids), dtype=np.int64))
        lo, hi = np.searchsorted(units, wanted), np.searchsorted(units, wanted, side="right")
        index = np.concatenate([order[a:b] for a, b in zip(lo, hi, strict=True)]
                               + [np.empty(0, dtype=np.intp)])
        return self.matrix[np.sort(index)]


# --- Packed sums: every per-respondent count is small, so the SQL adds them up as
# fixed-width fields of a few integers (one CASE per word instead of one per count).

WORD_BITS = 62  # fields stay below 2**62: no sign, no overflow in a 64-bit SUM
VALUES = (0, 1, 2, 3, 4, 5, None)  # the rating answers; None = a rating item left NULL


@dataclass(frozen=True)
class RatingItem:
    questionnaire_id: int
    key: str
    dimension: str | None
    position: int


class Packing:
    """Where each per-respondent count sits in the packed words.

    Fields: the overall item's satisfied / valid / no-opinion counts, the score sum, the
    valid and 1-3 counts of all rating items, per dimension satisfied and valid, and per
    item key present / satisfied / valid / no opinion. A count per respondent is at most
    the number of rating items of one form (an item key at most once: answer_once_per_item),
    so a field of that many bits never carries into the next one."""

    def __init__(self, items: Sequence[RatingItem], dim_keys: tuple[str, ...]):
        self.items = tuple(items)
        self.dim_keys = dim_keys
        self.item_keys = tuple(sorted({item.key for item in items}))
        per_form = Counter(item.questionnaire_id for item in items)
        count_bits = max(per_form.values(), default=1).bit_length()
        sum_bits = (5 * max(per_form.values(), default=1)).bit_length()
        names = [("o_s", count_bits), ("o_a", count_bits), ("o_z", count_bits),
                 ("v_sum", sum_bits), ("v_n", count_bits), ("v_low", count_bits)]
        for key in dim_keys:
            names += [(("s", key), count_bits), (("a", key), count_bits)]
        for key in self.item_keys:
            names += [((part, key), 1) for part in ("i_any", "i_s", "i_a", "i_z")]
        self.fields: dict = {}
        word, shift = 0, 0
        for name, bits in names:
            if shift + bits > WORD_BITS:
                word, shift = word + 1, 0
            self.fields[name] = (word, shift, bits)
            shift += bits
        self.words = word + 1

    def weights(self, item: RatingItem) -> list[list[int]]:
        """weights[w][i]: what an answer with VALUES[i] to this item adds to word w."""
        table = [[0] * len(VALUES) for _ in range(self.words)]

        def add(name, i, amount=1):
            word, shift, _ = self.fields[name]
            table[word][i] += amount << shift

        for i, value in enumerate(VALUES):
            add(("i_any", item.key), i)
            if value is None:
                continue
            valid, satisfied, low = 1 <= value <= 5, value >= 4, 1 <= value <= 3
            if item.dimension is None:
                for name, yes in (("o_s", satisfied), ("o_a", valid), ("o_z", value == 0)):
                    if yes:
                        add(name, i)
            elif item.dimension in self.dim_keys:
                if satisfied:
                    add(("s", item.dimension), i)
                if valid:
                    add(("a", item.dimension), i)
            if valid:
                add("v_sum", i, value)
                add("v_n", i)
            if low:
                add("v_low", i)
            for name, yes in (("i_s", satisfied), ("i_a", valid), ("i_z", value == 0)):
                if yes:
                    add((name, item.key), i)
        return table

    def unpack(self, words: np.ndarray, name) -> np.ndarray:
        word, shift, bits = self.fields[name]
        return (words[:, word] >> shift) & ((1 << bits) - 1)

    def matrix(self, head: np.ndarray, words: np.ndarray) -> np.ndarray:
        """The RespondentRows matrix from (unit, verified, flagged) and the words."""
        columns = [head[:, 0], head[:, 1], head[:, 2]]
        columns += [self.unpack(words, name) for name in
                    ("o_s", "o_a", "o_z", "v_sum", "v_n", "v_low")]
        for key in self.dim_keys:
            columns += [self.unpack(words, ("s", key)), self.unpack(words, ("a", key))]
        return np.stack(columns, axis=1).astype(np.int64).reshape(len(head), len(columns))

    def item_counts(self, units: np.ndarray, forms: np.ndarray, words: np.ndarray
                    ) -> dict[int, dict[str, tuple[int, int, int]]]:
        """unit id -> item key -> (satisfied, valid, no opinion), keys ordered by their
        position in the unit's forms that were answered, as queries.item_counts."""
        position = {(item.questionnaire_id, item.key): item.position for item in self.items}
        pairs, inverse = np.unique(np.stack([units, forms], axis=1), axis=0,
                                   return_inverse=True)
        inverse = inverse.reshape(-1)
        totals = {(part, key): np.bincount(inverse, weights=self.unpack(words, (part, key)),
                                           minlength=len(pairs)).astype(np.int64)
                  for key in self.item_keys for part in ("i_any", "i_s", "i_a", "i_z")}
        found: dict[int, dict[str, list]] = {}
        for row, (unit, form) in enumerate(pairs.tolist()):
            for key in self.item_keys:
                if totals[("i_any", key)][row] == 0:
                    continue
                entry = found.setdefault(unit, {}).setdefault(key, [None, 0, 0, 0])
                here = position[(form, key)]
                entry[0] = here if entry[0] is None else min(entry[0], here)
                for i, part in enumerate(("i_s", "i_a", "i_z"), start=1):
                    entry[i] += int(totals[(part, key)][row])
        return {unit: {key: tuple(entry[1:]) for key, entry in
                       sorted(keys.items(), key=lambda kv: (kv[1][0], kv[0]))}
                for unit, keys in found.items()}


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
