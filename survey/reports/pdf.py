"""The two PDF reports: plain dicts in (see context.py), PDF bytes out.

The web views and the CLI both call `render_unit_report` and `render_comparison_report`.
Derived, presentation-only values (masked comments, the 0-100 score, the lists of units
below target, the ranking order) are computed here, so the templates stay declarative and
the statistics stay in survey.stats.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import zip_longest
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from . import formatting
from .charts import funnel_chart, trend_chart
from .context import DEFAULT_THRESHOLDS, check_comparison_context, check_unit_context
from .labels import COMMENT_STATUS_VI, change_sentence, label_vi, verdict_sentence
from .masking import mask_personal
from .render import render_pdf

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates" / "reports"
LATEST_COMMENTS = 10


def _rank_range(interval) -> str:
    if not interval:
        return formatting.MISSING
    low, high = interval
    return str(low) if low == high else f"{low}–{high}"


@lru_cache(maxsize=2)
def environment(templates_dir: Path = TEMPLATES_DIR) -> Environment:
    """The reports' own Jinja environment (no Flask app needed)."""
    env = Environment(loader=FileSystemLoader(str(templates_dir)),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(
        pct=formatting.pct, pct_ci=formatting.pct_ci, pct_target=formatting.pct_target,
        probability=formatting.probability,
        num=formatting.num, num_ci=formatting.num_ci, points=formatting.points,
        points_ci=formatting.points_ci, date_vi=formatting.date_vi,
        period_vi=formatting.period_vi, period_short=formatting.period_short,
        mask_personal=mask_personal, label_vi=label_vi, rank_range=_rank_range)
    env.globals.update(long_date_vi=formatting.long_date_vi,
                       verdict_sentence=verdict_sentence, change_sentence=change_sentence)
    return env


def _inline_svg(svg: str) -> Markup:
    """Matplotlib writes the SVG and escapes every text it draws (tests check it)."""
    return Markup(svg)  # noqa: S704  (generated markup, not user input)


def _trend_svg(trend: list[dict], target: float, th: dict) -> Markup | None:
    if not trend:
        return None
    return _inline_svg(trend_chart(trend, target, thresholds=(th["suppress"], th["low"])))


def _first(*values):
    return next((v for v in values if v is not None), None)


def _thresholds(context: dict) -> dict:
    return {**DEFAULT_THRESHOLDS, **(context.get("thresholds") or {})}


def _common(context: dict) -> dict:
    return {"signer": None, "recipients": None, **context,
            "th": _thresholds(context)}


# --- unit report --------------------------------------------------------------------

def _score100(summary: dict) -> dict:
    given = summary.get("mean_score_100")
    if given:
        return given
    mean = summary.get("mean_score") or {}
    value, ci = mean.get("value"), mean.get("ci")
    return {"value": None if value is None else 25 * (value - 1),
            "ci": None if not ci or None in ci else [25 * (c - 1) for c in ci]}


def _comment_rows(comments: dict) -> list[dict]:
    return [{"date": c.get("date"), "text": mask_personal(c.get("text")),
             "status_vi": COMMENT_STATUS_VI.get(c.get("status"), c.get("status") or "")}
            for c in comments["items"][:LATEST_COMMENTS]]


def _items(summary: dict) -> list[dict]:
    return [{"text_vi": None, "no_opinion": None, **item}
            for item in summary.get("items") or []]


def _is_low(row: dict, th: dict) -> bool:
    """A published row with fewer respondents than the low-reliability threshold."""
    if row.get("rate") is None:
        return False
    return row.get("reliability") == "low" or row["n"] < th["low"]


def _verified(summary: dict, th: dict) -> dict | None:
    """The verified-only rate, shown only when it and the headline both have n >= low."""
    n = summary.get("verified_n")
    if summary.get("verified_rate") is None or not n or n < th["low"] or summary["n"] < th["low"]:
        return None
    return {"n": n, "rate": summary["verified_rate"], "ci": summary.get("verified_ci")}


def unit_view(context: dict) -> dict:
    """The template variables of a unit report: the context plus derived values."""
    check_unit_context(context)
    summary = context["summary"]
    suppressed = summary["reliability"] == "suppressed" or summary["rate"] is None
    th = _thresholds(context)
    items = _items(summary)
    dimensions = [{**d, "low": _is_low(d, th)} for d in summary["dimensions"]]
    items = [{**i, "low": _is_low(i, th)} for i in items]
    trend = context["trend"]
    return {
        **_common(context),
        "summary": {"satisfied": None, "responses": summary["n"], **summary},
        "suppressed": suppressed,
        "dimensions": dimensions,
        "items": items,
        "score100": _score100(summary),
        "verified": None if suppressed else _verified(summary, th),
        "response_rate": _first(context.get("response_rate"), summary.get("response_rate")),
        "served": _first(context.get("served"), summary.get("served")),
        "previous_label": formatting.previous_period_vi(context["period"]),
        "has_low_rows": any(r["low"] for r in [*dimensions, *items]),
        "channel_total": sum(c["n"] for c in context["channels"]),
        "comment_rows": _comment_rows(context["comments"]),
        "charts": {"trend": _trend_svg(trend, summary["target"], th)},
    }


def render_unit_report(context: dict, *, static_dir: Path | str | None = None) -> bytes:
    """The unit head's monthly (or any period's) report as PDF bytes."""
    html = environment().get_template("unit.html").render(unit_view(context))
    return render_pdf(html, static_dir=static_dir)


# --- comparison report ----------------------------------------------------------------

DISPERSION_NONE = ("none", "binomial", None)
DISPERSION_ADDITIVE = ("additive", "random-effects", "additive-random-effects")


def dispersion_text(overdispersion: dict | None) -> str:
    """Which control limits were used, in words (METHODS.md §6)."""
    od = overdispersion or {}
    phi = formatting.decimal_vi(od.get("phi"), 2)
    method = od.get("method")
    if method in DISPERSION_NONE:
        return (f"Mức chênh lệch giữa các đơn vị phù hợp với dao động ngẫu nhiên (chỉ số phân tán "
                f"φ = {phi}); giới hạn kiểm soát tính theo phân phối nhị thức chính xác.")
    if method in DISPERSION_ADDITIVE:
        tau2 = formatting.decimal_vi(od.get("tau2"), 5)
        return (f"Các đơn vị chênh lệch nhau nhiều hơn mức ngẫu nhiên (chỉ số phân tán φ = {phi}, "
                "vượt ngưỡng kiểm định khi-bình phương ở mức 5%). Vì vậy giới hạn kiểm soát được "
                "nới rộng theo mô hình hiệu ứng ngẫu nhiên cộng (phương sai giữa các đơn vị "
                f"τ² = {tau2}): chỉ những đơn vị khác biệt vượt quá mức chênh lệch thông thường "
                "giữa các đơn vị mới bị cảnh báo.")
    if method == "multiplicative":
        return (f"Các đơn vị chênh lệch nhau nhiều hơn mức ngẫu nhiên; giới hạn kiểm soát được "
                f"nới rộng theo hệ số phân tán nhân φ = {phi}.")
    return f"Phương pháp xử lý phân tán: {method} (φ = {phi})."


VERDICT_ORDER = ("above", "indeterminate", "below", "insufficient")
FUNNEL_ORDER = ("in", "alert-high", "alarm-high", "alert-low", "alarm-low", "not-plotted")


def _summary_rows(rows: list[dict]) -> list[tuple]:
    def counts(field, keys):
        return [(label_vi(k), sum(1 for r in rows if r.get(field) == k)) for k in keys]
    return list(zip_longest(counts("verdict", VERDICT_ORDER),
                            counts("funnel", FUNNEL_ORDER), fillvalue=("", None)))


def comparison_view(context: dict) -> dict:
    """The template variables of a comparison report."""
    check_comparison_context(context)
    group = context["group"]
    th = _thresholds(context)
    rows = [{"name": u.get("name") or u.get("unit"), **u, "number": i, "low": _is_low(u, th)}
            for i, u in enumerate(group["units"], start=1)]
    plotted = [r for r in rows if r.get("rate") is not None and r.get("funnel") != "not-plotted"]
    ranking = sorted((r for r in plotted if r.get("eb_mean") is not None),
                     key=lambda r: -r["eb_mean"]) if context["show_ranking"] else []
    points = [{"n": r["n"], "rate": r["rate"], "funnel": r.get("funnel"),
               "label": r["number"] if r.get("funnel") != "in" else None} for r in plotted]
    trend = context["trend"]
    return {
        **_common(context),
        "rows": rows,
        "plotted": plotted,
        "below": [r for r in rows if r.get("verdict") == "below" and r.get("rate") is not None],
        "insufficient": [r for r in rows if r.get("rate") is None],
        "ranking": ranking,
        "has_low_rows": any(r["low"] for r in rows),
        "summary_rows": _summary_rows(rows),
        "dispersion_text": dispersion_text(group.get("overdispersion")),
        "charts": {
            "funnel": _inline_svg(funnel_chart(points, group["centre"], group["target"],
                                               context["funnel_curves"])),
            "trend": _trend_svg(trend, group["target"], th),
        },
    }


def render_comparison_report(context: dict, *,
                             static_dir: Path | str | None = None) -> bytes:
    """The Department's comparison of a group of units as PDF bytes."""
    html = environment().get_template("compare.html").render(comparison_view(context))
    return render_pdf(html, static_dir=static_dir)
