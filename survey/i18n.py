"""Language choice: Vietnamese unless the citizen picked English with the visible switch.

The choice travels as ?lang=en on links and is remembered in a small cookie; the
browser's Accept-Language is deliberately ignored (the platform speaks Vietnamese first).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import format_decimal
from werkzeug.exceptions import RequestEntityTooLarge

from .extensions import babel

LANG_COOKIE = "lang"


def select_locale() -> str:
    if not has_request_context():  # CLI and batch jobs speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), posted_language(),
                      request.cookies.get(LANG_COOKIE)):
        if candidate in languages:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def posted_language() -> str | None:
    """The form's lang field; None when the body itself is refused (too large), so that
    the friendly 413 page can still be rendered."""
    try:
        return request.form.get("lang")
    except RequestEntityTooLarge:
        return None


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )

    @app.after_request
    def remember_language(response):
        chosen = request.args.get("lang")
        if chosen in app.config["LANGUAGES"] and request.cookies.get(LANG_COOKIE) != chosen:
            response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400,
                                samesite="Lax", httponly=True)
        return response

    @app.context_processor
    def language_context():
        return {"current_lang": str(select_locale()) if request else "vi"}

    app.jinja_env.filters["pct"] = percent


def percent(value: float | None, digits: int = 1) -> str:
    """0.8743 -> '87,4%' in Vietnamese, '87.4%' in English; None -> '—'."""
    if value is None:
        return "—"
    return format_decimal(value * 100, format="#,##0." + "0" * digits) + "%"


def language() -> str:
    return getattr(g, "language", None) or select_locale()
