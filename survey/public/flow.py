"""Receiving a posted survey: the steps the desk, kiosk and receipt entries share.

parse -> refuse bad input (nothing stored) -> drop a double tap -> compute integrity
signals -> store response (+ token redemption) in ONE transaction -> commit.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from .. import integrity, queries, submissions, tokens
from ..extensions import db
from ..i18n import select_locale
from ..models import Channel, Token, utcnow
from ..timeutil import local_date

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

STORED, DUPLICATE, INVALID, TOKEN_USED = "stored", "duplicate", "invalid", "token-used"


@dataclass(frozen=True)
class Received:
    outcome: str
    error: str | None = None


def answer_fields(form) -> dict[str, str]:
    """The posted item answers (q_<key>) and the comment, keyed by item key."""
    prefix = submissions.ITEM_PREFIX
    return {name[len(prefix):]: form.get(name, "") for name in form if name.startswith(prefix)}


def parse(channel: Channel, form) -> submissions.Submission:
    submission = submissions.parse_answers(answer_fields(form), channel.questionnaire.items)
    if submission.is_empty:
        raise submissions.SubmissionError(
            _("Vui lòng chọn ít nhất một câu trả lời trước khi gửi."))
    submission.contact = submissions.parse_contact(
        form.get("contact"), form.get("consent") == "yes", bool(submission.comment))
    submission.language = select_locale()
    key = form.get("idem") or ""
    submission.idempotency_key = key if IDEMPOTENCY_KEY.match(key) else None
    return submission


def receive(channel: Channel, form, *, device_cookie: str | None = None,
            token: Token | None = None) -> Received:
    try:
        submission = parse(channel, form)
    except submissions.SubmissionError as problem:
        return Received(INVALID, str(problem))
    if submission.idempotency_key and queries.idempotency_key_used(submission.idempotency_key):
        return Received(DUPLICATE)
    config = current_app.config
    now = utcnow()
    day = local_date(now, config["TIMEZONE"])
    submission.seconds_spent = integrity.seconds_on_page(
        config["SECRET_KEY"], channel.code, form.get("ts"), now)
    # A kiosk is one shared device by design: the device signal would flag everyone.
    device = None if channel.kind == "kiosk" else integrity.device_hash(
        config["SECRET_KEY"], device_cookie, day)
    flags = signals(channel, submission, device, now, day)
    submissions.store(db.session, channel, submission, now=now, timezone=config["TIMEZONE"],
                      verified=token is not None, flags=flags, device_hash=device)
    if token is not None:
        tokens.redeem(db.session, token, day)
    try:
        stored = submissions.commit_once(db.session, submission)
    except IntegrityError:
        if token is None:
            raise
        return Received(TOKEN_USED)
    return Received(STORED if stored else DUPLICATE)


def signals(channel: Channel, submission: submissions.Submission, device: str | None,
            now: dt.datetime, day: dt.date) -> tuple[str, ...]:
    limits = integrity.Thresholds.from_config(current_app.config)
    since = now - dt.timedelta(seconds=limits.burst_window_seconds)
    return integrity.flags(
        fast=integrity.is_fast(submission.seconds_spent, submission.answer_count, limits),
        repeat_device=bool(device) and queries.device_answered(channel.unit_id, day, device),
        straight_line=integrity.is_straight_line(submission.ratings, limits),
        burst=integrity.is_burst(queries.responses_on_channel_since(channel.id, since), limits),
    )


def kiosk_cooling_down(channel: Channel) -> bool:
    """A kiosk takes the next response only after KIOSK_COOLDOWN_SECONDS."""
    last = queries.last_response_at(channel.id)
    seconds = current_app.config["KIOSK_COOLDOWN_SECONDS"]
    return last is not None and utcnow() - last < dt.timedelta(seconds=seconds)
