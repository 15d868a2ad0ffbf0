"""The data contract of the PDF reports, and example contexts for tests and benches.

Templates receive plain dicts, lists, numbers, strings and dates; never model objects.
Rates are fractions (0.874, not 87.4); intervals are [low, high] lists; a suppressed or
unknown figure is None (printed "—"). The `summary` and `group` dicts are exactly what
`flask --app survey stats --format json` prints (DESIGN.md), so the assembler passes the
statistics output through and adds labels, trend and comments around it.

Unit report (`render_unit_report`) — required keys:
    issuer            {"parent": "UBND TỈNH PHÚ THỌ", "name": "SỞ NỘI VỤ"}
                      optional "doc_number": "125/BC-SNV" (printed "Số: 125/BC-SNV")
    place             "Phú Thọ" (for "Phú Thọ, ngày 02 tháng 12 năm 2026")
    issued_on         datetime.date
    period            "2026-11" | "2026-Q4" | "2026-H2" | "2026" | "2026-10-01..2026-11-15"
    unit              {"code", "name", "kind", "level"}
    summary           the unit dict of stats json: unit, period, n, satisfied, rate, ci,
                      verdict, target, reliability (ok|low|suppressed),
                      dimensions [{key, n, rate, ci}], aspect_index {value, ci},
                      mean_score {value, ci}, all_round {rate, ci},
                      change {diff, ci, verdict} (or None), verified_share, flagged_share;
                      optional: items [{key, text_vi, n, rate, ci, no_opinion}] (the
                      assembler adds text_vi from the questionnaire), responses (all
                      responses counted), mean_score_100 {value, ci} (derived as
                      25 (mean - 1) when absent), verified_n / verified_rate /
                      verified_ci (printed beside the headline when both n >= 30),
                      a row's reliability ("low" adds the (*) mark)
    dimension_titles  {"access": "Tiếp cận dịch vụ", ...}
    parent_summary    same shape as summary (the province or parent group) or None
    parent_label      "Toàn tỉnh Phú Thọ" (printed beside the parent figure)
    trend             [{period, n, rate, ci, reliability?}] oldest first, usually 12;
                      rate and ci None when suppressed
    channels          [{kind, label_vi, n}]
    response_rate     optional float; served: optional int (dossiers or visits served);
                      when absent, the summary's own response_rate and served are used
    comments          {"items": [{date, text, status}], "total": int, "handled": int};
                      texts are masked here, the assembler passes them as stored
    methods_note      True for the standard methods box, or a str to add to it, or False
Optional: signer {"authority": "KT. GIÁM ĐỐC", "position": "PHÓ GIÁM ĐỐC", "name"},
recipients ["Như trên;", "Lưu: VT."], thresholds {"suppress": 10, "low": 30}
(the configured small-number thresholds, printed in the methods box).

Comparison report (`render_comparison_report`) — required keys:
    issuer, place, issued_on, period    as above
    group_label       "các xã, phường tỉnh Phú Thọ"
    group             the group dict of stats json: centre, target,
                      overdispersion {phi, tau2, method}, n, rate, ci, units: [unit fields
                      + name, limits95, limits998, funnel, eb_mean, eb_ci, p_above_target,
                      rank_interval]; units are printed in the order given (sort by name
                      or code, never by rate)
    funnel_curves     [[n, low95, high95, low998, high998], ...] increasing n
    trend             the group's trend, as for a unit
    show_ranking      bool: print the empirical-Bayes order with rank intervals
Optional: signer, recipients, thresholds as above.
"""

from __future__ import annotations

import datetime as dt
import math
import random

Z95 = 1.959963984540054

UNIT_KEYS = ("issuer", "place", "issued_on", "period", "unit", "summary",
             "dimension_titles", "parent_summary", "parent_label", "trend", "channels",
             "comments", "methods_note")
SUMMARY_KEYS = ("n", "rate", "ci", "verdict", "target", "reliability", "dimensions",
                "aspect_index", "mean_score", "all_round", "change", "verified_share",
                "flagged_share")
