"""A real server in a thread (file-based SQLite) and the system Chromium, never a
downloaded browser. Browser tests run on SQLite only."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest
from werkzeug.serving import make_server

try:
    from tests.public.survey_factories import make_standard_channels
except ImportError:  # tests/ is not a package: its folder is on sys.path instead
    from public.survey_factories import make_standard_channels
from survey import create_app, tokens
from survey.extensions import db
from survey.models import utcnow
from survey.questionnaires import sync_builtin

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 360, "height": 740}


@dataclass
class LiveServer:
    url: str
    app: object
    codes: dict[str, str]
    receipt_codes: list[str] = field(default_factory=list)


@pytest.fixture
def live_server(tmp_path):
    app = create_app({
        "DATABASE_URL": f"sqlite:///{tmp_path}/live.sqlite",
        "SECRET_KEY": "browser-test-secret",
        "PUBLIC_URL": "http://127.0.0.1",
        "KIOSK_COOLDOWN_SECONDS": 3,
        "RATELIMIT_SUBMIT": "100 per minute",
    })
    with app.app_context():
        db.create_all()
        sync_builtin(db.session)
        channels = make_standard_channels(db.session)
        codes = {kind: channel.code for kind, channel in channels.items()}
        receipt = tokens.issue_many(db.session, channels["receipt"], 2, now=utcnow(), days=30)
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", app, codes, receipt)
    server.shutdown()
    thread.join(5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(chromium):
    """A cheap phone: 360 px wide, JavaScript off (the survey must not need it)."""
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False,
                                   device_scale_factor=2, is_mobile=True, has_touch=True,
                                   locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()
