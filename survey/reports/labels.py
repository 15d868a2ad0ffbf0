"""Vietnamese wording of the statistics' verdicts and statuses, as printed in reports.

The statistics package owns the canonical wording (`survey.stats.labels.LABELS_VI`); when it
is importable its entries win, so a page, an export and a PDF say the same thing. The
dictionary below is the reports' own complete set of the same keys, used for any key the
statistics package does not define.

The headline sentences (`verdict_sentence`, `change_sentence`) embed the target and are the
reports' own: they are what a unit head reads first.
"""

from __future__ import annotations

from .formatting import pct_target

REPORT_LABELS_VI: dict[str, str] = {
    # target verdict (METHODS.md §2)
    "above": "Cao hơn mục tiêu",
    "below": "Thấp hơn mục tiêu",
    "indeterminate": "Chưa xác định được",
    "insufficient": "Chưa đủ dữ liệu",
    # change between periods (§5)
    "improved": "Tăng rõ rệt",
    "declined": "Giảm rõ rệt",
    "no-change": "Chưa có thay đổi rõ rệt",
    # reliability (§3)
    "ok": "Đủ tin cậy",
    "low": "Độ tin cậy thấp",
    "suppressed": "Chưa đủ dữ liệu",
    # funnel plot status (§6)
    "in": "Trong giới hạn",
    "alert-high": "Cao hơn giới hạn 95%",
    "alert-low": "Thấp hơn giới hạn 95%",
    "alarm-high": "Cao hơn giới hạn 99,8%",
    "alarm-low": "Thấp hơn giới hạn 99,8%",
    "not-plotted": "Không vẽ (dưới 10 phiếu)",
}

COMMENT_STATUS_VI = {
    "new": "Mới tiếp nhận",
    "in progress": "Đang xử lý",
    "in_progress": "Đang xử lý",
    "resolved": "Đã giải quyết",
    "dismissed": "Không xử lý",
}


STATS_CATEGORIES = ("verdict", "reliability", "change", "funnel")


def _load_labels() -> dict[str, str]:
    """Ours, overridden by the statistics' table (nested by category) where it has a key."""
    labels = dict(REPORT_LABELS_VI)
    try:
        from survey.stats.labels import LABELS_VI as stats_labels
    except ImportError:
        return labels
    for category in STATS_CATEGORIES:
        labels.update(stats_labels.get(category, {}))
    return labels


LABELS_VI = _load_labels()


def label_vi(key: str | None) -> str:
    """The Vietnamese label of a verdict or status key; unknown keys print as given."""
    if key is None:
        return "—"
    return LABELS_VI.get(key, key)


def verdict_sentence(verdict: str | None, target) -> str:
    """The headline verdict: "Cao hơn mục tiêu 80% (có ý nghĩa thống kê)"."""
    goal = pct_target(target)
    if verdict == "above":
        return f"Cao hơn mục tiêu {goal} (có ý nghĩa thống kê)"
    if verdict == "below":
        return f"Thấp hơn mục tiêu {goal} (có ý nghĩa thống kê)"
    if verdict == "indeterminate":
        return (f"Chưa khẳng định được cao hay thấp hơn mục tiêu {goal} "
                "(khoảng tin cậy chứa mục tiêu)")
    return "Chưa đủ dữ liệu để so sánh với mục tiêu"


def change_sentence(verdict: str | None) -> str:
    """The change verdict in words, with its meaning made explicit."""
    if verdict in ("improved", "declined"):
        return f"{label_vi(verdict)} (có ý nghĩa thống kê)"
    if verdict == "no-change":
        return label_vi(verdict)
    return "Chưa đủ dữ liệu để so sánh"
