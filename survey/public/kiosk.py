"""Kiosk mode: a tablet at the desk. Large targets, thanks, then back to the start after
a short cool-down; the cool-down also refuses a second response in the meantime."""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import queries
from ..extensions import limiter
from . import bp, flow
from .pages import render_survey
from .routes import lang_args, submit_limit


def kiosk_channel(code: str):
    channel = queries.channel_by_code(code)
    if channel is None or channel.kind != "kiosk":
        abort(404)
    return channel


@bp.get("/k/<code>")
def kiosk(code: str):
    channel = kiosk_channel(code)
    return render_survey(channel, action=request.path, kiosk=True)


@bp.post("/k/<code>")
@limiter.limit(submit_limit, methods=["POST"])
def kiosk_submit(code: str):
    channel = kiosk_channel(code)
    if flow.kiosk_cooling_down(channel):
        return render_template(
            "public/kiosk_wait.html", code=code,
            seconds=current_app.config["KIOSK_COOLDOWN_SECONDS"],
            message=_("Máy vừa nhận một ý kiến. Vui lòng đợi vài giây rồi đánh giá lại."),
        ), 429
    received = flow.receive(channel, request.form)
    if received.outcome == flow.INVALID:
        return render_survey(channel, action=request.path, error=received.error,
                             values=request.form, status=400, kiosk=True)
    return redirect(url_for("public.kiosk_thanks", code=code, **lang_args()))


@bp.get("/k/<code>/thanks")
def kiosk_thanks(code: str):
    kiosk_channel(code)
    return render_template("public/kiosk_wait.html", code=code, thanks=True,
                           seconds=current_app.config["KIOSK_COOLDOWN_SECONDS"])
