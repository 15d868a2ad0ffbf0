"""Responses CSV/XLSX: import from paper forms or other systems, export for analysis.

Columns: unit_code,questionnaire (KEY or KEY@VERSION),submitted_at (ISO 8601 with
offset),channel_kind, one column per item key (1-5, 0 = no opinion, empty = not asked),
comment. Export writes the same columns (so an export re-imports) plus verified, flags
and excluded, which import ignores.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from . import questionnaires, submissions
from .csvio import CsvImportError, read_rows, write_csv
from .models import CHANNEL_KINDS, Channel, Questionnaire, Response, Unit
from .periods import Period
from .timeutil import to_utc_naive

FIXED = ["unit_code", "questionnaire", "submitted_at", "channel_kind"]
METADATA = ["verified", "flags", "excluded"]
IMPORT_LABEL = "Nhập từ tệp"


def import_responses(session: Session, path: Path, timezone: str) -> int:
    """All-or-nothing: every row is parsed and checked before anything is written."""
    rows = list(read_rows(path, FIXED))
    units = {u.code: u for u in session.scalars(select(Unit))}
    cache: dict[str, Questionnaire | None] = {}
    parsed = [parse_row(session, number, row, units, cache) for number, row in rows]
    channels: dict[tuple, Channel] = {}
    for unit, questionnaire, kind, moment, submission in parsed:
        channel = import_channel(session, channels, unit, questionnaire, kind)
        submissions.store(session, channel, submission, now=moment, timezone=timezone)
    return len(parsed)


def parse_row(session, number, row, units, cache):
    unit = units.get(row["unit_code"])
    if unit is None:
        raise CsvImportError(number, f"unit_code '{row['unit_code']}' is not a known unit")
    reference = row["questionnaire"]
    if reference not in cache:
        cache[reference] = questionnaires.by_reference(session, reference)
    questionnaire = cache[reference]
    if questionnaire is None:
        raise CsvImportError(number, f"questionnaire '{reference}' does not exist")
    if row["channel_kind"] not in CHANNEL_KINDS:
        raise CsvImportError(number, f"channel_kind '{row['channel_kind']}' is not one of "
                             + ", ".join(CHANNEL_KINDS))
    moment = parse_moment(number, row["submitted_at"])
    answers = {key: value for key, value in row.items()
               if key not in FIXED and key not in METADATA and value}
    try:
        submission = submissions.parse_answers(answers, questionnaire.items)
    except submissions.SubmissionError as problem:
        raise CsvImportError(number, str(problem)) from None
    if submission.is_empty:
        raise CsvImportError(number, "the row answers no question")
    return unit, questionnaire, row["channel_kind"], moment, submission


def parse_moment(number: int, text: str) -> dt.datetime:
    try:
        return to_utc_naive(dt.datetime.fromisoformat(text))
    except ValueError as problem:
        raise CsvImportError(number, f"submitted_at '{text}': {problem}") from None


def import_channel(session, channels, unit, questionnaire, kind) -> Channel:
    """Imported responses hang on one channel per unit, questionnaire and kind."""
    from .channels import create_channel

    key = (unit.id, questionnaire.id, kind)
    if key not in channels:
        channel = session.scalar(select(Channel).where(
            Channel.unit_id == unit.id, Channel.questionnaire_id == questionnaire.id,
            Channel.kind == kind, Channel.label == IMPORT_LABEL))
        if channel is None:
            channel = create_channel(session, unit, questionnaire, kind, IMPORT_LABEL)
            channel.active = False  # nobody scans an import channel
            session.flush()  # responses refer to the channel's ids
        channels[key] = channel
    return channels[key]


def export_rows(session: Session, period: Period, timezone: str) -> tuple[list[str], list]:
    from zoneinfo import ZoneInfo

    query = (select(Response).where(Response.local_date.between(period.start, period.end))
             .options(selectinload(Response.answers), selectinload(Response.comment),
                      selectinload(Response.unit), selectinload(Response.channel),
                      selectinload(Response.questionnaire))
             .order_by(Response.submitted_at, Response.id))
    responses = list(session.scalars(query))
    item_keys = item_columns(session, responses)
    zone = ZoneInfo(timezone)
    rows = []
    for r in responses:
        values = {a.item_key: a.value if a.value is not None else a.choice for a in r.answers}
        local = r.submitted_at.replace(tzinfo=dt.UTC).astimezone(zone)
        rows.append([r.unit.code, f"{r.questionnaire.key}@{r.questionnaire.version}",
                     local.isoformat(), r.channel.kind,
                     *[values.get(key, "") for key in item_keys],
                     r.comment.text if r.comment else "",
                     int(r.verified), r.flags, int(r.excluded)])
    return FIXED + item_keys + ["comment"] + METADATA, rows


def item_columns(session: Session, responses: list[Response]) -> list[str]:
    keys: list[str] = []
    for questionnaire in {r.questionnaire for r in responses}:
        for item in questionnaire.items:
            if item.type != "text" and item.key not in keys:
                keys.append(item.key)
    return sorted(keys, key=lambda k: (k != "overall", k))


def export_csv(session: Session, period: Period, timezone: str) -> str:
    header, rows = export_rows(session, period, timezone)
    return write_csv(header, rows)


def export_xlsx(session: Session, period: Period, timezone: str) -> bytes:
    from openpyxl import Workbook

    header, rows = export_rows(session, period, timezone)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("responses")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
