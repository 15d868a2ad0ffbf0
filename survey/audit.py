"""Audit trail: who signed in, excluded, exported or deleted what."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from .models import AuditEvent, User


def record(session: Session, action: str, *, user: User | None = None,
           target: str | None = None, **detail: Any) -> AuditEvent:
    event = AuditEvent(user_id=user.id if user else None, action=action, target=target,
                       detail=json.dumps(detail, ensure_ascii=False) if detail else None)
    session.add(event)
    return event
