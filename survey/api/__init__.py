"""JSON API under /api/v1 (token issuing for one-stop software, read-outs)."""

from flask import Blueprint

from ..extensions import csrf

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # machine clients authenticate with an API key, not a session

from . import routes  # noqa: E402,F401