COMPARISON_KEYS = ("issuer", "place", "issued_on", "period", "group_label", "group",
                   "funnel_curves", "trend", "show_ranking")
GROUP_KEYS = ("centre", "target", "overdispersion", "n", "rate", "ci", "units")
DEFAULT_THRESHOLDS = {"suppress": 10, "low": 30}


class ContextError(ValueError):
    """A report context does not follow the contract above."""


def _require(mapping, keys, where: str) -> None:
    if not isinstance(mapping, dict):
        raise ContextError(f"{where} must be a dict, got {type(mapping).__name__}")
    missing = [key for key in keys if key not in mapping]
    if missing:
        raise ContextError(f"{where} lacks {', '.join(missing)}")


def check_unit_context(context: dict) -> None:
    """Raise ContextError naming the first missing part of a unit report context."""
    _require(context, UNIT_KEYS, "unit report context")
    _require(context["summary"], SUMMARY_KEYS, "summary")
    _require(context["comments"], ("items", "total", "handled"), "comments")


def check_comparison_context(context: dict) -> None:
    """Raise ContextError naming the first missing part of a comparison context."""
    _require(context, COMPARISON_KEYS, "comparison context")
    _require(context["group"], GROUP_KEYS, "group")


# --- examples (synthetic numbers, for tests, benches and the template designer) -------

def _wilson(x: int, n: int) -> list[float] | None:
    """Example-only Wilson interval; published intervals come from survey.stats."""
    if n == 0:
        return None
    p, z2 = x / n, Z95 * Z95
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return [round(centre - half, 4), round(centre + half, 4)]


def _verdict(ci, target: float) -> str:
    if ci is None:
        return "insufficient"
    return "above" if ci[0] > target else "below" if ci[1] < target else "indeterminate"


def _reliability(n: int) -> str:
    return "suppressed" if n < 10 else "low" if n < 30 else "ok"


def _rate_block(x: int, n: int) -> dict:
    shown = n >= 10
    return {"n": n, "rate": round(x / n, 4) if shown else None,
            "ci": _wilson(x, n) if shown else None}


