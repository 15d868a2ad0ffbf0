"""All SQL of the platform lives here (and in model methods): views and reports call these."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import numpy as np
from sqlalchemy import BigInteger, and_, case, cast, func, literal, select
from sqlalchemy.orm import Session

from .counting import VALUES, Packing, RatingItem, RespondentRows
from .extensions import db
from .models import Answer, Channel, QuestionnaireItem, Response, ServiceVolume, Unit, User

CHANNEL_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")


def database_ok() -> bool:
    from sqlalchemy import text

    return db.session.execute(text("SELECT 1")).scalar() == 1


def active_user(user_id: int) -> User | None:
    user = db.session.get(User, user_id)
    return user if user and user.active else None


def user_by_name(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == username))


def subtree_ids(root_id: int) -> list[int]:
    """The unit and every descendant, at any depth (a recursive CTE, on both engines)."""
    tree = select(Unit.id).where(Unit.id == root_id).cte("tree", recursive=True)
    tree = tree.union_all(select(Unit.id).where(Unit.parent_id == tree.c.id))
    return list(db.session.scalars(select(tree.c.id)))


def units_in_scope(user: User) -> list[Unit]:
    query = select(Unit).order_by(Unit.code)
    if user.scope_unit_id is not None:
        query = query.where(Unit.id.in_(subtree_ids(user.scope_unit_id)))
    return list(db.session.scalars(query))


def unit_by_code(code: str) -> Unit | None:
    return db.session.scalar(select(Unit).where(Unit.code == code))


def channels(unit_code: str | None = None) -> list[Channel]:
    query = select(Channel).join(Unit, Channel.unit_id == Unit.id).order_by(Unit.code, Channel.id)
    if unit_code:
        query = query.where(Unit.code == unit_code)
    return list(db.session.scalars(query))


# --- The citizen survey (survey/public, survey/api, survey/printing) ---------------------

def channel_by_code(code: str) -> Channel | None:
    """An active channel of any kind (receipt channels included). Codes are URL-safe
    base64; anything else (a NUL byte, which PostgreSQL refuses) is simply not found."""
    if not CHANNEL_CODE.fullmatch(code or ""):
        return None
    return db.session.scalar(select(Channel).where(Channel.code == code, Channel.active))


def responses_on_channel_since(channel_id: int, since) -> int:
    from sqlalchemy import func

    from .models import Response

    return db.session.scalar(select(func.count(Response.id)).where(
        Response.channel_id == channel_id, Response.submitted_at >= since)) or 0


def last_response_at(channel_id: int):
    from sqlalchemy import func

    from .models import Response

    return db.session.scalar(select(func.max(Response.submitted_at)).where(
        Response.channel_id == channel_id))


def device_answered(unit_id: int, day, device_hash: str) -> bool:
    from .models import Response

    return db.session.scalar(select(Response.id).where(
        Response.unit_id == unit_id, Response.local_date == day,
        Response.device_hash == device_hash).limit(1)) is not None


def idempotency_key_used(key: str) -> bool:
    return db.session.scalar(
        select(Response.id).where(Response.idempotency_key == key)) is not None


def token_by_hash(code_hash: str):
    from .models import Token

    return db.session.scalar(select(Token).where(Token.code_hash == code_hash))


def api_key_by_hash(key_hash: str):
    from .models import ApiKey

    return db.session.scalar(
        select(ApiKey).where(ApiKey.key_hash == key_hash, ApiKey.revoked.is_(False)))


def printable_channels(unit_id: int) -> list[Channel]:
    """The unit's active channels that have a fixed QR code (desk, kiosk, link)."""
    return list(db.session.scalars(select(Channel).where(
        Channel.unit_id == unit_id, Channel.active, Channel.kind != "receipt")
        .order_by(Channel.label, Channel.id)))


