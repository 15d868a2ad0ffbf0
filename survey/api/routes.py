"""JSON API: health for operators, receipt tokens for one-stop software (docs/api.md)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask import current_app, jsonify, request

from .. import qr, queries, tokens
from ..extensions import db, limiter
from ..models import ApiKey, utcnow
from . import bp


@bp.get("/health")
def health():
    """For load balancers and operators: the app answers and the database too."""
    return jsonify({"status": "ok", "database": queries.database_ok()})


def api_error(status: int, error: str, message: str):
    return jsonify({"error": error, "message": message}), status


def bearer_key() -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    return key.strip() if scheme.lower() == "bearer" else ""


def authorised_key() -> ApiKey | None:
    key = bearer_key()
    if not key or len(key) > 100:
        return None
    return queries.api_key_by_hash(tokens.sha256(key))


def token_limit() -> str:
    return current_app.config["RATELIMIT_TOKEN_API"]


def limit_per_key() -> str:
    """Rate-limit per API key (its hash), so one unit's software cannot starve another."""
    return "key:" + tokens.sha256(bearer_key())[:32]


@bp.post("/tokens")
@limiter.limit(token_limit, key_func=limit_per_key)
def issue_token():
    """Issue one receipt code for a receipt channel of the key's unit (or a sub-unit)."""
    key = authorised_key()
    if key is None:
        return api_error(401, "unauthorized", "Send a valid API key: Authorization: Bearer <key>")
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("channel"), str):
        return api_error(400, "bad-request", 'Send JSON: {"channel": "<receipt channel code>"}')
    channel = queries.channel_by_code(body["channel"])
    if channel is None or channel.unit_id not in queries.subtree_ids(key.unit_id):
        return api_error(404, "unknown-channel", "No active channel with this code for your unit")
    if channel.kind != "receipt":
        return api_error(422, "not-a-receipt-channel",
                         f"Channel {channel.code} is a {channel.kind} channel, not receipt")
    now = utcnow()
    code = tokens.issue(db.session, channel, now=now, days=current_app.config["TOKEN_DAYS"])
    db.session.commit()
    url = qr.receipt_url(current_app.config["PUBLIC_URL"], code)
    expires = (now + dt.timedelta(days=current_app.config["TOKEN_DAYS"])).replace(tzinfo=dt.UTC)
    return jsonify({
        "code": code,
        "display": tokens.display(code),
        "url": url,
        "expires_at": expires.astimezone(ZoneInfo(current_app.config["TIMEZONE"]))
        .isoformat(timespec="seconds"),
        "channel": channel.code,
        "qr_svg": qr.svg(url).decode(),
    }), 201
