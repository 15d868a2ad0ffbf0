"""Officials' area: sign-in and the pages behind it, filtered by the user's unit scope."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from . import routes  # noqa: E402,F401