def contacts_matching(phone: str | None, email: str | None) -> list:
    from .models import Contact

    conditions = []
    if phone:
        conditions.append(Contact.phone == phone)
    if email:
        conditions.append(Contact.email == email.lower())
    if not conditions:
        return []
    from sqlalchemy import or_

    return list(db.session.scalars(select(Contact).where(or_(*conditions))))


# --- Counting for the statistics: one row per respondent, GROUP BY in the database ---

def dimension_keys(session: Session) -> tuple[str, ...]:
    """Every dimension of every questionnaire, in the order the forms ask them."""
    rows = session.execute(
        select(QuestionnaireItem.dimension, func.min(QuestionnaireItem.position))
        .where(QuestionnaireItem.type == "rating", QuestionnaireItem.dimension.is_not(None))
        .group_by(QuestionnaireItem.dimension))
    return tuple(key for key, _ in sorted(rows, key=lambda row: (row[1], row[0])))


def in_scope(unit_ids: Sequence[int], start: dt.date, end: dt.date):
    return and_(Response.unit_id.in_(unit_ids), Response.local_date.between(start, end),
                Response.excluded.is_(False))


def rating_items(session: Session) -> list[RatingItem]:
    return [RatingItem(*row) for row in session.execute(
        select(QuestionnaireItem.questionnaire_id, QuestionnaireItem.key,
               QuestionnaireItem.dimension, QuestionnaireItem.position)
        .where(QuestionnaireItem.type == "rating")
        .order_by(QuestionnaireItem.questionnaire_id, QuestionnaireItem.position))]


def respondent_rows(session: Session, unit_ids: Sequence[int], start: dt.date,
                    end: dt.date) -> RespondentRows:
    """One GROUP BY per respondent, which also yields the per-unit item counts.

    Each answer to a rating item adds a constant per (form, item, value) to a few packed
    integers (counting.Packing); the weights come in as a small VALUES table, so the
    database evaluates one CASE per packed word instead of one per count. Rows are fetched
    from the DBAPI cursor straight into numpy."""
    keys = dimension_keys(session)
    packing = Packing(rating_items(session), keys)
    # The planners differ: SQLite walks the period's index only when answers are summed
    # per response first; PostgreSQL does best with the single GROUP BY (bench/README.md).
    pre_aggregate = session.get_bind().dialect.name == "sqlite"
    result = session.connection().execute(
        respondent_query(packing, unit_ids, start, end, pre_aggregate))
    raw = np.array(result.cursor.fetchall(), dtype=np.int64).reshape(-1, 4 + packing.words)
    result.close()
    words = raw[:, 4:]
    return RespondentRows(keys, packing.matrix(raw[:, :3], words),
                          packing.item_counts(raw[:, 0], raw[:, 3], words))


def respondent_query(packing: Packing, unit_ids: Sequence[int], start: dt.date, end: dt.date,
                     pre_aggregate: bool = True):
    """Per respondent: unit, verified, flagged, form, then the packed words.

    What an answer adds to a word is a constant per (form, item key, value), written as
    nested CASEs on the response's form, the answer's item key and its value: a few
    comparisons per answer and no join (an answer to no rating item of its form adds
    nothing, as the join to the form's rating items did)."""
    forms: dict[int, dict[str, list[list[int]]]] = {}
    for item in packing.items:
        forms.setdefault(item.questionnaire_id, {})[item.key] = packing.weights(item)

    def added(word: int):
        def by_value(table):
            weights = table[word]
            return case({value: weights[i] for i, value in enumerate(VALUES)
                         if value is not None}, value=Answer.value, else_=weights[-1])

        return case({form: case({key: by_value(table) for key, table in items.items()},
                                value=Answer.item_key, else_=0)
                     for form, items in forms.items()},
                    value=Response.questionnaire_id, else_=0) if forms else literal(0)

    scope = in_scope(unit_ids, start, end)
    head = (Response.unit_id, case((Response.verified.is_(True), 1), else_=0),
            case((Response.flags != "", 1), else_=0), Response.questionnaire_id)
    if not pre_aggregate:  # one GROUP BY over responses and their answers
        return (
            select(*head, *(cast(func.coalesce(func.sum(added(word)), 0), BigInteger)
                            for word in range(packing.words)))
            .select_from(Response)
            .outerjoin(Answer, Answer.response_id == Response.id)
            .where(scope)
            .group_by(Response.id, Response.unit_id, Response.verified, Response.flags,
                      Response.questionnaire_id)
        )
    # Answers summed per response first, then joined to the responses: SQLite then reads
    # both from the period's index instead of walking every response in id order.
    answered = (
        select(Answer.response_id,
               *(func.sum(added(word)).label(f"w{word}") for word in range(packing.words)))
        .select_from(Response)
        .join(Answer, Answer.response_id == Response.id)
        .where(scope)
        .group_by(Answer.response_id)
        .subquery("answered")
    )
    return (
        select(*head, *(cast(func.coalesce(answered.c[f"w{word}"], 0), BigInteger)
                        for word in range(packing.words)))
        .select_from(Response)
        .outerjoin(answered, answered.c.response_id == Response.id)
        .where(scope)
    )


