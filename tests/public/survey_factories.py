"""Small builders for survey tests (imported by tests/public and tests/browser)."""

from __future__ import annotations

from survey.models import Channel, Unit
from survey.questionnaires import current

DESK = "deskQR7xK2pLm"
KIOSK = "kioskT9wQ4vBn"
RECEIPT = "rcptM3zH8sJd"


def make_unit(session, code="SO-TNMT", name="Sở Tài nguyên và Môi trường") -> Unit:
    unit = Unit(code=code, name=name, kind="administrative", level="department")
    session.add(unit)
    return unit


def make_channel(session, unit: Unit, code: str, kind: str = "desk",
                 label: str = "Quầy 3 - Đất đai", questionnaire: str = "admin",
                 service_area: str | None = "đất đai") -> Channel:
    channel = Channel(code=code, unit=unit, kind=kind, label=label,
                      service_area=service_area,
                      questionnaire=current(session, questionnaire))
    session.add(channel)
    return channel


def make_standard_channels(session) -> dict[str, Channel]:
    """A unit with a desk QR, a kiosk and a receipt channel; committed."""
    unit = make_unit(session)
    channels = {
        "desk": make_channel(session, unit, DESK),
        "kiosk": make_channel(session, unit, KIOSK, kind="kiosk", label="Máy tính bảng - Quầy 3"),
        "receipt": make_channel(session, unit, RECEIPT, kind="receipt", label="Phiếu hẹn"),
    }
    session.commit()
    return channels
