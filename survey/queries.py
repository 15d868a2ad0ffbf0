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
