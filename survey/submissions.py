"""Turning a posted survey into a stored response: parse, validate, store in one transaction.

Plain values in, a Response out; no request object here, so the web form, the kiosk,
the CSV import and the demo all go through the same rules.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from . import queries
from .models import Answer, Channel, Comment, Contact, QuestionnaireItem, Response
from .timeutil import local_date

ITEM_PREFIX = "q_"
COMMENT_MAX = 1000
RATING_VALUES = {str(value): value for value in range(0, 6)}  # "٣" or "²" are not digits here
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,100}\.[^@\s.]{2,}$")
ALLOWED_CONTROLS = {"\n", "\r", "\t"}


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

    @property
    def answer_count(self) -> int:
        return len(self.ratings) + len(self.choices) + (1 if self.comment else 0)


def parse_answers(values: Mapping[str, str], items: list[QuestionnaireItem]) -> Submission:
    """Read item answers keyed by item key (without prefix). Empty means not answered."""
    by_key = {item.key: item for item in items}
    unknown = sorted(set(values) - set(by_key))
    if unknown:
        raise SubmissionError(_l("Câu hỏi không tồn tại: %(key)s", key=unknown[0][:40]))
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
    if raw not in RATING_VALUES:
        raise SubmissionError(
            _l("Câu trả lời cho câu %(key)s phải là một mức từ 0 đến 5.", key=key))
    return RATING_VALUES[raw]


def parse_choice(item: QuestionnaireItem, raw: str) -> str:
    allowed = {option["value"] for option in item_options(item)}
    if raw not in allowed:
        raise SubmissionError(_l("Lựa chọn không hợp lệ cho câu %(key)s.", key=item.key))
    return raw


def parse_comment(raw: str) -> str:
    if len(raw) > COMMENT_MAX:
        raise SubmissionError(
            _l("Ý kiến dài quá %(max)s ký tự. Vui lòng rút gọn.",
               max=format_number(COMMENT_MAX)))
    if has_control_characters(raw):
        raise SubmissionError(_l("Ý kiến có ký tự không đọc được. Vui lòng gõ lại."))
    return unicodedata.normalize("NFC", raw)


def has_control_characters(text: str) -> bool:
    """NUL and friends (PostgreSQL refuses NUL in text); line breaks and tabs are fine."""
    return any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in ALLOWED_CONTROLS
               for ch in text)


def parse_contact(raw: str | None, consented: bool, has_comment: bool) -> ContactInput | None:
    """A phone number or e-mail for follow-up, only with explicit consent and a comment."""
    raw = (raw or "").strip()
    if not raw:
        return None
    if not consented:
        raise SubmissionError(_l("Để được liên hệ lại, Ông/Bà vui lòng đánh dấu ô đồng ý; "
                                 "nếu không, hãy xoá số điện thoại hoặc e-mail."))
    if not has_comment:
        raise SubmissionError(_l("Vui lòng viết góp ý hoặc phản ánh để chúng tôi "
                                 "liên hệ lại."))
    phone = normalise_phone(raw)
    if phone:
        return ContactInput(phone=phone)
    if len(raw) <= 120 and EMAIL.match(raw) and not has_control_characters(raw):
        return ContactInput(email=raw.lower())
    raise SubmissionError(_l("Số điện thoại hoặc e-mail chưa đúng. Ví dụ: 0912 345 678 "
                             "hoặc ten@example.vn."))


def normalise_phone(raw: str) -> str | None:
    """'+84 912.345.678' -> '0912345678'; None if it is not a Vietnamese phone number."""
    compact = re.sub(r"[\s.()-]", "", raw)
    if compact.startswith("+84"):
        compact = "0" + compact[3:]
    elif compact.startswith("84") and len(compact) == 11:
        compact = "0" + compact[2:]
    if compact.isascii() and compact.isdigit() and compact.startswith("0") \
            and 10 <= len(compact) <= 11:
        return compact
    return None


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
        if submission.idempotency_key and queries.idempotency_key_used(
                submission.idempotency_key):
            return False
        raise
    return True


def forget_contact(session: Session, contacts: list[Contact]) -> int:
    """Delete contact details on the citizen's request; the comment itself stays."""
    for contact in contacts:
        session.delete(contact)
    return len(contacts)