def item_counts(session: Session, unit_ids: Sequence[int], start: dt.date,
                end: dt.date) -> dict[int, dict[str, tuple[int, int, int]]]:
    """unit id -> item key -> (satisfied, valid, no opinion), rating items only.

    The plain GROUP BY. The statistics take the same counts from the packed scan of
    respondent_rows; this independent query is what the tests check that scan against."""
    query = (
        select(Response.unit_id, Answer.item_key,
               func.sum(case((Answer.value >= 4, 1), else_=0)),
               func.sum(case((Answer.value.between(1, 5), 1), else_=0)),
               func.sum(case((Answer.value == 0, 1), else_=0)),
               func.min(QuestionnaireItem.position))
        .join(Answer, Answer.response_id == Response.id)
        .join(QuestionnaireItem, and_(
            QuestionnaireItem.questionnaire_id == Response.questionnaire_id,
            QuestionnaireItem.key == Answer.item_key, QuestionnaireItem.type == "rating"))
        .where(in_scope(unit_ids, start, end))
        .group_by(Response.unit_id, Answer.item_key)
    )
    found: dict[int, list] = {}
    for unit_id, key, sat, valid, none, position in session.execute(query):
        found.setdefault(unit_id, []).append((position, key, (int(sat), int(valid), int(none))))
    return {unit_id: {key: counts for _, key, counts in sorted(items)}
            for unit_id, items in found.items()}


def served(session: Session, unit_ids: Sequence[int],
           months: Sequence[dt.date]) -> dict[int, int]:
    """Dossiers or visits served per unit over the given months (first days)."""
    query = (select(ServiceVolume.unit_id, func.sum(ServiceVolume.served))
             .where(ServiceVolume.unit_id.in_(unit_ids), ServiceVolume.month.in_(months))
             .group_by(ServiceVolume.unit_id))
    return {unit_id: int(total) for unit_id, total in session.execute(query)}


def overall_by_day(session: Session, unit_ids: Sequence[int] | None, start: dt.date,
                   end: dt.date) -> list[tuple[dt.date, int, int]]:
    """(local day, satisfied, valid) on the overall question, for trend lines."""
    from .models import Questionnaire

    query = (
        select(Response.local_date,
               func.sum(case((Answer.value >= 4, 1), else_=0)),
               func.sum(case((Answer.value.between(1, 5), 1), else_=0)))
        .join(Questionnaire, Questionnaire.id == Response.questionnaire_id)
        .join(Answer, and_(Answer.response_id == Response.id,
                           Answer.item_key == Questionnaire.overall_key))
        .where(Response.local_date.between(start, end), Response.excluded.is_(False))
        .group_by(Response.local_date)
    )
    if unit_ids is not None:
        query = query.where(Response.unit_id.in_(unit_ids))
    return [(day, int(sat), int(valid)) for day, sat, valid in session.execute(query)]


