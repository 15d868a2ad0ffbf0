"""The app factory, configuration and the minimal survey path."""

from __future__ import annotations

import sqlalchemy as sa

from survey import create_app
from survey.config import from_environment
from survey.extensions import db
from survey.models import Answer, Channel, Response, Unit
from survey.questionnaires import current


def make_channel(code="abcDEF123xyz", kind="desk", questionnaire="admin"):
    unit = Unit(code="SO-TP", name="Sở Tư pháp", kind="administrative", level="department")
    channel = Channel(code=code, unit=unit, kind=kind, label="Quầy 1",
                      questionnaire=current(db.session, questionnaire))
    db.session.add(channel)
    db.session.commit()
    return channel


def test_environment_overrides_defaults(monkeypatch, tmp_path):
    monkeypatch.setenv("SURVEY_PUBLIC_URL", "https://hl.example.vn")
    monkeypatch.setenv("SURVEY_TARGET", "0.85")
    monkeypatch.setenv("SURVEY_DATABASE_URL", f"sqlite:///{tmp_path}/x.sqlite")
    app = create_app()
    assert app.config["PUBLIC_URL"] == "https://hl.example.vn"
    assert app.config["TARGET"] == 0.85
    assert app.config["TIMEZONE"] == "Asia/Ho_Chi_Minh"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("/x.sqlite")


def test_environment_parsing_types():
    parsed = from_environment({"SURVEY_MIN_N": "12", "SURVEY_SESSION_COOKIE_SECURE": "true"})
    assert parsed == {"MIN_N": 12, "SESSION_COOKIE_SECURE": True}


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/wal.sqlite"})
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1


def test_survey_page_shows_the_questionnaire(client, ctx):
    make_channel()
    page = client.get("/s/abcDEF123xyz")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Sở Tư pháp" in html
    assert 'name="q_overall"' in html


def test_unknown_code_gives_vietnamese_404(client):
    page = client.get("/s/nope")
    assert page.status_code == 404
    assert "Không tìm thấy trang" in page.get_data(as_text=True)


def test_submission_stores_response_and_answers(client, ctx):
    make_channel()
    posted = client.post("/s/abcDEF123xyz", data={
        "q_overall": "5", "q_tiep_can": "4", "q_cong_chuc": "0", "q_comment": "Rất tốt"})
    assert posted.status_code == 302
    thanks = client.get(posted.headers["Location"])
    assert "Xin cảm ơn" in thanks.get_data(as_text=True)
    response = db.session.scalar(sa.select(Response))
    assert response.unit.code == "SO-TP"
    values = {a.item_key: a.value for a in response.answers}
    assert values == {"overall": 5, "tiep_can": 4, "cong_chuc": 0}
    assert response.comment.text == "Rất tốt"


def bad_post_stores_nothing(client, data, expected):
    before = db.session.scalar(sa.select(sa.func.count(Response.id)))
    posted = client.post("/s/abcDEF123xyz", data=data)
    assert posted.status_code == 400
    assert expected in posted.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Response.id))) == before
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 0


def test_value_outside_scale_is_refused(client, ctx):
    make_channel()
    bad_post_stores_nothing(client, {"q_overall": "6"}, "từ 0 đến 5")
    bad_post_stores_nothing(client, {"q_overall": "-1"}, "từ 0 đến 5")
    bad_post_stores_nothing(client, {"q_overall": "abc"}, "từ 0 đến 5")


def test_unknown_item_is_refused(client, ctx):
    make_channel()
    bad_post_stores_nothing(client, {"q_overall": "5", "q_hacked": "5"}, "không tồn tại")


def test_overlong_comment_is_refused(client, ctx):
    make_channel()
    bad_post_stores_nothing(client, {"q_overall": "5", "q_comment": "x" * 1001}, "1.000 ký tự")


def test_empty_form_is_refused(client, ctx):
    make_channel()
    bad_post_stores_nothing(client, {}, "ít nhất một")


def test_security_headers(client):
    page = client.get("/")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "no-referrer"
