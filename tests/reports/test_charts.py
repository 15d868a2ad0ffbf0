"""Charts: SVG text in the bundled fonts, Vietnamese labels, deterministic bytes."""

import re
from pathlib import Path

from survey.reports.charts import CSS_FAMILY, funnel_chart, trend_chart, use_bundled_fonts
from survey.reports.context import example_comparison_context, example_trend
from survey.reports.render import STATIC_DIR


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_matplotlib_measures_with_the_bundled_sans():
    # The system may hold Liberation Sans 1.x (no Vietnamese) under the same name.
    assert Path(use_bundled_fonts()) == STATIC_DIR / "fonts" / "LiberationSans-Regular.ttf"


def test_trend_chart_labels_and_fonts():
    svg = trend_chart(example_trend(last_x=271), 0.8)
    assert svg.startswith("<svg")
    texts = _texts(svg)
    assert "T11/2026" in texts
    assert "T12/2025" in texts
    assert "80%" in texts
    assert "87,4%" in texts
    assert "Mục tiêu 80%" in texts
    assert "Chưa đủ dữ liệu (dưới 10 phiếu)" in texts  # the suppressed month is marked
    assert "Liberation" not in svg
    assert f"font-family: '{CSS_FAMILY}'" in svg


def test_suppressed_periods_are_gaps():
    points = [{"period": f"2026-{m:02d}", "n": 100, "rate": 0.85, "ci": [0.8, 0.9]}
              for m in range(1, 13)]
    points[5] = {"period": "2026-06", "n": 4, "rate": None, "ci": None}
    svg = trend_chart(points, 0.8)
    line = re.search(r'<g id="line2d_\d+">\s*<path d="([^"]+)"[^>]*style="fill: none; '
                     r'stroke: #1f4e79', svg)
    # the rate line restarts after the gap: two "M" (move-to) commands
    assert line
    assert line.group(1).count("M") == 2


def test_funnel_chart_has_limits_lines_and_legend():
    context = example_comparison_context()
    group = context["group"]
    units = [{**u, "label": i} for i, u in enumerate(group["units"], start=1)]
    svg = funnel_chart(units, group["centre"], group["target"], context["funnel_curves"])
    texts = _texts(svg)
    for label in ("Giới hạn 95%", "Giới hạn 99,8%", "Mục tiêu 80%",
                  "Số người trả lời câu hỏi chung", "Tỷ lệ hài lòng"):
        assert label in texts
    assert any(t.startswith("Tỷ lệ chung của nhóm 81,") for t in texts)
    assert "2" not in texts  # unit 2 has 7 respondents: listed in the table, not plotted


def test_charts_are_deterministic():
    context = example_comparison_context()
    group = context["group"]
    args = (group["units"], group["centre"], group["target"], context["funnel_curves"])
    assert funnel_chart(*args) == funnel_chart(*args)
    assert trend_chart(example_trend(), 0.8) == trend_chart(example_trend(), 0.8)


def test_chart_text_is_escaped():
    svg = funnel_chart([{"n": 50, "rate": 0.5, "funnel": "alarm-low", "label": "<b>&x"}],
                       0.8, 0.8, [])
    assert "<b>" not in svg
    assert "&lt;b&gt;&amp;x" in svg