def predecessor_ids(session: Session, unit_id: int) -> list[int]:
    """Units merged into this one, at any depth (their history belongs to it)."""
    found, frontier = [], [unit_id]
    while frontier:
        frontier = list(session.scalars(select(Unit.id).where(Unit.successor_id.in_(frontier))))
        found += frontier
    return found


def units_for_group(session: Session, kind: str | None, level: str | None,
                    start: dt.date, end: dt.date) -> list[Unit]:
    """Units valid during the period that collect responses (have a channel or a
    response in the period), optionally of one kind or level."""
    with_channel = select(Channel.unit_id)
    with_response = select(Response.unit_id).where(Response.local_date.between(start, end))
    query = select(Unit).where(
        (Unit.valid_from.is_(None)) | (Unit.valid_from <= end),
        (Unit.valid_to.is_(None)) | (Unit.valid_to >= start),
        Unit.id.in_(with_channel) | Unit.id.in_(with_response),
    ).order_by(Unit.code)
    if kind:
        query = query.where(Unit.kind == kind)
    if level:
        query = query.where(Unit.level == level)
    return list(session.scalars(query))


def unit_kinds_and_levels(session: Session) -> tuple[set[str], set[str]]:
    kinds = set(session.scalars(select(Unit.kind).distinct()))
    levels = set(session.scalars(select(Unit.level).distinct()))
    return kinds, levels


def units_by_codes(session: Session, codes: Sequence[str]) -> list[Unit]:
    return list(session.scalars(select(Unit).where(Unit.code.in_(codes))))


# --- What the reports show beside the statistics ---

def responses_by_channel(session: Session, unit_ids: Sequence[int], start: dt.date,
                         end: dt.date) -> list[tuple[str, str, int]]:
    """(channel kind, label, counted responses) in the scope and period."""
    query = (select(Channel.kind, Channel.label, func.count(Response.id))
             .join(Channel, Channel.id == Response.channel_id)
             .where(in_scope(unit_ids, start, end))
             .group_by(Channel.kind, Channel.label).order_by(func.count(Response.id).desc()))
    return [(kind, label, int(n)) for kind, label, n in session.execute(query)]


def comment_counts(session: Session, unit_ids: Sequence[int], start: dt.date,
                   end: dt.date) -> dict[str, int]:
    """Comments per status in the scope and period."""
    from .models import Comment

    query = (select(Comment.status, func.count(Comment.id))
             .join(Response, Response.id == Comment.response_id)
             .where(in_scope(unit_ids, start, end)).group_by(Comment.status))
    return {status: int(n) for status, n in session.execute(query)}


def latest_comments(session: Session, unit_ids: Sequence[int], start: dt.date,
                    end: dt.date, limit: int) -> list[tuple[dt.date, str, str]]:
    """(local date, text as stored, status), newest first."""
    from .models import Comment

    query = (select(Response.local_date, Comment.text, Comment.status)
             .join(Response, Response.id == Comment.response_id)
             .where(in_scope(unit_ids, start, end))
             .order_by(Response.submitted_at.desc(), Comment.id.desc()).limit(limit))
    return [tuple(row) for row in session.execute(query)]


def questionnaires_used(session: Session, unit_ids: Sequence[int]) -> list:
    """The questionnaire versions of the scope's channels (for item texts and titles)."""
    from .models import Questionnaire

    ids = select(Channel.questionnaire_id).where(Channel.unit_id.in_(unit_ids))
    return list(session.scalars(select(Questionnaire).where(Questionnaire.id.in_(ids))
                                .order_by(Questionnaire.key, Questionnaire.version.desc())))


def root_unit(session: Session, unit: Unit) -> Unit:
    while unit.parent is not None:
        unit = unit.parent
    return unit


def user_can_see(user: User, unit: Unit) -> bool:
    """A user sees their scope unit's subtree; no scope means the whole province."""
    return user.scope_unit_id is None or unit.id in subtree_ids(user.scope_unit_id)
