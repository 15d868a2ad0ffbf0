"""Kiosk cool-down, the token API for one-stop software, rate limits and CSRF expiry."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from survey import tokens
from survey.extensions import db
from survey.models import Response, Token

from .conftest import responses_in
from .survey_factories import DESK, KIOSK, RECEIPT, make_unit


def test_kiosk_thanks_then_returns_to_start_and_cools_down(client, channels, count, fetch):
    page = client.get(f"/k/{KIOSK}")
    assert page.status_code == 200 and 'class="kiosk"' in page.get_data(as_text=True)
    posted = client.post(f"/k/{KIOSK}", data={"q_overall": "5"})
    assert posted.headers["Location"].endswith(f"/k/{KIOSK}/thanks")
    thanks = client.get(posted.headers["Location"]).get_data(as_text=True)
    assert f'http-equiv="refresh" content="8;url=/k/{KIOSK}"' in thanks
    assert "sau 8 giây" in thanks
    too_soon = client.post(f"/k/{KIOSK}", data={"q_overall": "1"})
    assert too_soon.status_code == 429 and "đợi" in too_soon.get_data(as_text=True)
    assert count(Response) == 1
    assert fetch(lambda s: s.scalars(sa.select(Response.device_hash)).one()) is None


def test_kiosk_accepts_the_next_response_after_the_cool_down(seeded_app):
    app = seeded_app(KIOSK_COOLDOWN_SECONDS=0)
    client = app.test_client()
    assert client.post(f"/k/{KIOSK}", data={"q_overall": "5"}).status_code == 302
    assert client.post(f"/k/{KIOSK}", data={"q_overall": "4"}).status_code == 302
    assert responses_in(app) == 2


@pytest.fixture
def api_key(app, channels, runner):
    result = runner.invoke(args=["api-keys", "create", "--unit", "SO-TNMT",
                                 "--label", "Phần mềm một cửa"])
    assert result.exit_code == 0, result.output
    return result.output.strip()


def test_api_issues_a_token_that_works_once(client, api_key, count):
    answer = client.post("/api/v1/tokens", json={"channel": RECEIPT},
                         headers={"Authorization": f"Bearer {api_key}"})
    assert answer.status_code == 201
    body = answer.get_json()
    assert body["url"] == f"https://hailong.example.vn/r/{body['code']}"
    assert body["display"] == tokens.display(body["code"])
    assert re.fullmatch(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", body["expires_at"])
    assert body["qr_svg"].startswith("<") and "<path" in body["qr_svg"]
    assert count(Token) == 1
    assert client.post(f"/r/{body['code']}", data={"q_overall": "5"}).status_code == 302
    assert client.post(f"/r/{body['code']}", data={"q_overall": "5"}).status_code == 410


@pytest.mark.parametrize(("headers", "body", "status", "error"), [
    ({}, {"channel": RECEIPT}, 401, "unauthorized"),
    ({"Authorization": "Bearer hl_wrong"}, {"channel": RECEIPT}, 401, "unauthorized"),
    ("KEY", None, 400, "bad-request"),
    ("KEY", {"channel": 5}, 400, "bad-request"),
    ("KEY", {"channel": "nope"}, 404, "unknown-channel"),
    ("KEY", {"channel": DESK}, 422, "not-a-receipt-channel"),
])
def test_api_errors_are_json(client, api_key, count, headers, body, status, error):
    if headers == "KEY":
        headers = {"Authorization": f"Bearer {api_key}"}
    answer = client.post("/api/v1/tokens", json=body, headers=headers) if body is not None \
        else client.post("/api/v1/tokens", data="{not json", headers=headers)
    assert answer.status_code == status
    assert answer.get_json()["error"] == error and answer.get_json()["message"]
    assert count(Token) == 0


def test_api_key_of_another_unit_cannot_issue(app, client, channels, count, runner):
    with app.app_context():
        other = make_unit(db.session, code="UBND-XA", name="UBND xã Tân Sơn")
        db.session.commit()
        key = tokens.new_api_key(db.session, other, "xã")
        db.session.commit()
    answer = client.post("/api/v1/tokens", json={"channel": RECEIPT},
                         headers={"Authorization": f"Bearer {key}"})
    assert answer.status_code == 404 and count(Token) == 0
    assert runner.invoke(args=["api-keys", "revoke", key]).exit_code == 0


def test_revoked_key_is_refused(client, api_key, runner):
    assert runner.invoke(args=["api-keys", "revoke", api_key]).exit_code == 0
    answer = client.post("/api/v1/tokens", json={"channel": RECEIPT},
                         headers={"Authorization": f"Bearer {api_key}"})
    assert answer.status_code == 401


def test_health_is_kept(client):
    assert client.get("/api/v1/health").get_json() == {"status": "ok", "database": True}


def test_public_posts_are_rate_limited(seeded_app):
    app = seeded_app(RATELIMIT_ENABLED=True, RATELIMIT_SUBMIT="3 per minute")
    client = app.test_client()
    codes = [client.post(f"/s/{DESK}", data={"q_overall": "4"}).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    page = client.post(f"/s/{DESK}", data={"q_overall": "4"})
    assert "Gửi quá nhiều lần" in page.get_data(as_text=True)
    other = app.test_client()
    answer = other.post(f"/s/{DESK}", data={"q_overall": "4"},
                        environ_base={"REMOTE_ADDR": "198.51.100.9"})
    assert answer.status_code == 302  # keyed per client
    assert responses_in(app) == 4


def test_expired_csrf_keeps_the_answers(seeded_app):
    app = seeded_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.post(f"/s/{DESK}", data={"q_overall": "2", "q_comment": "Chờ lâu",
                                           "csrf_token": "stale"})
    html = page.get_data(as_text=True)
    assert page.status_code == 400 and "bấm Gửi đánh giá một lần nữa" in html
    assert 'name="q_overall" value="2" checked' in html and "Chờ lâu</textarea>" in html
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    again = client.post(f"/s/{DESK}", data={"q_overall": "2", "csrf_token": token})
    assert again.status_code == 302
    assert responses_in(app) == 1
