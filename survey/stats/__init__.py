"""Pure statistics for the satisfaction survey: numbers in, frozen dataclasses out.

This package imports neither Flask nor SQLAlchemy, so every figure the platform
publishes can be tested on plain numbers (see docs/methods.md).  The rest of the
application calls :mod:`survey.stats.summary`; the other modules are the
building blocks, each one method of the statistical standard.
"""
from survey.stats.intervals import Z95, Change, Interval, newcombe_diff, ratio_change, wilson
from survey.stats.verdicts import reliability, target_verdict

__all__ = [
    "Z95",
    "Change",
    "Interval",
    "newcombe_diff",
    "ratio_change",
    "reliability",
    "target_verdict",
    "wilson",
]
