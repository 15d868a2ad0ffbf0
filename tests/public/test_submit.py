"""Posting the survey: one response per form, clear 4xx for bad input, nothing half-stored."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from survey.models import Answer, Comment, Contact, Response

from .survey_factories import DESK

IDEM = "k" * 22


def form_fields(client, path=f"/s/{DESK}") -> dict[str, str]:
    html = client.get(path).get_data(as_text=True)
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', html))


def test_double_tap_stores_one_response(client, channels, count):
    data = {**form_fields(client), "q_overall": "5", "q_comment": "Nhanh gọn"}
    first = client.post(f"/s/{DESK}", data=data)
    second = client.post(f"/s/{DESK}", data=data)
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert count(Response) == 1 and count(Comment) == 1
    other_form = {**form_fields(client), "q_overall": "5"}
    client.post(f"/s/{DESK}", data=other_form)
    assert count(Response) == 2


def test_each_page_load_gets_a_fresh_idempotency_key(client, channels):
    assert form_fields(client)["idem"] != form_fields(client)["idem"]


def test_language_is_stored_from_the_switch_not_from_garbage(client, channels, fetch):
    client.post(f"/s/{DESK}", data={"q_overall": "4", "lang": "xx<script>"})
    client.post(f"/s/{DESK}?lang=en", data={"q_overall": "4", "lang": "en"})
    languages = fetch(lambda s: s.scalars(sa.select(Response.language).order_by(Response.id)).all())
    assert languages == ["vi", "en"]


def test_contact_is_stored_apart_only_with_consent(client, channels, count, fetch):
    posted = client.post(f"/s/{DESK}", data={
        "q_overall": "2", "q_comment": "Phải chờ quá lâu", "contact": "+84 912.345.678",
        "consent": "yes"})
    assert posted.status_code == 302
    contact = fetch(lambda s: s.scalars(sa.select(Contact)).one())
    assert contact.phone == "0912345678" and contact.email is None
    assert contact.consented_at is not None
    columns = set(Response.__table__.columns.keys()) | set(Answer.__table__.columns.keys())
    assert not {"phone", "email", "contact"} & columns


@pytest.mark.parametrize(("data", "message"), [
    ({"q_overall": "2", "q_comment": "Chậm", "contact": "0912345678"}, "đánh dấu ô đồng ý"),
    ({"q_overall": "2", "contact": "0912345678", "consent": "yes"}, "viết góp ý"),
    ({"q_overall": "2", "q_comment": "Chậm", "contact": "12345", "consent": "yes"},
     "chưa đúng"),
    ({"q_overall": "²"}, "từ 0 đến 5"),
    ({"q_overall": "٣"}, "từ 0 đến 5"),
    ({"q_overall": " 5 5"}, "từ 0 đến 5"),
    ({"q_so_lan_di_lai": "7"}, "Lựa chọn không hợp lệ"),
    ({"q_comment": "abc\x00def"}, "ký tự không đọc được"),
    ({"q_overall": "5", "q_" + "x" * 5000: "1"}, "không tồn tại"),
])
def test_bad_input_is_a_clear_400_and_stores_nothing(client, channels, count, data, message):
    posted = client.post(f"/s/{DESK}", data=data)
    assert posted.status_code == 400
    html = posted.get_data(as_text=True)
    assert message in html and 'role="alert"' in html
    assert count(Response) == count(Answer) == count(Comment) == count(Contact) == 0


def test_refused_form_keeps_what_the_citizen_chose(client, channels):
    posted = client.post(f"/s/{DESK}", data={
        "q_overall": "4", "q_comment": "Giữ lại giúp tôi", "contact": "0912345678"})
    html = posted.get_data(as_text=True)
    assert 'name="q_overall" value="4" checked' in html
    assert "Giữ lại giúp tôi</textarea>" in html
    assert 'value="0912345678"' in html and "<details open>" in html


def test_email_contact_and_forgetting_on_request(client, channels, count, runner):
    client.post(f"/s/{DESK}", data={"q_overall": "1", "q_comment": "Thái độ chưa tốt",
                                    "contact": "Nguoi.Dan@Example.vn", "consent": "yes"})
    assert count(Contact) == 1
    result = runner.invoke(args=["contacts", "forget", "--email", "nguoi.dan@example.vn"])
    assert result.exit_code == 0 and "deleted 1 contact(s)" in result.output
    assert count(Contact) == 0
    assert count(Comment) == 1  # the comment itself stays, now without a way back


def test_forget_by_phone_accepts_any_spelling(client, channels, count, runner):
    client.post(f"/s/{DESK}", data={"q_comment": "Gọi lại giúp", "contact": "0912 345 678",
                                    "consent": "yes"})
    result = runner.invoke(args=["contacts", "forget", "--phone", "+84912345678"])
    assert "deleted 1 contact(s)" in result.output and count(Contact) == 0


def test_oversized_post_is_a_friendly_413(client, channels, count):
    posted = client.post(f"/s/{DESK}", data={"q_comment": "x" * 70_000})
    assert posted.status_code == 413 and "quá dài" in posted.get_data(as_text=True)
    assert count(Response) == 0


def test_unknown_channel_post_is_404(client, channels, count):
    assert client.post("/s/nope", data={"q_overall": "5"}).status_code == 404
    assert count(Response) == 0
