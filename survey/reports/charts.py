"""Report charts as SVG strings: the 12-period trend and the funnel plot.

Choices, each for a reason:
- Figures are drawn 6.5 in wide, the text width of an A4 page with the Decree 30 margins
  (210 - 30 - 15 mm), so that 8 pt in the figure is 8 pt on paper.
- Text stays text (`svg.fonttype = 'none'`): it is selectable and searchable in the PDF.
  Matplotlib measures it with the bundled Liberation Sans 2 (the system may also carry
  Liberation Sans 1, which has no Vietnamese letters, under the same family name, so the
  bundled files are put first in matplotlib's font list); the family in the SVG is then
  renamed to the @font-face name of report.css, so WeasyPrint draws it with the same
  bundled file and never with a system font.
- Readable in grey print: every series differs by line style or marker shape, not only by
  colour.
- Deterministic output: a fixed `svg.hashsalt` and no date or creator metadata, so the
  same numbers give the same bytes.
- No pyplot: figures are plain `Figure` objects, nothing is kept in pyplot's registry.
"""

from __future__ import annotations

import io
import math
import re
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402  (after choosing the backend)
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from .formatting import pct, pct_target, period_short  # noqa: E402
from .labels import label_vi  # noqa: E402

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
SANS_FILES = ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf")
MPL_FAMILY = "Liberation Sans"
CSS_FAMILY = "Report Sans"  # the @font-face family in static/reports/report.css
WIDTH_IN = 6.5

INK = "#1b1b1b"
RATE = "#1f4e79"
BAND = "#bcd3ea"
TARGET = "#b22222"
LIMIT = "#555555"
GRID = "#d9d9d9"

RC = {
    "font.family": MPL_FAMILY,
    "font.size": 8,
    "axes.edgecolor": "#444444",
    "axes.linewidth": 0.6,
    "axes.labelcolor": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "xtick.color": INK,
    "ytick.color": INK,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "legend.frameon": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "hai-long-reports",
}

# status -> (marker, face colour or "none" for hollow, edge colour, legend order)
FUNNEL_STYLE = {
    "in": ("o", "#9a9a9a", "#5a5a5a", 0),
    "alert-high": ("^", "none", "#1a7f37", 1),
    "alarm-high": ("^", "#1a7f37", "#0d4d20", 2),
    "alert-low": ("v", "none", "#c0561b", 3),
    "alarm-low": ("v", "#b22222", "#6b0f0f", 4),
}


@lru_cache(maxsize=2)
def use_bundled_fonts(static_dir: Path = STATIC_DIR) -> str:
    """Register the bundled sans with matplotlib ahead of same-named system fonts.

    Returns the file matplotlib now uses for the regular face (tests check it).
    """
    fonts = Path(static_dir).resolve() / "fonts"
    manager = font_manager.fontManager
    for name in SANS_FILES:
        manager.addfont(str(fonts / name))
    ours = [e for e in manager.ttflist if Path(e.fname).parent == fonts]
    manager.ttflist[:] = ours + [e for e in manager.ttflist if e not in ours]
    manager._findfont_cached.cache_clear()  # its cache would keep the old choice
    return manager.findfont(font_manager.FontProperties(family=MPL_FAMILY),
                            fallback_to_default=False)


def _percent_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: pct(round(value, 4), 0)))


def _to_svg(fig: Figure) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML declaration and DOCTYPE for inlining
    return re.sub(r"font-family: '?Liberation Sans'?", f"font-family: '{CSS_FAMILY}'", svg)


def _rc() -> dict:
    use_bundled_fonts()
    return RC


def _nan(value) -> float:
    return math.nan if value is None else float(value)


