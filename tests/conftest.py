"""Fixtures: each test gets its own real database, on SQLite and (when
SURVEY_TEST_POSTGRES_URL is set, as in CI) on PostgreSQL too."""

from __future__ import annotations

import os
import secrets
import urllib.parse
from pathlib import Path

import pytest
import sqlalchemy as sa

from survey import create_app
from survey.extensions import db as _db

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
