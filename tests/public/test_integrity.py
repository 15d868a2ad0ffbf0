"""Integrity signals flag responses and never reject them; nothing identifies a person."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from survey import integrity
from survey.models import Response

from .survey_factories import DESK, KIOSK

SECRET = "test-secret"  # noqa: S105  (the test app's key, see tests/conftest.py)
LIMITS = integrity.Thresholds()


def stamp_from(seconds_ago: float, code: str = DESK) -> str:
    """A form stamp as if the page had been served `seconds_ago`."""
    class Past(integrity.TimestampSigner):
        def get_timestamp(self):
            return int(dt.datetime.now(dt.UTC).timestamp() - seconds_ago)
    return Past(SECRET, salt="survey-form-started").sign(code).decode()


def flags_of(fetch) -> list[str]:
    return fetch(lambda s: s.scalars(sa.select(Response.flags).order_by(Response.id)).all())


def test_stamp_round_trip_and_forgery():
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert integrity.seconds_on_page(SECRET, DESK, stamp_from(42), now) in (41, 42, 43)
    assert integrity.seconds_on_page(SECRET, KIOSK, stamp_from(42), now) is None
    assert integrity.seconds_on_page("other", DESK, stamp_from(42), now) is None
    assert integrity.seconds_on_page(SECRET, DESK, "garbage", now) is None
    assert integrity.seconds_on_page(SECRET, DESK, None, now) is None


def test_device_hash_is_keyed_and_rotates_daily():
    cookie = integrity.new_device_cookie()
    day = dt.date(2026, 11, 28)
    today = integrity.device_hash(SECRET, cookie, day)
    assert today == integrity.device_hash(SECRET, cookie, day)
    assert today != integrity.device_hash(SECRET, cookie, day + dt.timedelta(days=1))
    assert today != integrity.device_hash("other-secret", cookie, day)
    assert cookie not in today and len(today) == 32
    assert integrity.device_hash(SECRET, "short", day) is None


@pytest.mark.parametrize(("ratings", "expected"), [
    ({"a": 5, "b": 5, "c": 5, "d": 5, "e": 5}, True),
    ({"a": 5, "b": 5, "c": 5, "d": 5, "e": 5, "f": 0}, True),
    ({"a": 5, "b": 5, "c": 5, "d": 5, "e": 4}, False),
    ({"a": 5, "b": 5, "c": 5, "d": 5}, False),
    ({"a": 0, "b": 0, "c": 0, "d": 0, "e": 0}, False),
])
def test_straight_line(ratings, expected):
    assert integrity.is_straight_line(ratings, LIMITS) is expected


def test_fast_depends_on_answers_given():
    assert integrity.is_fast(None, 3, LIMITS)
    assert integrity.is_fast(5, 3, LIMITS)
    assert not integrity.is_fast(6, 3, LIMITS)
    assert not integrity.is_fast(30, 8, LIMITS)


def test_flags_set_but_response_kept(client, channels, fetch):
    six_fives = {f"q_{key}": "5" for key in
                 ("overall", "tiep_can", "thu_tuc", "cong_chuc", "ket_qua", "phan_anh")}
    assert client.post(f"/s/{DESK}", data={**six_fives, "ts": stamp_from(3)}).status_code == 302
    assert client.post(f"/s/{DESK}", data={"q_overall": "4", "q_tiep_can": "3",
                                           "ts": stamp_from(60)}).status_code == 302
    assert client.post(f"/s/{DESK}", data={"q_overall": "4"}).status_code == 302  # no stamp
    # no GET, so no device cookie: the repeat-device signal stays silent here
    assert flags_of(fetch) == ["fast,straight-line", "", "fast"]


def test_repeat_device_needs_the_same_cookie_same_unit_same_day(app, channels, fetch):
    first, second = app.test_client(), app.test_client()
    for browser in (first, second, first):
        browser.get(f"/s/{DESK}")  # receives its random device cookie
        browser.post(f"/s/{DESK}", data={"q_overall": "4", "ts": stamp_from(60)})
    assert flags_of(fetch) == ["", "", "repeat-device"]
    hashes = fetch(lambda s: s.scalars(sa.select(Response.device_hash)).all())
    assert len(set(hashes)) == 2 and all(len(h) == 32 for h in hashes)
    cookie = first.get_cookie(integrity.DEVICE_COOKIE).value
    assert cookie not in hashes


def test_burst_from_one_channel(make_app, channels, fetch, app):
    for number in range(6):
        client = app.test_client()  # a different "device" every time
        client.post(f"/s/{DESK}", data={"q_overall": str(1 + number % 5),
                                        "ts": stamp_from(60)})
    assert flags_of(fetch) == ["", "", "", "", "burst", "burst"]


def test_no_ip_address_or_user_agent_is_stored(client, channels, fetch):
    client.post(f"/s/{DESK}", data={"q_overall": "4", "q_comment": "ok"},
                headers={"User-Agent": "Zalo-Android-UNIQUE-UA"},
                environ_base={"REMOTE_ADDR": "203.0.113.77"})
    row = fetch(lambda s: s.execute(sa.select(Response.__table__)).mappings().one())
    stored = " ".join(str(value) for value in row.values())
    assert "203.0.113.77" not in stored and "UNIQUE-UA" not in stored
    names = " ".join(Response.__table__.columns.keys())
    assert "ip" not in names.split() and "agent" not in names and "addr" not in names
