"""Plain-word labels for every verdict and status the statistics produce.

One table, so that pages, PDFs and exports use the same words for the same
statistical statement (docs/methods.md defines them).  Vietnamese is what
officials read; English mirrors it for the English interface.  Keys are the
machine values found in the JSON output of ``stats`` and in the dataclasses.
"""
from __future__ import annotations

LABELS_VI: dict[str, dict[str, str]] = {
    "verdict": {
        "above": "Đạt mục tiêu (chắc chắn)",
        "below": "Chưa đạt mục tiêu (chắc chắn)",
        "indeterminate": "Chưa kết luận được so với mục tiêu",
        "insufficient": "Chưa đủ dữ liệu",
    },
    "reliability": {
        "ok": "Đủ độ tin cậy",
        "low": "Độ tin cậy thấp (ít phiếu)",
        "suppressed": "Chưa đủ dữ liệu",
    },
    "change": {
        "improved": "Tăng rõ rệt",
        "declined": "Giảm rõ rệt",
        "no-change": "Chưa thấy thay đổi rõ rệt",
    },
    "funnel": {
        "in": "Trong giới hạn kiểm soát",
        "alert-high": "Cao bất thường (mức cảnh báo)",
        "alert-low": "Thấp bất thường (mức cảnh báo)",
        "alarm-high": "Cao bất thường (mức báo động)",
        "alarm-low": "Thấp bất thường (mức báo động)",
        "not-plotted": "Không đưa lên biểu đồ (chưa đủ dữ liệu)",
    },
    "method": {
        "binomial": "Giới hạn nhị thức chính xác",
        "additive-random-effects": "Giới hạn nới rộng do chênh lệch giữa các đơn vị",
    },
    "measure": {
        "rate": "Tỷ lệ hài lòng",
        "ci": "Khoảng tin cậy 95%",
        "target": "Mục tiêu",
        "dimensions": "Tỷ lệ hài lòng theo từng khía cạnh",
        "aspect_index": "Chỉ số hài lòng chung các khía cạnh",
        "mean_score": "Điểm trung bình (thang 1-5)",
        "mean_score_100": "Điểm trung bình (thang 0-100)",
        "all_round": "Tỷ lệ hài lòng toàn diện",
        "change": "Thay đổi so với kỳ trước",
        "no_opinion": "Không ý kiến",
        "verified_share": "Tỷ lệ phiếu có mã xác thực",
        "flagged_share": "Tỷ lệ phiếu bị gắn cờ nghi vấn",
        "verified_rate": "Tỷ lệ hài lòng (chỉ phiếu có mã xác thực)",
        "response_rate": "Tỷ lệ phản hồi",
        "centre": "Tỷ lệ chung của nhóm",
        "funnel_plot": "Biểu đồ phễu",
        "eb_mean": "Ước lượng hiệu chỉnh (chỉ dùng để sắp thứ tự)",
        "rank_interval": "Khoảng thứ hạng",
        "p_above_target": "Xác suất vượt mục tiêu",
        "cronbach_alpha": "Hệ số tin cậy Cronbach's alpha",
    },
}

LABELS_EN: dict[str, dict[str, str]] = {
    "verdict": {
        "above": "Above target (clearly)",
        "below": "Below target (clearly)",
        "indeterminate": "Cannot tell against the target",
        "insufficient": "Not enough data",
    },
    "reliability": {
        "ok": "Reliable",
        "low": "Low reliability (few responses)",
        "suppressed": "Not enough data",
    },
    "change": {
        "improved": "Clearly up",
        "declined": "Clearly down",
        "no-change": "No clear change",
    },
    "funnel": {
        "in": "Within control limits",
        "alert-high": "Unusually high (alert)",
        "alert-low": "Unusually low (alert)",
        "alarm-high": "Unusually high (alarm)",
        "alarm-low": "Unusually low (alarm)",
        "not-plotted": "Not plotted (not enough data)",
    },
    "method": {
        "binomial": "Exact binomial limits",
        "additive-random-effects": "Limits widened for differences between units",
    },
    "measure": {
        "rate": "Satisfaction rate",
        "ci": "95% confidence interval",
        "target": "Target",
        "dimensions": "Satisfaction rate by aspect",
        "aspect_index": "Aspect index",
        "mean_score": "Mean score (1-5 scale)",
        "mean_score_100": "Mean score (0-100 scale)",
        "all_round": "All-round satisfaction",
        "change": "Change from the previous period",
        "no_opinion": "No opinion",
        "verified_share": "Share of responses with a verified code",
        "flagged_share": "Share of flagged responses",
        "verified_rate": "Satisfaction rate (verified responses only)",
        "response_rate": "Response rate",
        "centre": "Group rate",
        "funnel_plot": "Funnel plot",
        "eb_mean": "Adjusted estimate (for ordering only)",
        "rank_interval": "Rank interval",
        "p_above_target": "Probability of being above target",
        "cronbach_alpha": "Cronbach's alpha",
    },
}