def trend_chart(points: list[dict], target: float = 0.8, *, height_in: float = 2.5,
                thresholds: tuple[int, int] = (10, 30)) -> str:
    """Satisfaction rate over periods with its 95% interval, as an SVG string.

    points: [{period: "2026-11", n, rate, ci: [low, high], reliability?}] in time order;
    rate and ci are None for suppressed periods (drawn as gaps and marked on the axis).
    A point with reliability "low" is drawn hollow. `thresholds` (suppress, low) are
    only named in the legend.
    """
    suppress_below, low_below = thresholds
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(WIDTH_IN, height_in), layout="constrained")
        ax = fig.add_subplot()
        x = np.arange(len(points))
        rate = np.array([_nan(p.get("rate")) for p in points])
        ci = [p.get("ci") or (None, None) for p in points]
        low = np.array([_nan(c[0]) for c in ci])
        high = np.array([_nan(c[1]) for c in ci])
        shown = ~np.isnan(rate)
        weak = np.array([p.get("reliability") == "low" for p in points]) & shown

        bottom = _trend_floor(low, rate, target)
        ax.plot(x, rate, color=RATE, linewidth=1.6, marker="o", markersize=4,
                label="Tỷ lệ hài lòng", zorder=3)
        ax.fill_between(x, low, high, where=~np.isnan(low), color=BAND, linewidth=0,
                        label="Khoảng tin cậy 95%")
        if weak.any():
            ax.plot(x[weak], rate[weak], linestyle="none", marker="o", markersize=5,
                    markerfacecolor="white", markeredgecolor=RATE, markeredgewidth=1.2,
                    label=f"Độ tin cậy thấp (dưới {low_below} phiếu)", zorder=4)
        ax.axhline(target, color=TARGET, linestyle=(0, (6, 3)), linewidth=1.1,
                   label=f"Mục tiêu {pct_target(target)}")
        if (~shown).any():
            ax.plot(x[~shown], np.full((~shown).sum(), bottom + 0.012), linestyle="none",
                    marker="x", markersize=5, color="#6b6b6b",
                    label=f"Chưa đủ dữ liệu (dưới {suppress_below} phiếu)")
        if shown.any():
            last = int(np.flatnonzero(shown)[-1])
            ax.annotate(pct(rate[last]), (x[last], rate[last]), xytext=(0, 7),
                        textcoords="offset points", ha="center", fontsize=8,
                        fontweight="bold", color=RATE)

        ax.set_xlim(-0.5, len(points) - 0.5)
        ax.set_xticks(x, [period_short(p["period"]) for p in points], fontsize=7.2)
        ax.set_ylim(bottom, 1.02)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        _percent_axis(ax.yaxis)
        ax.grid(axis="y", color=GRID, linewidth=0.5)
        ax.set_axisbelow(True)
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, fontsize=7.2,
                  handlelength=2.4, columnspacing=1.6, borderaxespad=0.3)
        return _to_svg(fig)


def _trend_floor(low, rate, target) -> float:
    values = np.concatenate([low[~np.isnan(low)], rate[~np.isnan(rate)], [target]])
    return max(0.0, math.floor((values.min() - 0.04) * 20) / 20)


def funnel_chart(units: list[dict], centre: float | None, target: float,
                 limits: list, *, height_in: float = 3.4) -> str:
    """The funnel plot of the compared units, as an SVG string.

    units: [{n, rate, funnel: in|alert-high|alert-low|alarm-high|alarm-low|not-plotted,
    label?}]; units without a rate or "not-plotted" are left out; a label, if given, is
    printed beside the point (the reports use the table's row number).
    limits: rows (n, low95, high95, low998, high998) over the range of n, increasing n.
    """
    with matplotlib.rc_context(_rc()):
        fig = Figure(figsize=(WIDTH_IN, height_in), layout="constrained")
        ax = fig.add_subplot()
        curves = np.array([[_nan(v) for v in row] for row in limits], dtype=float)
        plotted = [u for u in units
                   if u.get("rate") is not None and u.get("funnel") in FUNNEL_STYLE]
        n_max = max([u["n"] for u in plotted] + [10]) * 1.06

        if len(curves):
            n = curves[:, 0]
            for column, style, name in ((1, (0, (5, 2.5)), "Giới hạn 95%"),
                                        (3, (0, (1.2, 1.6)), "Giới hạn 99,8%")):
                ax.plot(n, curves[:, column], color=LIMIT, linestyle=style, linewidth=1.0,
                        label=name)
                ax.plot(n, curves[:, column + 1], color=LIMIT, linestyle=style,
                        linewidth=1.0)
        if centre is not None:
            ax.axhline(centre, color=INK, linewidth=0.9,
                       label=f"Tỷ lệ chung của nhóm {pct(centre)}")
        ax.axhline(target, color=TARGET, linestyle=(0, (6, 2, 1.5, 2)), linewidth=1.1,
                   label=f"Mục tiêu {pct_target(target)}")

        for status, (marker, face, edge, _order) in sorted(
                FUNNEL_STYLE.items(), key=lambda item: item[1][3]):
            group = [u for u in plotted if u["funnel"] == status]
            if not group:
                continue
            ax.scatter([u["n"] for u in group], [u["rate"] for u in group], s=22,
                       marker=marker, facecolors=face, edgecolors=edge, linewidths=0.9,
                       zorder=3, label=f"{label_vi(status)} ({len(group)})")
            for unit in group:
                if unit.get("label"):
                    ax.annotate(str(unit["label"]), (unit["n"], unit["rate"]),
                                xytext=(4, -3 if "low" in status else 2),
                                textcoords="offset points", fontsize=6.5, color=edge)

        rates = [u["rate"] for u in plotted] + [v for v in (centre, target) if v is not None]
        bottom = max(0.0, math.floor((min(rates) - 0.05) * 20) / 20)
        ax.set_xlim(0, n_max)
        ax.set_ylim(bottom, 1.01)
        _percent_axis(ax.yaxis)
        ax.xaxis.set_major_formatter(
            FuncFormatter(lambda value, _pos: f"{int(value):,}".replace(",", ".")))
        ax.set_xlabel("Số người trả lời câu hỏi chung")
        ax.set_ylabel("Tỷ lệ hài lòng")
        ax.grid(color=GRID, linewidth=0.5)
        ax.set_axisbelow(True)
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=3,
                   fontsize=7.2, handlelength=2.6, columnspacing=1.4)
        return _to_svg(fig)
