"""Survey fixtures. Requests run WITHOUT a test-wide app context: each request then gets
its own, as in production (Flask-Babel caches the chosen language per app context)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from survey.extensions import db

from .survey_factories import make_standard_channels


@pytest.fixture
def channels(app):
    """Codes of a desk, a kiosk and a receipt channel of one unit."""
    with app.app_context():
        made = make_standard_channels(db.session)
        return {kind: channel.code for kind, channel in made.items()}


@pytest.fixture
def count(app):
    """Rows of a model as the database has them now."""
    def rows(model, *where) -> int:
        with app.app_context():
            query = sa.select(sa.func.count()).select_from(model)
            return db.session.scalar(query.where(*where) if where else query)
    return rows


@pytest.fixture
def fetch(app):
    """Run a function inside a fresh app context (for reading stored rows)."""
    def run(function):
        with app.app_context():
            return function(db.session)
    return run


@pytest.fixture
def seeded_app(make_app):
    """An app with other settings, its schema, the questionnaires and one desk + kiosk."""
    made = []

    def build(**settings):
        from survey.questionnaires import sync_builtin

        from .survey_factories import DESK, KIOSK, make_channel, make_unit

        app = make_app(**settings)
        with app.app_context():
            db.create_all()
            sync_builtin(db.session)
            unit = make_unit(db.session)
            make_channel(db.session, unit, DESK)
            make_channel(db.session, unit, KIOSK, kind="kiosk")
            db.session.commit()
        made.append(app)
        return app
    yield build
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def responses_in(app) -> int:
    from survey.models import Response

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(Response.id)))
