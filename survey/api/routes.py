from __future__ import annotations

from flask import jsonify

from .. import queries
from . import bp


@bp.get("/health")
def health():
    """For load balancers and operators: the app answers and the database too."""
    return jsonify({"status": "ok", "database": queries.database_ok()})