def _months_back(period: str, count: int) -> list[str]:
    year, month = map(int, period.split("-"))
    months = []
    for _ in range(count):
        months.append(f"{year}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return months[::-1]


def example_trend(period: str = "2026-11", seed: int = 3, *, base: float = 0.84,
                  sizes: list[int] | None = None, last_x: int | None = None) -> list[dict]:
    """Twelve months ending at `period`; one small month (Tết) is suppressed.
    `last_x` sets the satisfied count of the last month, to agree with a summary."""
    rng = random.Random(seed)
    sizes = sizes or [212, 240, 226, 8, 24, 251, 263, 270, 248, 281, 296, 310]
    trend = []
    for index, (month, n) in enumerate(zip(_months_back(period, len(sizes)), sizes,
                                           strict=True)):
        x = min(n, round(n * (base + rng.uniform(-0.04, 0.04))))
        if last_x is not None and index == len(sizes) - 1:
            x = last_x
        block = _rate_block(x, n)
        trend.append({"period": month, **block, "reliability": _reliability(n)})
    return trend


DIMENSION_TITLES = {
    "access": "Tiếp cận dịch vụ",
    "procedure": "Thủ tục hành chính",
    "staff": "Công chức trực tiếp giải quyết công việc",
    "result": "Kết quả giải quyết công việc",
    "feedback": "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị",
}

ITEMS = [
    ("access_place", "access", "Nơi tiếp nhận hồ sơ dễ tìm, có đủ chỗ ngồi, tiện nghi"),
    ("procedure_public", "procedure", "Thủ tục được niêm yết công khai, đầy đủ, dễ hiểu"),
    ("staff_courtesy", "staff", "Công chức tiếp nhận lịch sự, tận tình, không gây phiền hà"),
    ("staff_skill", "staff", "Công chức hướng dẫn kê khai hồ sơ rõ ràng, dễ hiểu"),
    ("result_ontime", "result", "Kết quả được trả đúng hẹn, đúng quy định"),
    ("feedback_handled", "feedback", "Góp ý, phản ánh được tiếp nhận và trả lời kịp thời"),
]


def example_summary(n: int = 310, satisfied: int = 271, *, unit: str = "X-THANHSON",
                    period: str = "2026-11", target: float = 0.8) -> dict:
    """A unit dict shaped like `stats --format json`; suppressed when n < 10."""
    block = _rate_block(satisfied, n)
    shown = block["rate"] is not None
    dims, items = [], []
    for offset, key in enumerate(DIMENSION_TITLES):
        answered = max(0, n - 4 * offset)
        good = round(answered * (0.91 - 0.035 * offset))
        dims.append({"key": key, **_rate_block(good, answered)})
    for offset, (key, _dim, text) in enumerate(ITEMS):
        no_opinion = round(n * 0.01 * offset)
        answered = max(0, n - no_opinion)
        good = round(answered * (0.90 - 0.025 * offset))
        items.append({"key": key, "text_vi": text, **_rate_block(good, answered),
                      "no_opinion": no_opinion})

    def interval(value, half):
        return {"value": value if shown else None,
                "ci": [round(value - half, 4), round(value + half, 4)] if shown else None}

    verified_n = round(n * 0.41)
    verified_x = round(verified_n * 0.89)
    return {
        "unit": unit, "period": period, "n": n, "satisfied": satisfied,
        **block, "verdict": _verdict(block["ci"], target), "target": target,
        "reliability": _reliability(n), "dimensions": dims, "items": items,
        "aspect_index": interval(0.8612, 0.0251), "mean_score": interval(4.21, 0.07),
        "mean_score_100": interval(80.25, 1.75),
        "all_round": {"rate": 0.6237 if shown else None,
                      "ci": [0.5686, 0.6757] if shown else None},
        "change": ({"diff": 0.0312, "ci": [-0.0231, 0.0857], "verdict": "no-change"}
                   if shown else {"diff": None, "ci": None, "verdict": None}),
        "responses": n + 8, "verified": round((n + 8) * 0.4129),
        "verified_share": 0.4129 if shown else None,
        "flagged_share": 0.0226 if shown else None,
        "verified_n": verified_n, "verified_satisfied": verified_x,
        "verified_rate": round(verified_x / verified_n, 4) if verified_n >= 10 else None,
        "verified_ci": _wilson(verified_x, verified_n) if verified_n >= 10 else None,
        "served": None, "response_rate": None,
    }


def example_document(recipients: list[str]) -> dict:
    """The document part shared by both reports: issuer, place, date, period, signer."""
    return {
        "issuer": {"parent": "UBND TỈNH PHÚ THỌ", "name": "SỞ NỘI VỤ",
                   "doc_number": "      /BC-SNV"},
        "place": "Phú Thọ",
        "issued_on": dt.date(2026, 12, 2),
        "period": "2026-11",
        "signer": {"authority": "KT. GIÁM ĐỐC", "position": "PHÓ GIÁM ĐỐC",
                   "name": "Nguyễn Thị Minh Hằng"},
        "recipients": recipients,
        "thresholds": dict(DEFAULT_THRESHOLDS),
    }


def example_unit_context(**overrides) -> dict:
    """A complete unit report context (UBND xã Thanh Sơn, November 2026)."""
    context = {
        **example_document(["UBND xã Thanh Sơn;", "Giám đốc Sở (để b/c);", "Lưu: VT, CCHC."]),
        "unit": {"code": "X-THANHSON", "name": "UBND xã Thanh Sơn",
                 "kind": "administrative", "level": "xã"},
        "summary": example_summary(),
        "dimension_titles": dict(DIMENSION_TITLES),
        "parent_summary": example_summary(41250, 35112, unit="PT"),
        "parent_label": "Toàn tỉnh Phú Thọ",
        "trend": example_trend(last_x=271),
        "channels": [
            {"kind": "desk", "label_vi": "Mã QR tại quầy", "n": 142},
            {"kind": "receipt", "label_vi": "Mã một lần trên phiếu hẹn", "n": 128},
            {"kind": "kiosk", "label_vi": "Máy tính bảng tại quầy", "n": 37},
            {"kind": "link", "label_vi": "Đường liên kết", "n": 11},
        ],
        "response_rate": 0.1262, "served": 2520,
        "comments": {
            "items": [
                {"date": dt.date(2026, 11, 27), "status": "resolved",
                 "text": "Cán bộ một cửa hướng dẫn rất tận tình, hồ sơ đất đai trả đúng hẹn."},
                {"date": dt.date(2026, 11, 24), "status": "in progress",
                 "text": "Chờ lâu ở quầy tư pháp, đề nghị gọi lại cho tôi số 0912 345 678 "
                         "hoặc +84 987654321."},
                {"date": dt.date(2026, 11, 19), "status": "new",
                 "text": "Tôi đã nộp bản sao CCCD 025123456789 hai lần vẫn bị yêu cầu bổ "
                         "sung. Liên hệ: nguyenvana@gmail.com."},
                {"date": dt.date(2026, 11, 12), "status": "resolved",
                 "text": "Bãi để xe chật, trời mưa không có mái che."},
                {"date": dt.date(2026, 11, 3), "status": "dismissed",
                 "text": "Ý kiến không liên quan đến thủ tục hành chính."},
            ],
            "total": 14, "handled": 11,
        },
        "methods_note": True,
    }
    context.update(overrides)
    return context


def example_suppressed_unit_context() -> dict:
    """A unit with 7 respondents: no rate may be printed anywhere."""
    summary = example_summary(7, 6, unit="X-MYLUONG")
    trend = example_trend(sizes=[9, 12, 6, 3, 8, 11, 14, 9, 10, 12, 8, 7], last_x=6)
    return example_unit_context(
        unit={"code": "X-MYLUONG", "name": "UBND xã Mỹ Lương",
              "kind": "administrative", "level": "xã"},
        summary=summary, trend=trend,
        channels=[{"kind": "desk", "label_vi": "Mã QR tại quầy", "n": 11},
                  {"kind": "link", "label_vi": "Đường liên kết", "n": 4}],
        response_rate=None, served=None,
        comments={"items": [], "total": 0, "handled": 0},
    )


COMMUNES = [
    "Thanh Sơn", "Mỹ Lương", "Cao Phong", "Lạc Thủy", "Kim Bôi", "Tân Lạc", "Mai Châu",
    "Đà Bắc", "Lương Sơn", "Yên Thủy", "Lạc Sơn", "Phù Ninh", "Lâm Thao", "Cẩm Khê",
    "Hạ Hòa", "Đoan Hùng", "Thanh Ba", "Tam Nông", "Thanh Thủy", "Yên Lập", "Vĩnh Tường",
    "Tam Dương", "Lập Thạch", "Sông Lô", "Bình Xuyên", "Yên Lạc", "Tam Đảo", "Thổ Tang",
]


def _funnel_status(rate, n, centre) -> str:
    se = math.sqrt(centre * (1 - centre) / n)
    z = (rate - centre) / se
    if abs(z) > 3.090232:
        return "alarm-high" if z > 0 else "alarm-low"
    if abs(z) > Z95:
        return "alert-high" if z > 0 else "alert-low"
    return "in"


def example_funnel_curves(centre: float, n_max: int) -> list[list[float]]:
    """Example-only normal-approximation limits; real ones are exact (survey.stats)."""
    rows = []
    for n in sorted({*range(10, 100, 5), *range(100, n_max + 60, 20)}):
        se = math.sqrt(centre * (1 - centre) / n)
        rows.append([n, *(max(0.0, min(1.0, centre + sign * z * se))
                          for z in (Z95, 3.090232) for sign in (-1, 1))])
    return rows


def example_group(seed: int = 11, target: float = 0.8) -> dict:
    """A group dict shaped like `stats --format json` for 28 commune offices."""
    rng = random.Random(seed)
    units, plotted = [], []
    for index, name in enumerate(COMMUNES):
        n = {1: 7, 2: 4}.get(index) or rng.randint(25, 420)
        true_rate = 0.84 + rng.gauss(0, 0.045)
        if name in ("Đà Bắc", "Yên Lập"):
            true_rate = 0.66
        x = min(n, max(0, round(n * true_rate + rng.gauss(0, 2))))
        block = _rate_block(x, n)
        units.append({"unit": f"X-{index + 1:03d}", "name": f"UBND xã {name}",
                      "n": n, "satisfied": x, **block, "target": target,
                      "verdict": _verdict(block["ci"], target),
                      "reliability": _reliability(n)})
        if block["rate"] is not None:
            plotted.append((x, n))
    centre = sum(x for x, _ in plotted) / sum(n for _, n in plotted)
    for unit in units:
        _add_funnel_fields(unit, centre)
    _add_ranks(units, target)
    total_x = sum(u["satisfied"] for u in units)
    total_n = sum(u["n"] for u in units)
    return {"centre": round(centre, 4), "target": target,
            "overdispersion": {"phi": 1.84, "tau2": 0.00112, "method": "additive"},
            "n": total_n, "satisfied": total_x, "rate": round(total_x / total_n, 4),
            "ci": _wilson(total_x, total_n), "units": units}


def _add_funnel_fields(unit: dict, centre: float) -> None:
    n, rate = unit["n"], unit["rate"]
    if rate is None:
        unit.update(limits95=None, limits998=None, funnel="not-plotted", eb_mean=None,
                    eb_ci=None, p_above_target=None, rank_interval=None)
        return
    se = math.sqrt(centre * (1 - centre) / n)
    shrink = n / (n + 60)
    eb = shrink * rate + (1 - shrink) * centre
    unit.update(
        limits95=[round(centre - Z95 * se, 4), round(centre + Z95 * se, 4)],
        limits998=[round(centre - 3.090232 * se, 4), round(centre + 3.090232 * se, 4)],
        funnel=_funnel_status(rate, n, centre), eb_mean=round(eb, 4),
        eb_ci=[round(eb - 1.6 * se, 4), round(eb + 1.6 * se, 4)])


def _add_ranks(units: list[dict], target: float) -> None:
    ranked = sorted((u for u in units if u["eb_mean"] is not None),
                    key=lambda u: -u["eb_mean"])
    for position, unit in enumerate(ranked, start=1):
        spread = max(1, round(len(ranked) * 60 / (unit["n"] + 60) / 2))
        unit["rank_interval"] = [max(1, position - spread),
                                 min(len(ranked), position + spread)]
        margin = (unit["eb_mean"] - target) / max(1e-9, unit["eb_ci"][1] - unit["eb_mean"])
        unit["p_above_target"] = round(min(0.999, max(0.001, 0.5 + 0.3 * margin)), 3)


def example_comparison_context(**overrides) -> dict:
    """A complete comparison context: 28 commune offices of Phú Thọ, November 2026."""
    group = example_group()
    n_max = max(u["n"] for u in group["units"])
    context = {
        **example_document(["UBND tỉnh (để b/c);", "UBND các xã, phường;", "Lưu: VT, CCHC."]),
        "group_label": "Trung tâm phục vụ hành chính công các xã",
        "group": group,
        "funnel_curves": example_funnel_curves(group["centre"], n_max),
        "trend": example_trend(base=0.845, sizes=[4210, 4630, 4480, 3120, 4390, 4720,
                                                   4810, 4900, 4640, 4720, 4810, group["n"]],
                               last_x=group["satisfied"]),
        "show_ranking": True,
    }
    context.update(overrides)
    return context
