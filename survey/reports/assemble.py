"""Building the reports' plain-data contexts (see context.py) from the database.

The figures come from statistics.unit_stats / group_stats, the very functions behind
`stats --format json`, so a PDF and the JSON can never disagree. Everything here returns
plain dicts; rendering (pdf.py) never sees a model object.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy.orm import Session

from .. import queries, statistics
from ..models import Unit
from ..periods import Period
from ..stats.funnel import funnel_curves
from ..stats.intervals import wilson
from ..stats.verdicts import reliability, target_verdict

CHANNEL_LABELS = {"desk": "Mã QR tại quầy", "kiosk": "Máy tính bảng tại quầy",
                  "receipt": "Mã trên phiếu hẹn", "link": "Đường dẫn"}
KIND_LABELS = {"administrative": "các cơ quan hành chính", "health": "các đơn vị y tế",
               "education": "các cơ sở giáo dục", "other": "các đơn vị khác"}
LEVEL_LABELS = {"department": "các sở, ban, ngành", "district": "các huyện, thành phố",
                "commune": "các xã, phường, thị trấn", "hospital": "các bệnh viện",
                "health_station": "các trạm y tế", "school": "các trường học"}
LATEST_COMMENTS = 8
HANDLED = ("resolved", "dismissed")


def header(config) -> dict:
    today = dt.datetime.now(ZoneInfo(config["TIMEZONE"])).date()
    return {"issuer": {"parent": config["ISSUER_PARENT"], "name": config["ISSUER_NAME"],
                       "doc_number": config["REPORT_DOC_NUMBER"]},
            "place": config["PLACE"], "issued_on": today,
            "thresholds": {"suppress": config["MIN_N"], "low": config["LOW_N"]}}


def headline(x: int, n: int, target: float) -> dict:
    """Rate, interval, verdict and reliability of a count, suppressed below MIN_N."""
    config = current_app.config
    rel = reliability(n, config["MIN_N"], config["LOW_N"])
    if rel == "suppressed":
        return {"n": n, "satisfied": x, "rate": None, "ci": None, "verdict": "insufficient",
                "reliability": rel, "target": target}
    ci = wilson(x, n)
    return {"n": n, "satisfied": x, "rate": x / n, "ci": [ci.low, ci.high],
            "verdict": target_verdict(ci, target), "reliability": rel, "target": target}


def trend(session: Session, unit_ids, period: Period, target: float, count: int = 12):
    """The headline for this period and the count-1 before it, oldest first."""
    periods = period.trailing(count)
    days = queries.overall_by_day(session, unit_ids, periods[0].start, periods[-1].end)
    points = []
    for p in periods:
        x = sum(s for day, s, _ in days if p.start <= day <= p.end)
        n = sum(v for day, _, v in days if p.start <= day <= p.end)
        points.append({"period": p.label, **headline(x, n, target)})
    return points


def texts(session: Session, unit_ids) -> tuple[dict[str, str], dict[str, str]]:
    """Item texts and dimension titles (Vietnamese) of the scope's questionnaires."""
    items, titles = {}, {}
    for questionnaire in queries.questionnaires_used(session, unit_ids):
        for item in questionnaire.items:
            items.setdefault(item.key, item.text_vi)
        for dimension in questionnaire.spec.get("dimensions", []):
            titles.setdefault(dimension["key"], dimension["title"]["vi"])
    return items, titles


def comments(session: Session, unit_ids, period: Period) -> dict:
    counts = queries.comment_counts(session, unit_ids, period.start, period.end)
    latest = queries.latest_comments(session, unit_ids, period.start, period.end,
                                     LATEST_COMMENTS)
    return {"items": [{"date": day, "text": text, "status": status}
                      for day, text, status in latest],
            "total": sum(counts.values()),
            "handled": sum(n for status, n in counts.items() if status in HANDLED)}


def province_figure(session: Session, unit: Unit, period: Period) -> tuple[dict, str]:
    root = queries.root_unit(session, unit)
    ids = queries.subtree_ids(root.id)
    days = queries.overall_by_day(session, ids, period.start, period.end)
    x, n = sum(d[1] for d in days), sum(d[2] for d in days)
    return headline(x, n, statistics.target_for(root)), f"Toàn {root.name}".replace(
        "Toàn UBND ", "Toàn ")


def unit_context(session: Session, unit: Unit, period: Period) -> dict:
    scope = statistics.unit_scope(session, unit)
    summary = statistics.unit_stats(session, unit, period, scope=scope)
    item_texts, titles = texts(session, scope.unit_ids)
    for item in summary["items"]:
        item["text_vi"] = item_texts.get(item["key"], item["key"])
    parent, parent_label = province_figure(session, unit, period)
    channels = queries.responses_by_channel(session, scope.unit_ids, period.start, period.end)
    return {
        **header(current_app.config), "period": period.label,
        "unit": {"code": unit.code, "name": unit.name, "kind": unit.kind, "level": unit.level},
        "summary": summary, "dimension_titles": titles,
        "parent_summary": parent if unit.parent is not None else None,
        "parent_label": parent_label,
        "trend": trend(session, scope.unit_ids, period, scope.target),
        "channels": [{"kind": kind, "label_vi": f"{CHANNEL_LABELS.get(kind, kind)}: {label}",
                      "n": n} for kind, label, n in channels],
        "response_rate": summary.get("response_rate"), "served": summary.get("served"),
        "comments": comments(session, scope.unit_ids, period),
        "methods_note": True,
    }


def group_label(group: str, province: str) -> str:
    """'Các xã, phường, thị trấn tỉnh Hòa Bình': the group as a report title says it."""
    if group == "all":
        label = "tất cả các đơn vị"
    else:
        label = KIND_LABELS.get(group) or LEVEL_LABELS.get(group) or f"các đơn vị cấp {group}"
    return f"{label[0].upper()}{label[1:]} {province}"


def comparison_context(session: Session, group: str, period: Period,
                       show_ranking: bool = True) -> dict:
    config = current_app.config
    _, scopes = statistics.group_scopes(session, group, period)
    data = statistics.group_stats(session, group, period, scopes)
    data["units"].sort(key=lambda u: (u.get("name") or u["unit"]))
    plotted = [u["n"] for u in data["units"] if u["funnel"] != "not-plotted"]
    curves = []
    if plotted and data["centre"] is not None:
        dispersion = data["overdispersion"]
        curves = funnel_curves(data["centre"], dispersion["method"], dispersion["tau2"] or 0.0,
                               max(plotted) * 1.1, config["MIN_N"])
    ids = sorted({i for scope in scopes for i in scope.unit_ids})
    return {
        **header(config), "period": period.label,
        "group_label": group_label(group, f"tỉnh {config['PLACE']}"),
        "group": data, "funnel_curves": curves,
        "trend": trend(session, ids, period, config["TARGET"]) if ids else [],
        "show_ranking": show_ranking,
    }
