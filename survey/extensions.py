"""Flask extensions, created once here and bound to an app in create_app."""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


def client_key() -> str:
    """Rate-limit key: a keyed hash of the client address.

    The address itself is never stored; the hash lives only in the limiter's storage
    (process memory or Redis, with expiry) and cannot be reversed without the secret key.
    """
    address = (request.remote_addr or "unknown").encode()
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, address, hashlib.sha256).hexdigest()[:32]


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=client_key, default_limits=[])
babel = Babel()
