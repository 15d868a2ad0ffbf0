"""The data model (DESIGN.md), as SQLAlchemy 2 typed models.

Privacy is structural here: no column anywhere holds an IP address or a user agent;
a one-time token records only *that* (and on which day) it was redeemed, in a table
that has no link to the response it unlocked; contacts live apart from answers.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .extensions import db

UNIT_KINDS = ("administrative", "health", "education", "other")
CHANNEL_KINDS = ("desk", "kiosk", "receipt", "link")
ITEM_TYPES = ("rating", "choice", "text")
ROLES = ("admin", "supervisor", "unit_manager", "viewer")
COMMENT_STATUSES = ("new", "in_progress", "resolved", "dismissed")


def utcnow() -> dt.datetime:
    """Naive UTC: every timestamp column stores UTC without a zone, on both engines."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Unit(db.Model):
    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    level: Mapped[str] = mapped_column(String(40))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    target_override: Mapped[float | None] = mapped_column(Float)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)

    parent: Mapped[Unit | None] = relationship(
        remote_side=[id], foreign_keys=[parent_id], back_populates="children"
    )
    children: Mapped[list[Unit]] = relationship(
        foreign_keys=[parent_id], back_populates="parent"
    )
    successor: Mapped[Unit | None] = relationship(remote_side=[id], foreign_keys=[successor_id])

    __table_args__ = (
        CheckConstraint(
            "kind IN ('administrative', 'health', 'education', 'other')", name="unit_kind"
        ),
        CheckConstraint("target_override IS NULL OR (target_override > 0 AND target_override < 1)",
                        name="unit_target_range"),
    )

    def active_on(self, day: dt.date) -> bool:
        starts = self.valid_from is None or self.valid_from <= day
        return starts and (self.valid_to is None or day <= self.valid_to)


class Questionnaire(db.Model):
    """One immutable version of an instrument; a change makes a new version."""

    __tablename__ = "questionnaire"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    title_vi: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    overall_key: Mapped[str] = mapped_column(String(40))
    definition: Mapped[str] = mapped_column(Text)  # the instrument as JSON, for display
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    items: Mapped[list[QuestionnaireItem]] = relationship(
        back_populates="questionnaire", order_by="QuestionnaireItem.position",
        cascade="all, delete-orphan",
    )
    __table_args__ = (UniqueConstraint("key", "version", name="questionnaire_key_version"),)

    @property
    def spec(self) -> dict[str, Any]:
        return json.loads(self.definition)


class QuestionnaireItem(db.Model):
    """Items as rows, so counting by dimension is a join and a GROUP BY."""

    __tablename__ = "questionnaire_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    key: Mapped[str] = mapped_column(String(40))
    dimension: Mapped[str | None] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(10))
    text_vi: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="items")
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "key", name="questionnaire_item_key"),
        CheckConstraint("type IN ('rating', 'choice', 'text')", name="item_type"),
    )


class Channel(db.Model):
    """What a QR code points to: a desk, a kiosk, receipts, or a plain link."""

    __tablename__ = "channel"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    kind: Mapped[str] = mapped_column(String(10))
    label: Mapped[str] = mapped_column(String(200))
    service_area: Mapped[str | None] = mapped_column(String(60))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    unit: Mapped[Unit] = relationship()
    questionnaire: Mapped[Questionnaire] = relationship()
    __table_args__ = (
        CheckConstraint("kind IN ('desk', 'kiosk', 'receipt', 'link')", name="channel_kind"),
    )


class Token(db.Model):
    """A one-time receipt code. Only its hash is stored."""

    __tablename__ = "token"
    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"), index=True)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)

    channel: Mapped[Channel] = relationship()
    redemption: Mapped[TokenRedemption | None] = relationship(uselist=False)


class TokenRedemption(db.Model):
    """That a token was used, and on which local day: the primary key makes "once" a
    database constraint. Deliberately no time of day and no response id, so a token
    cannot be matched to the answers it unlocked."""

    __tablename__ = "token_redemption"
    token_id: Mapped[int] = mapped_column(ForeignKey("token.id"), primary_key=True)
    used_on: Mapped[dt.date] = mapped_column(Date)


class ApiKey(db.Model):
    """Key with which a unit's one-stop software asks for receipt tokens (hash only)."""

    __tablename__ = "api_key"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    unit: Mapped[Unit] = relationship()


