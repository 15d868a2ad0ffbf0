"""The citizen survey: what people see after scanning a QR code."""

from flask import Blueprint

bp = Blueprint("public", __name__)

from . import kiosk, receipt, routes  # noqa: E402,F401  (routes attach themselves to bp)
