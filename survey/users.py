"""Creating officials' accounts."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import ROLES, Unit, User


class UserError(ValueError):
    pass


def create_user(session: Session, username: str, role: str, unit_code: str | None = None,
                password: str | None = None) -> tuple[User, str]:
    """Returns the user and the password (generated when none is given)."""
    if role not in ROLES:
        raise UserError(f"role '{role}' is not one of {', '.join(ROLES)}")
    if not username or len(username) > 80:
        raise UserError("username must be 1-80 characters")
    if session.scalar(select(User).where(User.username == username)):
        raise UserError(f"user '{username}' already exists")
    scope = None
    if unit_code:
        scope = session.scalar(select(Unit).where(Unit.code == unit_code))
        if scope is None:
            raise UserError(f"unit '{unit_code}' does not exist")
    elif role in ("unit_manager", "viewer"):
        raise UserError(f"a {role} needs --unit: the unit whose subtree they may see")
    password = password or secrets.token_urlsafe(12)
    user = User(username=username, role=role, scope_unit=scope, active=True)
    user.set_password(password)
    session.add(user)
    return user, password
