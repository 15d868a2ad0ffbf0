"""What the survey templates receive: plain questions in the chosen language."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app, render_template

from .. import integrity
from ..i18n import select_locale
from ..models import Channel

FACES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    text: str
    options: tuple[tuple[str, str], ...]  # (value, label)


def questions(channel: Channel, lang: str) -> list[Question]:
    spec = channel.questionnaire.spec
    scale = tuple((str(level["value"]), level[lang]) for level in spec["scale"])
    choices = {item["key"]: item.get("options", []) for item in spec["items"]}
    found = []
    for item in channel.questionnaire.items:
        if item.type == "rating":
            options = scale
        else:
            options = tuple((str(o["value"]), o[lang]) for o in choices.get(item.key, []))
        text = item.text_en if lang == "en" else item.text_vi
        found.append(Question(item.key, item.type, text, options))
    return found


def render_survey(channel: Channel, *, action: str, error: str | None = None,
                  values=None, status: int = 200, kiosk: bool = False):
    """The survey form; `values` (a posted form) keeps what the citizen already chose."""
    lang = select_locale()
    spec = channel.questionnaire.spec
    page = render_template(
        "public/survey.html", channel=channel, action=action, error=error,
        values=values or {}, kiosk=kiosk, questions=questions(channel, lang),
        title=spec["title"][lang], intro=spec.get("intro", {}).get(lang, ""),
        stamp=integrity.form_stamp(current_app.config["SECRET_KEY"], channel.code),
        idem=secrets.token_urlsafe(16),
    )
    return page, status


def render_notice(template: str, status: int = 200, **context):
    return render_template(template, **context), status
