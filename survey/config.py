"""Every setting of the platform, named, defaulted and explained in one place.

Order of precedence (last wins): these defaults, ``instance/config.py``, ``SURVEY_*``
environment variables, and the ``test_config`` mapping passed to ``create_app``.
docs/operations.md lists the same settings for operators.
"""

from __future__ import annotations

import os
from typing import Any

# Settings that may come from the environment as SURVEY_<NAME>, with their parser.
ENV_SETTINGS: dict[str, type] = {
    "DATABASE_URL": str,
    "SECRET_KEY": str,
    "PUBLIC_URL": str,
    "TIMEZONE": str,
    "TARGET": float,
    "MIN_N": int,
    "LOW_N": int,
    "RATELIMIT_STORAGE_URI": str,
    "RATELIMIT_SUBMIT": str,
    "ISSUER_PARENT": str,
    "ISSUER_NAME": str,
    "PLACE": str,
    "SESSION_COOKIE_SECURE": bool,
    "KIOSK_COOLDOWN_SECONDS": int,
    "TOKEN_DAYS": int,
    "RATELIMIT_TOKEN_API": str,
}

DEFAULTS: dict[str, Any] = {
    # Signing key for sessions, CSRF and form timestamps. Must be set in production.
    "SECRET_KEY": "dev-not-secret",
    # SQLAlchemy URL. None means SQLite in the instance folder (WAL, foreign keys on).
    "DATABASE_URL": None,
    # Base URL printed into QR codes and posters, e.g. https://hailong.phutho.gov.vn
    "PUBLIC_URL": "http://127.0.0.1:5000",
    # Periods are cut in this time zone; timestamps are stored in UTC.
    "TIMEZONE": "Asia/Ho_Chi_Minh",
    # Satisfaction target (share answering 4 or 5). Units and kinds may override it.
    "TARGET": 0.80,
    # Per-kind targets; a unit's own target_override wins over these.
    "TARGETS_BY_KIND": {},
    # Fewer than MIN_N respondents: suppressed. Fewer than LOW_N: low reliability mark.
    "MIN_N": 10,
    "LOW_N": 30,
    # Seed for the rank-interval simulation, so a report is reproducible.
    "RANK_SEED": 20251,
    # Flask-Limiter storage: memory:// on one host, redis://127.0.0.1:6379 for several.
    "RATELIMIT_STORAGE_URI": "memory://",
    # Limit on public submissions per client (keyed on a hash held only by the limiter).
    "RATELIMIT_SUBMIT": "30 per minute",
    # Who issues the PDF reports (Decree 30/2020 header) and where.
    "ISSUER_PARENT": "UBND TỈNH PHÚ THỌ",
    "ISSUER_NAME": "SỞ NỘI VỤ",
    "PLACE": "Phú Thọ",
    # Document number printed under the issuer ("Số: ..."); blank space for the clerk.
    "REPORT_DOC_NUMBER": "      /BC-SNV",
    # Kiosk: seconds a tablet waits after a response before it accepts the next one.
    "KIOSK_COOLDOWN_SECONDS": 8,
    # Receipt tokens expire this many days after issue.
    "TOKEN_DAYS": 30,
    # Limit on receipt tokens issued through the JSON API, per API key.
    "RATELIMIT_TOKEN_API": "600 per minute",
    # Integrity signals (docs/survey.md). They flag a response, never reject it.
    # "fast": fewer seconds on the page than this many per answer given.
    "INTEGRITY_FAST_SECONDS_PER_ANSWER": 2.0,
    # "straight-line": at least this many rating answers, all with the same level.
    "INTEGRITY_STRAIGHT_LINE_MIN": 5,
    # "burst": this response is at least the Nth on one channel within the window.
    "INTEGRITY_BURST_COUNT": 5,
    "INTEGRITY_BURST_WINDOW_SECONDS": 300,
    # Biggest request body accepted (bytes): a survey post is a few hundred bytes.
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "BABEL_DEFAULT_LOCALE": "vi",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Ho_Chi_Minh",
    "LANGUAGES": ("vi", "en"),
    "SQLALCHEMY_ENGINE_OPTIONS": {},
}


def parse_bool(text: str) -> bool:
    return text.strip().lower() in {"1", "true", "yes", "on"}


def from_environment(environ: os._Environ | dict[str, str]) -> dict[str, Any]:
    """Read SURVEY_* variables, converted to the setting's type."""
    found: dict[str, Any] = {}
    for name, kind in ENV_SETTINGS.items():
        raw = environ.get(f"SURVEY_{name}")
        if raw is None or raw == "":
            continue
        found[name] = parse_bool(raw) if kind is bool else kind(raw)
    return found


def sqlite_url(instance_path: str) -> str:
    return "sqlite:///" + os.path.join(instance_path, "survey.sqlite")
