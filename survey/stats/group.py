"""Comparing the units of a group: funnel plot and empirical-Bayes ordering (§6, §7).

Each unit keeps its own published figures (unit.py); the group adds where the
unit stands against the group's pooled rate, and, only for ordering, the
shrunk estimate and a rank interval.  Suppressed units are listed with
their counts but are neither plotted nor ranked.
"""
from __future__ import annotations

from collections.abc import Sequence

from survey.stats.bayes import DEFAULT_SEED, EBUnit, empirical_bayes
from survey.stats.counts import ScopeCounts, Thresholds
from survey.stats.funnel import FunnelUnit, funnel
from survey.stats.jsonform import interval, num, rate_dict
from survey.stats.unit import gated_rate, summarise_unit

UnitInput = tuple[str, ScopeCounts, ScopeCounts | None, float]


def _comparison(fu: FunnelUnit, eb: EBUnit | None) -> dict:
    """The group-only fields of one unit; null for a unit that is not plotted."""
    return {
        "limits95": interval(fu.limits95), "limits998": interval(fu.limits998),
        "funnel": fu.status,
        "eb_mean": num(eb.mean) if eb else None,
        "eb_ci": interval(eb.ci) if eb else None,
        "p_above_target": num(eb.p_above_target) if eb else None,
        "rank_interval": list(eb.rank_interval) if eb else None,
    }


def summarise_group(units: Sequence[UnitInput], thresholds: Thresholds | None = None,
                    period_label: str = "", group_label: str = "",
                    seed: int = DEFAULT_SEED) -> dict:
    """The ``stats --group`` JSON: pooled totals, funnel, overdispersion, units.

    The funnel centre and the Beta prior use the plotted units only (n >=
    min_n); the group totals pool every unit, plotted or not.
    """
    th = thresholds or Thresholds()
    dicts = [summarise_unit(cur, prev, tgt, th).to_dict(code, period_label)
             for code, cur, prev, tgt in units]
    fr = funnel([(code, cur.overall_satisfied, cur.overall_n) for code, cur, _, _ in units],
                th.min_n)
    plotted = [(fu.key, fu.x, fu.n, u[3]) for fu, u in zip(fr.units, units, strict=True)
               if fu.status != "not-plotted"]
    eb = {}
    if plotted:
        res = empirical_bayes([p[:3] for p in plotted], [p[3] for p in plotted], seed)
        eb = {e.key: e for e in res.units}
    n = sum(cur.overall_n for _, cur, _, _ in units)
    x = sum(cur.overall_satisfied for _, cur, _, _ in units)
    total = rate_dict(gated_rate(x, n, True, th))
    return {
        "group": group_label, "period": period_label,
        **total,
        "centre": num(fr.centre), "target": th.target,
        "overdispersion": {"phi": num(fr.phi), "tau2": num(fr.tau2), "method": fr.method},
        "seed": seed, "units_plotted": len(plotted),
        "units": [{**d, **_comparison(fu, eb.get(fu.key))}
                  for d, fu in zip(dicts, fr.units, strict=True)],
    }
