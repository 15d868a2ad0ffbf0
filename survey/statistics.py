"""The published numbers for a unit or a group and a period: resolve the scope, count
in SQL (queries), fold (counting), compute (stats). Plain dicts out, in the exact shape
of `stats --format json`; the CLI, the reports and the web all call these."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from flask import current_app
from sqlalchemy.orm import Session

from . import queries
from .counting import merge_items, scope_counts
from .models import Unit
from .periods import Period, add_months, months_in
from .stats.counts import Thresholds
from .stats.summary import summarise_group, summarise_unit


class ScopeError(ValueError):
    pass


@dataclass(frozen=True)
class Scope:
    """What a figure is about: a label and the units whose responses count."""

    label: str
    unit_ids: tuple[int, ...]
    target: float


def thresholds(target: float | None = None) -> Thresholds:
    config = current_app.config
    return Thresholds(min_n=config["MIN_N"], low_n=config["LOW_N"],
                      target=target if target is not None else config["TARGET"])


def target_for(unit: Unit) -> float:
    if unit.target_override is not None:
        return unit.target_override
    by_kind = current_app.config["TARGETS_BY_KIND"]
    return float(by_kind.get(unit.kind, current_app.config["TARGET"]))


def unit_scope(session: Session, unit: Unit, subtree: bool = False) -> Scope:
    """The unit, the units merged into it (their history is its history), and with
    subtree=True every unit below it."""
    ids = [unit.id, *queries.predecessor_ids(session, unit.id)]
    if subtree:
        ids = sorted({i for root in ids for i in queries.subtree_ids(root)})
    return Scope(unit.code, tuple(ids), target_for(unit))


def counts_for(session: Session, scope: Scope, period: Period):
    return group_counts(session, [scope], period)[0]


def whole_months(period: Period) -> bool:
    """Service volumes are monthly: a response rate needs whole months."""
    last = add_months(dt.date(period.end.year, period.end.month, 1), 1) - dt.timedelta(days=1)
    return period.start.day == 1 and period.end == last


def unit_stats(session: Session, unit: Unit, period: Period, subtree: bool = False,
               scope: Scope | None = None) -> dict:
    """The unit's JSON; pass the scope when the caller already resolved it."""
    scope = scope or unit_scope(session, unit, subtree)
    current = counts_for(session, scope, period)
    previous = counts_for(session, scope, period.previous())
    summary = summarise_unit(current, previous, scope.target, thresholds(scope.target))
    result = summary.to_dict(unit.code, period.label)
    result["name"] = unit.name
    return result


def group_scopes(session: Session, group: str, period: Period) -> tuple[str, list[Scope]]:
    """'all', a unit kind or a level -> one scope per unit. A unit merged away during
    the period is folded into its successor, so no response is counted twice."""
    kinds, levels = queries.unit_kinds_and_levels(session)
    if group == "all":
        kind = level = None
    elif group in kinds:
        kind, level = group, None
    elif group in levels:
        kind, level = None, group
    else:
        raise ScopeError(f"group '{group}' is neither 'all', a unit kind ("
                         f"{', '.join(sorted(kinds))}) nor a level ({', '.join(sorted(levels))})")
    units = queries.units_for_group(session, kind, level, period.start, period.end)
    listed = {unit.id for unit in units}
    folded: dict[int, list[int]] = {}
    for unit in units:
        if unit.successor_id in listed:
            folded.setdefault(unit.successor_id, []).append(unit.id)
    scopes = [Scope(unit.code, (unit.id, *folded.get(unit.id, ())), target_for(unit))
              for unit in units if unit.successor_id not in listed]
    return group, scopes


def group_counts(session: Session, scopes: list[Scope], period: Period) -> list:
    """One query for every unit of the group (respondents and items in the same scan),
    sliced per scope in numpy."""
    every = sorted({i for scope in scopes for i in scope.unit_ids})
    rows = queries.respondent_rows(session, every, period.start, period.end)
    items = rows.item_counts
    served = queries.served(session, every, months_in(period)) if whole_months(period) else {}
    counts = []
    for scope in scopes:
        volume = [served[i] for i in scope.unit_ids if i in served]
        counts.append(scope_counts(rows.for_units(scope.unit_ids), rows.dim_keys,
                                   merge_items(items, scope.unit_ids),
                                   sum(volume) if volume else None))
    return counts


def counts_side_by_side(session: Session, scopes: list[Scope], periods: list[Period]) -> list:
    """group_counts for several periods at once, each on its own connection in a thread:
    the database scans while the GIL is free, so two periods take little more than one.
    In-memory SQLite cannot share its data across connections, so it runs in turn."""
    engine = session.get_bind()
    if engine.url.get_backend_name() == "sqlite" and engine.url.database in (None, "",
                                                                              ":memory:"):
        return [group_counts(session, scopes, p) for p in periods]

    def count(period: Period) -> list:
        with Session(engine) as own:
            return group_counts(own, scopes, period)

    with ThreadPoolExecutor(len(periods)) as pool:
        return list(pool.map(count, periods))


def group_stats(session: Session, group: str, period: Period,
                scopes: list[Scope] | None = None) -> dict:
    """The group's JSON; pass the scopes when the caller already resolved them."""
    label = group
    if scopes is None:
        label, scopes = group_scopes(session, group, period)
    current, previous = counts_side_by_side(session, scopes, [period, period.previous()])
    inputs = [(scope.label, cur, prev, scope.target)
              for scope, cur, prev in zip(scopes, current, previous, strict=True)]
    result = summarise_group(inputs, thresholds(), period.label, label,
                             current_app.config["RANK_SEED"])
    names = {unit.code: unit.name for unit in queries.units_by_codes(
        session, [scope.label for scope in scopes])}
    for unit in result["units"]:
        unit["name"] = names.get(unit["unit"], unit["unit"])
    return result
