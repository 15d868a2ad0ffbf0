"""Thin views for the desk QR: find the channel, hand the form to flow, render."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from .. import integrity, qr, queries
from ..extensions import limiter
from ..i18n import select_locale
from ..models import utcnow
from ..timeutil import local_date
from . import bp, flow
from .pages import render_survey

SURVEY_KINDS = ("desk", "link")


def submit_limit() -> str:
    return current_app.config["RATELIMIT_SUBMIT"]


def lang_args() -> dict[str, str]:
    """Carry an English choice through redirects even when cookies are refused."""
    return {"lang": "en"} if select_locale() == "en" else {}


def with_device_cookie(page):
    """Give the browser its random device cookie (docs/survey.md: repeat-device)."""
    response = current_app.make_response(page)
    if not request.cookies.get(integrity.DEVICE_COOKIE):
        response.set_cookie(integrity.DEVICE_COOKIE, integrity.new_device_cookie(),
                            max_age=365 * 86400, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def survey_channel(code: str):
    channel = queries.channel_by_code(code)
    if channel is None or channel.kind == "receipt":
        abort(404)
    return channel


@bp.context_processor
def dates():
    """Dates in the citizen's form: 28/11/2026 in Vietnamese, 28 Nov 2026 in English."""
    today = local_date(utcnow(), current_app.config["TIMEZONE"])
    return {"today": today,
            "date_pattern": "d MMM yyyy" if select_locale() == "en" else "dd/MM/yyyy"}


@bp.get("/")
def home():
    return render_template("public/home.html")


@bp.get("/s/<code>")
def survey(code: str):
    channel = survey_channel(code)
    if channel.kind == "kiosk":
        return redirect(url_for("public.kiosk", code=code, **lang_args()))
    return with_device_cookie(render_survey(channel, action=request.path))


@bp.post("/s/<code>")
@limiter.limit(submit_limit, methods=["POST"])
def submit(code: str):
    channel = survey_channel(code)
    received = flow.receive(channel, request.form,
                            device_cookie=request.cookies.get(integrity.DEVICE_COOKIE))
    if received.outcome == flow.INVALID:
        return render_survey(channel, action=request.path, error=received.error,
                             values=request.form, status=400)
    return redirect(url_for("public.thanks", code=code, **lang_args()))


@bp.get("/s/<code>/thanks")
def thanks(code: str):
    survey_channel(code)
    return render_template("public/thanks.html")


@bp.get("/thanks")
def thanks_receipt():
    return render_template("public/thanks.html")


@bp.get("/s/<code>/qr.svg")
def qr_svg(code: str):
    channel = survey_channel(code)
    body = qr.svg(qr.channel_url(current_app.config["PUBLIC_URL"], channel))
    return qr_response(body, "image/svg+xml")


@bp.get("/s/<code>/qr.png")
def qr_png(code: str):
    channel = survey_channel(code)
    body = qr.png(qr.channel_url(current_app.config["PUBLIC_URL"], channel))
    return qr_response(body, "image/png")


def qr_response(body: bytes, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "public, max-age=86400"
    return response


@bp.errorhandler(CSRFError)
def csrf_expired(_error):
    """A form left open too long: show it again with the citizen's answers kept."""
    code = (request.view_args or {}).get("code", "")
    forms = {"public.submit": "desk", "public.kiosk_submit": "kiosk",
             "public.receipt_submit": "receipt"}
    channel = None
    if request.endpoint in ("public.submit", "public.kiosk_submit"):
        channel = queries.channel_by_code(code)
    elif request.endpoint == "public.receipt_submit":
        from .receipt import valid_token

        token = valid_token(code)
        channel = token.channel if token else None
    if channel is None or request.endpoint not in forms:
        return render_template("error.html", status=400,
                               title=_("Phiên làm việc đã hết hạn"),
                               message=_("Vui lòng tải lại trang và gửi lại ý kiến. Xin cảm ơn.")
                               ), 400
    message = _("Trang đã mở quá lâu nên chưa gửi được. Các câu trả lời vẫn được giữ "
                "nguyên: Ông/Bà vui lòng bấm Gửi đánh giá một lần nữa.")
    return render_survey(channel, action=request.path, error=message, values=request.form,
                         status=400, kiosk=request.endpoint == "public.kiosk_submit")
