"""The statistics the rest of the application calls: one import for the glue.

    from survey.stats.summary import ScopeCounts, Thresholds, summarise_unit, summarise_group

``summarise_unit(...).to_dict(code, period)`` and ``summarise_group(...)`` give
exactly the JSON contract of ``stats --format json`` (DESIGN.md), with every
suppressed figure None.  The modules behind it are one method each.
"""
from survey.stats.counts import ScopeCounts, Thresholds
from survey.stats.group import summarise_group
from survey.stats.unit import DimensionSummary, ItemSummary, Rate, UnitSummary, summarise_unit

__all__ = [
    "DimensionSummary",
    "ItemSummary",
    "Rate",
    "ScopeCounts",
    "Thresholds",
    "UnitSummary",
    "summarise_group",
    "summarise_unit",
]
