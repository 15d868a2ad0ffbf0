"""Hài lòng: the citizen satisfaction survey platform."""

from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

from flask import Flask

from .config import DEFAULTS, from_environment, sqlite_url

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    configure(app, test_config)
    from . import database, errors, i18n, security
    from .extensions import csrf, db, limiter, login_manager, migrate

    database.bind(app, db)
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"),
                     render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    register_blueprints(app)
    from .cli import register_commands

    register_commands(app)
    return app


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.from_mapping(copy.deepcopy(DEFAULTS))  # settings are mutated per app
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(from_environment(os.environ))
    if test_config:
        app.config.update(test_config)
    if not app.config.get("DATABASE_URL"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["DATABASE_URL"] = sqlite_url(app.instance_path)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_db_url(app.config["DATABASE_URL"])
    app.config["BABEL_DEFAULT_TIMEZONE"] = app.config["TIMEZONE"]
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 12 * 3600)


def normalise_db_url(url: str) -> str:
    """postgres:// and postgresql:// mean psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def register_blueprints(app: Flask) -> None:
    from .admin import bp as admin_bp
    from .api import bp as api_bp
    from .public import bp as public_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
