"""Migrations: an empty database upgrades to head and back down, on both engines, and
head matches the models exactly."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from survey.extensions import db


def table_names() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_to_head_and_down_to_base(make_app):
    app = make_app()
    with app.app_context():
        upgrade()
        assert {"unit", "response", "answer", "token", "token_redemption", "contact",
                "service_volume", "user", "audit_event"} <= table_names()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        downgrade(revision="base")
        assert table_names() == set()
        db.engine.dispose()


def test_init_db_command_creates_schema_and_questionnaires(make_app):
    app = make_app()
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        keys = db.session.execute(sa.text("SELECT key FROM questionnaire")).scalars().all()
        assert sorted(keys) == ["admin", "education", "health"]
        again = app.test_cli_runner().invoke(args=["init-db"])  # idempotent
        assert again.exit_code == 0
        db.session.remove()
        db.engine.dispose()
