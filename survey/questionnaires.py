"""Built-in instruments (TOML) -> versioned Questionnaire rows.

A version is immutable once it has responses: changed wording under the same version is
refused with a message; the operator bumps `version` in the TOML file instead.
"""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .instruments import Instrument, builtin_instruments
from .models import Questionnaire, QuestionnaireItem, Response


class QuestionnaireFrozen(RuntimeError):
    pass


def sync_builtin(session: Session) -> list[Questionnaire]:
    return [sync_instrument(session, inst) for inst in builtin_instruments().values()]


def sync_instrument(session: Session, inst: Instrument) -> Questionnaire:
    definition = json.dumps(inst.to_dict(), ensure_ascii=False, sort_keys=True)
    found = session.scalar(select(Questionnaire).where(
        Questionnaire.key == inst.key, Questionnaire.version == inst.version))
    if found is None:
        found = Questionnaire(key=inst.key, version=inst.version)
        session.add(found)
    elif found.definition == definition:
        return found
    elif has_responses(session, found):
        raise QuestionnaireFrozen(
            f"{inst.key} version {inst.version} already has responses and cannot change; "
            f"give the changed instrument version {inst.version + 1} in its TOML file")
    fill(found, inst, definition)
    return found


def fill(row: Questionnaire, inst: Instrument, definition: str) -> None:
    row.kind = inst.kind
    row.title_vi, row.title_en = inst.title.vi, inst.title.en
    row.overall_key = inst.overall
    row.definition = definition
    row.items.clear()
    for position, item in enumerate(inst.items):
        row.items.append(QuestionnaireItem(
            key=item.key, dimension=item.dimension, type=item.type,
            text_vi=item.text.vi, text_en=item.text.en, position=position))


def has_responses(session: Session, row: Questionnaire) -> bool:
    count = session.scalar(select(func.count(Response.id)).where(
        Response.questionnaire_id == row.id))
    return bool(count)


def current(session: Session, key: str) -> Questionnaire | None:
    return session.scalar(select(Questionnaire).where(Questionnaire.key == key)
                          .order_by(Questionnaire.version.desc()).limit(1))


def by_reference(session: Session, reference: str) -> Questionnaire | None:
    """'admin' (current version) or 'admin@2' (that version)."""
    key, _, version = reference.partition("@")
    if not version:
        return current(session, key)
    if not version.isdigit():
        return None
    return session.scalar(select(Questionnaire).where(
        Questionnaire.key == key, Questionnaire.version == int(version)))
