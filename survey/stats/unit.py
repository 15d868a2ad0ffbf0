"""One unit's summary for one period: every figure of METHODS §1-5 and §9.

Suppression is decided here, once: a figure whose own n, or whose unit's
overall n, is below min_n is None in the dataclass, so no later formatting
step can leak it.  Counts are always kept.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from survey.stats.counts import ScopeCounts, Thresholds
from survey.stats.intervals import Change, Interval, newcombe_diff, ratio_change, wilson
from survey.stats.jsonform import unit_dict
from survey.stats.ratios import MeanScore, RatioEstimate, aspect_index, mean_score, pooled_ratio
from survey.stats.verdicts import reliability, target_verdict


@dataclass(frozen=True)
class Rate:
    """Counts plus the rate and its interval (None when suppressed)."""

    n: int
    satisfied: int
    rate: float | None
    ci: Interval | None


@dataclass(frozen=True)
class DimensionSummary:
    key: str
    n: int  # respondents with a valid answer in the dimension
    answers: int
    satisfied: int
    estimate: RatioEstimate | None
    reliability: str


@dataclass(frozen=True)
class ItemSummary:
    key: str
    no_opinion: int
    rate: Rate


@dataclass(frozen=True)
class UnitSummary:
    overall: Rate
    no_opinion: int
    responses: int
    target: float
    verdict: str
    reliability: str
    dimensions: tuple[DimensionSummary, ...]
    items: tuple[ItemSummary, ...]
    aspect: RatioEstimate | None
    mean: MeanScore | None
    all_round: Rate
    change: Change | None
    aspect_change: Change | None
    mean_change: Change | None
    verified: int
    flagged: int
    verified_only: Rate
    served: int | None

    @property
    def suppressed(self) -> bool:
        return self.reliability == "suppressed"

    def to_dict(self, unit_code: str, period_label: str) -> dict:
        """The JSON contract of ``stats --format json`` for a unit (DESIGN.md)."""
        return unit_dict(self, unit_code, period_label)


def gated_rate(x: int, n: int, publish: bool, th: Thresholds) -> Rate:
    """Wilson rate for x/n, or counts only when suppressed or n < min_n."""
    if not publish or n < th.min_n:
        return Rate(int(n), int(x), None, None)
    return Rate(int(n), int(x), x / n, wilson(x, n, th.z))


def _dimensions(c: ScopeCounts, publish: bool, th: Thresholds) -> tuple[DimensionSummary, ...]:
    out = []
    for k, key in enumerate(c.dim_keys):
        est = pooled_ratio(c.dim_s[:, k], c.dim_a[:, k], th.z)
        shown = publish and est.n_respondents >= th.min_n
        out.append(DimensionSummary(key, est.n_respondents, int(c.dim_a[:, k].sum()),
                                    int(c.dim_s[:, k].sum()), est if shown else None,
                                    reliability(est.n_respondents, th.min_n, th.low_n)))
    return tuple(out)


def _aspect(c: ScopeCounts, th: Thresholds) -> RatioEstimate | None:
    """The composite needs every aspect published: a suppressed aspect inside a
    published average could be backed out from the other aspects."""
    if c.overall_n < th.min_n or not c.dim_keys:
        return None
    resp = (c.dim_a > 0).sum(axis=0)
    if resp.min() < th.min_n:
        return None
    est = aspect_index(c.dim_s, c.dim_a, z=th.z)
    return est if math.isfinite(est.value) else None


def _mean(c: ScopeCounts, th: Thresholds) -> MeanScore | None:
    if c.overall_n < th.min_n:
        return None
    m = mean_score(c.score_sum, c.score_n, th.z)
    return m if m.mean.n_respondents >= th.min_n else None


def _ratio_change(now: RatioEstimate | None, then: RatioEstimate | None, z: float):
    if now is None or then is None or now.ci is None or then.ci is None:
        return None
    return ratio_change(now.value, now.se, then.value, then.se, z)


def summarise_unit(current: ScopeCounts, previous: ScopeCounts | None, target: float,
                   thresholds: Thresholds | None = None) -> UnitSummary:
    """Every published figure for one unit and period, suppressed where n < min_n."""
    th = thresholds or Thresholds()
    c = current
    rel = reliability(c.overall_n, th.min_n, th.low_n)
    publish = rel != "suppressed"
    overall = gated_rate(c.overall_satisfied, c.overall_n, publish, th)
    verdict = target_verdict(overall.ci, target) if overall.ci else "insufficient"
    items = tuple(ItemSummary(key, int(no), gated_rate(sat, valid, publish, th))
                  for key, (sat, valid, no) in c.item_counts.items())
    both_30 = c.overall_n >= th.low_n and c.verified_overall_n >= th.low_n
    aspect, mean = _aspect(c, th), _mean(c, th)
    change = aspect_change = mean_change = None
    if publish and previous is not None and previous.overall_n >= th.min_n:
        change = newcombe_diff(c.overall_satisfied, c.overall_n, previous.overall_satisfied,
                               previous.overall_n, th.z)
        aspect_change = _ratio_change(aspect, _aspect(previous, th), th.z)
        prev_mean = _mean(previous, th)
        mean_change = _ratio_change(mean and mean.mean, prev_mean and prev_mean.mean, th.z)
    return UnitSummary(
        overall, int(c.overall_no_opinion), int(c.responses), float(target), verdict, rel,
        _dimensions(c, publish, th), items, aspect, mean,
        gated_rate(c.all_round_yes, c.all_round_n, publish, th),
        change, aspect_change, mean_change, int(c.verified), int(c.flagged),
        gated_rate(c.verified_overall_satisfied, c.verified_overall_n, both_30, th), c.served)
