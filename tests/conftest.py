"""Fixtures: each test gets its own real database, on SQLite and (when
SURVEY_TEST_POSTGRES_URL is set, as in CI) on PostgreSQL too."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import urllib.parse
from pathlib import Path

import pytest
import sqlalchemy as sa

from survey import create_app
from survey.channels import create_channel
from survey.extensions import db as _db
from survey.models import Unit
from survey.questionnaires import current
from survey.submissions import Submission, store

POSTGRES_URL = os.environ.get("SURVEY_TEST_POSTGRES_URL")
ENGINES = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def postgres_schema_url(schema: str) -> str:
    """The test server's URL with search_path pinned to a fresh schema."""
    url = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    joiner = "&" if "?" in url else "?"
    return url + joiner + "options=" + urllib.parse.quote(f"-csearch_path={schema}")


@pytest.fixture(params=ENGINES)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/test.sqlite"
        return
    schema = "t_" + secrets.token_hex(6)
    admin = sa.create_engine(POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    yield postgres_schema_url(schema)
    with admin.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def make_app(database_url, tmp_path):
    """Build an app on this test's database; extra settings override the test defaults."""
    def build(**settings):
        config = {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
            "PUBLIC_URL": "https://hailong.example.vn",
        }
        config.update(settings)
        return create_app(config)
    return build


@pytest.fixture
def app(make_app):
    app = make_app()
    with app.app_context():
        _db.create_all()
        from survey.questionnaires import sync_builtin

        sync_builtin(_db.session)
        _db.session.commit()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield app


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def province(ctx):
    """A province, two departments, a district with two communes merged into a third."""
    def unit(code, level, parent=None, kind="administrative", **extra):
        made = Unit(code=code, name=f"Đơn vị {code}", kind=kind, level=level, parent=parent,
                    **extra)
        _db.session.add(made)
        return made
    root = unit("PT", "province")
    units = {"PT": root, "SO-A": unit("SO-A", "department", root),
             "SO-B": unit("SO-B", "department", root), "H-1": unit("H-1", "district", root)}
    units["X-C"] = unit("X-C", "commune", units["H-1"], valid_from=dt.date(2026, 7, 1))
    for code in ("X-A", "X-B"):
        units[code] = unit(code, "commune", units["H-1"], valid_to=dt.date(2026, 6, 30),
                           successor=units["X-C"])
    admin = current(_db.session, "admin")
    channels = {code: create_channel(_db.session, u, admin, "desk", "Quầy 1")
                for code, u in units.items() if code != "PT"}
    _db.session.commit()
    return units, channels


def answer(channel, when: dt.datetime, overall: int | None, aspects: dict | None = None,
           flags: tuple = (), verified: bool = False):
    ratings = dict(aspects or {})
    if overall is not None:
        ratings["overall"] = overall
    store(_db.session, channel, Submission(ratings=ratings), now=when,
          timezone="Asia/Ho_Chi_Minh", flags=flags, verified=verified)


