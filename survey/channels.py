"""Channels: what a QR code points to."""

from __future__ import annotations

import secrets

from flask import current_app
from sqlalchemy.orm import Session

from .models import Channel, Questionnaire, Unit

CODE_BYTES = 8  # 64 bits, base64url: 11 characters, unguessable (DESIGN asks >= 40 bits)


def new_code() -> str:
    return secrets.token_urlsafe(CODE_BYTES)


def create_channel(session: Session, unit: Unit, questionnaire: Questionnaire, kind: str,
                   label: str, service_area: str | None = None) -> Channel:
    channel = Channel(code=new_code(), unit=unit, questionnaire=questionnaire, kind=kind,
                      label=label, service_area=service_area, active=True)
    session.add(channel)
    return channel


def public_url(channel: Channel, base: str | None = None) -> str:
    """The address printed in the QR code: /k/ for kiosks, /s/ for everything else."""
    base = (base or current_app.config["PUBLIC_URL"]).rstrip("/")
    prefix = "k" if channel.kind == "kiosk" else "s"
    return f"{base}/{prefix}/{channel.code}"
