"""Writing the demo: room in the database, the questionnaires, units, channels and users
through the ORM, and the simulated responses through Core bulk inserts.

`BulkWriter` assigns the ids itself, so answers, comments and tokens can reference their
response without a round trip, and on PostgreSQL moves the id sequences past them at the end.
`DemoError` is raised when the database is not fit for the demo (or the demo is asked for
what it cannot do).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from ..instruments import Instrument, builtin_instruments, parse_instrument
from ..models import (
    Answer,
    ApiKey,
    AuditEvent,
    Channel,
    Comment,
    Contact,
    Response,
    ServiceVolume,
    Token,
    TokenRedemption,
    Unit,
    User,
)
from ..questionnaires import current, sync_builtin
from ..timeutil import local_date
from .plan import DemoUser, Period, UnitPlan
from .simulate import Draft, Note, Outlet

CHUNK = 5000  # responses per bulk insert (their answers, comments and tokens go along)


class DemoError(RuntimeError):
    """The demo cannot run as asked; the message says why and what to do."""


# ---------------------------------------------------------------------------
# Bulk writing


class BulkWriter:
    """Buffers rows and writes them with Core bulk inserts, assigning ids itself."""

    ORDER = (Response, Answer, Comment, Contact, Token, TokenRedemption, ServiceVolume)
    NUMBERED = (Response, Answer, Comment, Contact, Token)

    def __init__(self, session: Session, timezone: str, token_days: int) -> None:
        self.session, self.timezone = session, timezone
        self.token_life = dt.timedelta(days=token_days)
        self.next_id = {model: (session.scalar(select(func.max(model.id))) or 0) + 1
                        for model in self.NUMBERED}
        self.rows: dict[type, list[dict]] = {model: [] for model in self.ORDER}
        self.counts = dict.fromkeys(self.ORDER, 0)

    def take(self, model: type) -> int:
        number = self.next_id[model]
        self.next_id[model] = number + 1
        return number

    def responses(self, unit_id: int, questionnaire_id: int, drafts: list[Draft]) -> None:
        responses, answers = self.rows[Response], self.rows[Answer]
        for d in drafts:
            rid = self.take(Response)
            responses.append({
                "id": rid, "channel_id": d.channel.id, "unit_id": unit_id,
                "questionnaire_id": questionnaire_id, "submitted_at": d.at,
                "local_date": local_date(d.at, self.timezone), "language": d.language,
                "verified": d.channel.kind == "receipt", "seconds_spent": d.seconds,
                "flags": d.flags, "excluded": False, "exclusion_reason": None,
                "device_hash": None, "idempotency_key": None})
            for key, value in d.ratings:
                answers.append({"id": self.take(Answer), "response_id": rid, "item_key": key,
                                "value": value, "choice": None})
            for key, choice in d.choices:
                answers.append({"id": self.take(Answer), "response_id": rid, "item_key": key,
                                "value": None, "choice": choice})
            if d.note:
                self.comment(rid, d.at, d.note)
        if len(responses) >= CHUNK:
            self.flush()

    def comment(self, response_id: int, at: dt.datetime, note: Note) -> None:
        cid = self.take(Comment)
        self.rows[Comment].append({
            "id": cid, "response_id": response_id, "text": note.text, "status": note.status,
            "handled_by_id": note.handled_by, "handled_at": note.handled_at,
            "reply": note.reply})
        if note.phone:
            self.rows[Contact].append({"id": self.take(Contact), "comment_id": cid,
                                       "phone": note.phone, "email": None, "consented_at": at})

    def tokens(self, rows: list[tuple[int, str, dt.datetime, dt.datetime | None]]) -> None:
        for channel_id, code_hash, issued, used in rows:
            tid = self.take(Token)
            self.rows[Token].append({"id": tid, "code_hash": code_hash, "channel_id": channel_id,
                                     "issued_at": issued, "expires_at": issued + self.token_life})
            if used is not None:
                self.rows[TokenRedemption].append(
                    {"token_id": tid, "used_on": local_date(used, self.timezone)})

    def volume(self, unit_id: int, month: dt.date, served: int) -> None:
        self.rows[ServiceVolume].append({"unit_id": unit_id, "month": month, "served": served})

    def flush(self) -> None:
        for model in self.ORDER:
            rows = self.rows[model]
            if rows:
                self.session.execute(insert(model.__table__), rows)
                self.counts[model] += len(rows)
                rows.clear()

    def finish(self) -> None:
        """Flush, and on PostgreSQL move each id sequence past the ids assigned here."""
        self.flush()
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for model in self.NUMBERED:
            table = model.__table__.name
            self.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - model names
                f"(SELECT max(id) FROM {table}))"))


# ---------------------------------------------------------------------------
# Writing the structure


def make_room(session: Session, replace: bool) -> None:
    count = session.scalar(select(func.count(Unit.id))) or 0
    if count and not replace:
        raise DemoError(
            f"the database already holds {count} units; the demo fills an empty database "
            "only. Run it with --replace to delete every unit, channel, response, token, "
            "user and audit event first.")
    if count or replace:
        for model in (Contact, Comment, Answer, Response, TokenRedemption, Token, ApiKey,
                      ServiceVolume, Channel, AuditEvent, User):
            session.execute(delete(model.__table__))
        session.execute(update(Unit.__table__).values(parent_id=None, successor_id=None))
        session.execute(delete(Unit.__table__))


def load_forms(session: Session) -> dict[str, tuple[int, Instrument]]:
    """The current questionnaire of each unit kind, by kind: (row id, instrument)."""
    sync_builtin(session)
    session.flush()
    forms = {}
    for inst in builtin_instruments().values():
        row = current(session, inst.key)
        forms[inst.kind] = (row.id, parse_instrument(row.spec, source=f"{inst.key}@{row.version}"))
    return forms


def write_units(session: Session, plan: list[UnitPlan], forms: dict, period: Period
                ) -> tuple[dict[str, Unit], dict[str, list[Outlet]]]:
    units: dict[str, Unit] = {}
    for p in plan:
        units[p.code] = Unit(code=p.code, name=p.name, kind=p.kind, level=p.level,
                             parent=units[p.parent] if p.parent else None,
                             valid_from=p.valid_from, valid_to=p.valid_to)
    for p in plan:
        if p.successor:
            units[p.code].successor = units[p.successor]
    session.add_all(units.values())
    channels: dict[str, list[tuple[Channel, float]]] = {}
    for p in plan:
        if p.channels and p.kind not in forms:
            raise DemoError(f"no questionnaire for {p.kind} units; check survey/instruments")
        since = p.valid_from or period.first_day - dt.timedelta(days=30)
        channels[p.code] = [(Channel(
            code=c.code, unit=units[p.code], questionnaire_id=forms[p.kind][0], kind=c.kind,
            label=c.label, service_area=c.service_area, active=p.valid_to is None,
            created_at=dt.datetime.combine(since, dt.time(1))), c.weight) for c in p.channels]
        session.add_all(row for row, _ in channels[p.code])
    session.flush()
    outlets = {code: [Outlet(row.id, row.kind, weight) for row, weight in rows]
               for code, rows in channels.items()}
    return units, outlets


def write_users(session: Session, users: tuple[DemoUser, ...], units: dict[str, Unit]
                ) -> list[int]:
    """Add the demo users; returns the ids of those who handle comments."""
    names = [u.username for u in users]
    taken = session.scalars(select(User.username).where(User.username.in_(names))).all()
    if taken:
        raise DemoError(f"user {taken[0]} already exists; run the demo with --replace")
    rows = []
    for u in users:
        row = User(username=u.username, role=u.role, active=True,
                   scope_unit=units[u.scope_code] if u.scope_code else None)
        row.set_password(u.password)
        rows.append(row)
    session.add_all(rows)
    session.flush()
    return [row.id for row in rows if row.role in ("admin", "supervisor")]
