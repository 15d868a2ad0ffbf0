"""Thin views: find the channel, parse the form, store, thank."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import queries, submissions
from ..extensions import db
from ..models import utcnow
from . import bp


@bp.get("/")
def home():
    return render_template("public/home.html")


@bp.get("/s/<code>")
def survey(code: str):
    channel = queries.active_channel(code) or abort(404)
    return render_template("public/survey.html", channel=channel,
                           items=channel.questionnaire.items, error=None)


@bp.post("/s/<code>")
def submit(code: str):
    channel = queries.active_channel(code) or abort(404)
    items = channel.questionnaire.items
    try:
        submission = submissions.parse_answers(answer_fields(request.form), items)
    except submissions.SubmissionError as problem:
        return render_template("public/survey.html", channel=channel, items=items,
                               error=str(problem)), 400
    if submission.is_empty:
        message = _("Vui lòng chọn ít nhất một câu trả lời trước khi gửi.")
        return render_template("public/survey.html", channel=channel, items=items,
                               error=message), 400
    submission.language = str(request.form.get("lang") or "vi")[:5]
    submissions.store(db.session, channel, submission, now=utcnow(),
                      timezone=current_app.config["TIMEZONE"])
    db.session.commit()
    return redirect(url_for("public.thanks", code=code))


@bp.get("/s/<code>/thanks")
def thanks(code: str):
    channel = queries.active_channel(code) or abort(404)
    return render_template("public/thanks.html", channel=channel)


def answer_fields(form) -> dict[str, str]:
    """The posted item answers (q_<key>) and the comment, keyed by item key."""
    prefix = submissions.ITEM_PREFIX
    return {name[len(prefix):]: form.get(name, "") for name in form if name.startswith(prefix)}