class Response(db.Model):
    """One submitted questionnaire. No IP address, no user agent."""

    __tablename__ = "response"
    id: Mapped[int] = mapped_column(primary_key=True)
    channel_id: Mapped[int] = mapped_column(ForeignKey("channel.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    local_date: Mapped[dt.date] = mapped_column(Date)  # in SURVEY_TIMEZONE
    language: Mapped[str] = mapped_column(String(5), default="vi")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    seconds_spent: Mapped[int | None] = mapped_column(Integer)
    # Comma-separated integrity signals (fast, repeat-device, straight-line, burst);
    # empty means not flagged. Flags never reject a response.
    flags: Mapped[str] = mapped_column(String(120), default="")
    excluded: Mapped[bool] = mapped_column(Boolean, default=False)
    exclusion_reason: Mapped[str | None] = mapped_column(String(200))
    # Daily-rotating keyed hash of a random cookie: "same device today", nothing more.
    device_hash: Mapped[str | None] = mapped_column(String(32))
    # Random key from the form: a double tap stores one response.
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    channel: Mapped[Channel] = relationship()
    unit: Mapped[Unit] = relationship()
    questionnaire: Mapped[Questionnaire] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )
    comment: Mapped[Comment | None] = relationship(
        back_populates="response", uselist=False, cascade="all, delete-orphan"
    )
    __table_args__ = (
        Index("response_unit_date", "unit_id", "local_date"),
        Index("response_date", "local_date"),
        Index("response_channel_time", "channel_id", "submitted_at"),
        # Covers queries.respondent_rows: a period's responses without touching the table.
        Index("response_date_counting", "local_date", "unit_id", "excluded",
              "questionnaire_id", "verified", "flags"),
    )

    @property
    def flag_list(self) -> list[str]:
        return [f for f in self.flags.split(",") if f]


class Answer(db.Model):
    """Long format: one row per answered item, so counting is a GROUP BY."""

    __tablename__ = "answer"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("response.id", ondelete="CASCADE"))
    item_key: Mapped[str] = mapped_column(String(40))
    value: Mapped[int | None] = mapped_column(SmallInteger)  # 1-5, 0 = no opinion
    choice: Mapped[str | None] = mapped_column(String(40))

    response: Mapped[Response] = relationship(back_populates="answers")
    __table_args__ = (
        Index("answer_response", "response_id"),
        # Covers the answers of a response for counting (item key and value).
        Index("answer_response_item_value", "response_id", "item_key", "value"),
        UniqueConstraint("response_id", "item_key", name="answer_once_per_item"),
        CheckConstraint("value IS NULL OR (value >= 0 AND value <= 5)", name="answer_value"),
    )


class Comment(db.Model):
    __tablename__ = "comment"
    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("response.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="new")
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    handled_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reply: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="comment")
    contact: Mapped[Contact | None] = relationship(
        back_populates="comment", uselist=False, cascade="all, delete-orphan"
    )
    __table_args__ = (
        CheckConstraint("length(text) <= 1000", name="comment_length"),
        CheckConstraint(
            "status IN ('new', 'in_progress', 'resolved', 'dismissed')", name="comment_status"
        ),
    )


class Contact(db.Model):
    """A phone or e-mail given with explicit consent, for complaint follow-up only.
    Kept apart from answers and deleted on request."""

    __tablename__ = "contact"
    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), unique=True
    )
    phone: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    consented_at: Mapped[dt.datetime] = mapped_column(DateTime)

    comment: Mapped[Comment] = relationship(back_populates="contact")


class ServiceVolume(db.Model):
    """Dossiers or visits served by a unit in a month: the response-rate denominator."""

    __tablename__ = "service_volume"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    month: Mapped[dt.date] = mapped_column(Date)  # first day of the month
    served: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        UniqueConstraint("unit_id", "month", name="service_volume_unit_month"),
        CheckConstraint("served >= 0", name="service_volume_served"),
    )


class User(db.Model):
    __tablename__ = "user"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20))
    scope_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    scope_unit: Mapped[Unit | None] = relationship()
    __table_args__ = (
        CheckConstraint(
            "role IN ('admin', 'supervisor', 'unit_manager', 'viewer')", name="user_role"
        ),
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    # Flask-Login protocol
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)


class AuditEvent(db.Model):
    """Sign-ins, exclusions, exports, deletions: who did what, when."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str | None] = mapped_column(String(120))
    detail: Mapped[str | None] = mapped_column(Text)
