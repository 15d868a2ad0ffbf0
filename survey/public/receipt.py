"""Receipt codes: /r/<code> is the one-time entry printed on the dossier receipt.

A used, expired or unknown code gets a friendly page, never an error screen. The
redemption is stored with the response in one transaction (survey/tokens.py)."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from .. import integrity, queries, tokens
from ..extensions import limiter
from ..models import Token, utcnow
from . import bp, flow
from .pages import render_survey
from .routes import lang_args, submit_limit, with_device_cookie

STATUS = {tokens.TokenState.UNKNOWN: 404, tokens.TokenState.USED: 410,
          tokens.TokenState.EXPIRED: 410}


def lookup(raw: str) -> tuple[tokens.TokenState, Token | None]:
    code = tokens.normalise(raw)
    token = queries.token_by_hash(tokens.sha256(code)) if code else None
    return tokens.state_of(token, utcnow()), token


def valid_token(raw: str) -> Token | None:
    state, token = lookup(raw)
    return token if state is tokens.TokenState.VALID else None


def token_notice(state: tokens.TokenState, token: Token | None, status: int | None = None):
    return render_template("public/token.html", state=state.value,
                           expires=token.expires_at if token else None
                           ), status or STATUS[state]


@bp.get("/r")
def receipt_entry():
    """A typed code (from the paper receipt) -> its survey; empty -> the entry form."""
    typed = request.args.get("code", "")
    if not typed:
        return render_template("public/receipt_entry.html", error=False)
    code = tokens.normalise(typed)
    if code is None:
        return render_template("public/receipt_entry.html", error=True), 400
    return redirect(url_for("public.receipt", code=code, **lang_args()))


@bp.get("/r/<code>")
def receipt(code: str):
    state, token = lookup(code)
    if state is not tokens.TokenState.VALID:
        return token_notice(state, token)
    return with_device_cookie(render_survey(token.channel, action=request.path))


@bp.post("/r/<code>")
@limiter.limit(submit_limit, methods=["POST"])
def receipt_submit(code: str):
    state, token = lookup(code)
    if state is tokens.TokenState.USED and flow.IDEMPOTENCY_KEY.match(
            request.form.get("idem", "")) and queries.idempotency_key_used(request.form["idem"]):
        return redirect(url_for("public.thanks_receipt", **lang_args()))  # a double tap
    if state is not tokens.TokenState.VALID:
        return token_notice(state, token)
    received = flow.receive(token.channel, request.form, token=token,
                            device_cookie=request.cookies.get(integrity.DEVICE_COOKIE))
    if received.outcome == flow.INVALID:
        return render_survey(token.channel, action=request.path, error=received.error,
                             values=request.form, status=400)
    if received.outcome == flow.TOKEN_USED:
        return token_notice(tokens.TokenState.USED, None, status=409)
    return redirect(url_for("public.thanks_receipt", **lang_args()))
