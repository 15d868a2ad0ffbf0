"""All SQL of the platform lives here (and in model methods): views and reports call these."""

from __future__ import annotations

from sqlalchemy import select

from .extensions import db
from .models import Channel, Unit, User


def active_channel(code: str) -> Channel | None:
    if not code or len(code) > 32:
        return None
    return db.session.scalar(select(Channel).where(Channel.code == code, Channel.active))


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
    """An active channel of any kind (receipt channels included)."""
    return active_channel(code)


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
    from .models import Response

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
