"""Turning a posted survey into a stored response: parse, validate, store in one transaction.

Plain values in, a Response out; no request object here, so the web form, the kiosk,
the CSV import and the demo all go through the same rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .models import Answer, Channel, Comment, Contact, QuestionnaireItem, Response
from .timeutil import local_date

ITEM_PREFIX = "q_"
COMMENT_MAX = 1000
VALID_VALUES = range(0, 6)


class SubmissionError(ValueError):
    """Bad input from a citizen or a file: the message is shown as it is."""


@dataclass
class ContactInput:
    phone: str | None = None
    email: str | None = None


@dataclass
class Submission:
    ratings: dict[str, int] = field(default_factory=dict)
    choices: dict[str, str] = field(default_factory=dict)
    comment: str | None = None
    contact: ContactInput | None = None
    language: str = "vi"
    seconds_spent: int | None = None
    idempotency_key: str | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.ratings or self.choices or self.comment)


def parse_answers(values: Mapping[str, str], items: list[QuestionnaireItem]) -> Submission:
    """Read item answers keyed by item key (without prefix). Empty means not answered."""
    by_key = {item.key: item for item in items}
    unknown = sorted(set(values) - set(by_key))
    if unknown:
        raise SubmissionError(_l("Câu hỏi không tồn tại: %(key)s", key=unknown[0]))
    submission = Submission()
    for key, raw in values.items():
        raw = (raw or "").strip()
        if raw == "":
            continue
        item = by_key[key]
        if item.type == "rating":
            submission.ratings[key] = parse_rating(key, raw)
        elif item.type == "choice":
            submission.choices[key] = parse_choice(item, raw)
        else:
            submission.comment = parse_comment(raw)
    return submission


def parse_rating(key: str, raw: str) -> int:
    if not raw.isdigit() or int(raw) not in VALID_VALUES:
        raise SubmissionError(
            _l("Câu trả lời cho câu %(key)s phải là một mức từ 0 đến 5.", key=key))
    return int(raw)


def parse_choice(item: QuestionnaireItem, raw: str) -> str:
    allowed = {option["value"] for option in item_options(item)}
    if raw not in allowed:
        raise SubmissionError(_l("Lựa chọn không hợp lệ cho câu %(key)s.", key=item.key))
    return raw


def parse_comment(raw: str) -> str:
    if len(raw) > COMMENT_MAX:
        raise SubmissionError(
            _l("Ý kiến dài quá %(max)d ký tự. Vui lòng rút gọn.", max=COMMENT_MAX))
    return raw


def item_options(item: QuestionnaireItem) -> list[dict]:
    for spec in item.questionnaire.spec.get("items", []):
        if spec["key"] == item.key:
            return spec.get("options", [])
    return []


def store(session: Session, channel: Channel, submission: Submission, *, now: dt.datetime,
          timezone: str, verified: bool = False, flags: tuple[str, ...] = (),
          device_hash: str | None = None) -> Response:
    """Add the response, its answers, comment and contact; the caller commits once."""
    response = Response(
        channel=channel, unit_id=channel.unit_id, questionnaire_id=channel.questionnaire_id,
        submitted_at=now, local_date=local_date(now, timezone), language=submission.language,
        verified=verified, seconds_spent=submission.seconds_spent, flags=",".join(flags),
        device_hash=device_hash, idempotency_key=submission.idempotency_key,
    )
    for key, value in submission.ratings.items():
        response.answers.append(Answer(item_key=key, value=value))
    for key, choice in submission.choices.items():
        response.answers.append(Answer(item_key=key, choice=choice))
    if submission.comment:
        response.comment = Comment(text=submission.comment, status="new")
        if submission.contact:
            response.comment.contact = Contact(
                phone=submission.contact.phone, email=submission.contact.email,
                consented_at=now)
    session.add(response)
    return response


def commit_once(session: Session, submission: Submission) -> bool:
    """Commit; False when the idempotency key was already used (a double tap)."""
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        if submission.idempotency_key and idempotency_key_used(session, submission):
            return False
        raise
    return True


def idempotency_key_used(session: Session, submission: Submission) -> bool:
    from sqlalchemy import select

    found = session.scalar(
        select(Response.id).where(Response.idempotency_key == submission.idempotency_key))
    return found is not None
