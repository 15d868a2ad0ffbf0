"""Receipt codes: accepted once (a database constraint, even under a simultaneous race),
friendly pages for used, expired and unknown codes, and no link to the answers."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from survey import tokens
from survey.extensions import db
from survey.models import Channel, Response, Token, TokenRedemption, utcnow

from .survey_factories import RECEIPT


@pytest.fixture
def issue(app, channels):
    """Issue a receipt code (optionally already expired)."""
    def make(days: int = 30, issued_ago: int = 0) -> str:
        with app.app_context():
            channel = db.session.scalar(sa.select(Channel).where(Channel.code == RECEIPT))
            now = utcnow() - dt.timedelta(days=issued_ago)
            code = tokens.issue(db.session, channel, now=now, days=days)
            db.session.commit()
            return code
    return make


def test_codes_are_60_bit_crockford_and_forgiving_to_type():
    code = tokens.new_code()
    assert len(code) == 12 and set(code) <= set(tokens.ALPHABET)
    assert tokens.normalise(tokens.display(code).lower()) == code
    assert tokens.normalise("abcd efgh jkmn") == "ABCDEFGHJKMN"
    assert tokens.normalise("O1IL-0000-0000") == "011100000000"
    assert tokens.normalise("ABCD-EFGH-JKMU") is None  # U is not in the alphabet
    assert tokens.normalise("ABC") is None and tokens.normalise("x" * 500) is None


def test_only_the_hash_is_stored(issue, fetch):
    code = issue()
    stored = fetch(lambda s: s.scalars(sa.select(Token.code_hash)).one())
    assert stored == tokens.sha256(code) and code not in stored


def test_valid_code_gives_a_verified_response_once(client, issue, count, fetch):
    code = issue()
    page = client.get(f"/r/{tokens.display(code).lower()}")
    assert page.status_code == 200 and 'name="q_overall"' in page.get_data(as_text=True)
    posted = client.post(f"/r/{code}", data={"q_overall": "5", "idem": "a" * 20})
    assert posted.status_code == 302 and "/thanks" in posted.headers["Location"]
    response = fetch(lambda s: s.scalars(sa.select(Response)).one())
    assert response.verified is True
    again = client.post(f"/r/{code}", data={"q_overall": "1", "idem": "b" * 20})
    assert again.status_code == 410
    assert "đã được dùng" in again.get_data(as_text=True)
    assert count(Response) == 1 and count(TokenRedemption) == 1


def test_double_tap_on_a_receipt_form_is_not_an_error(client, issue, count):
    code = issue()
    data = {"q_overall": "4", "idem": "c" * 20}
    assert client.post(f"/r/{code}", data=data).status_code == 302
    assert client.post(f"/r/{code}", data=data).status_code == 302
    assert count(Response) == 1


def test_redemption_records_a_day_and_nothing_that_links_to_the_answers(client, issue, fetch):
    client.post(f"/r/{issue()}", data={"q_overall": "4"})
    assert set(TokenRedemption.__table__.columns.keys()) == {"token_id", "used_on"}
    used_on = fetch(lambda s: s.scalars(sa.select(TokenRedemption.used_on)).one())
    assert isinstance(used_on, dt.date) and not isinstance(used_on, dt.datetime)
    assert "token" not in " ".join(Response.__table__.columns.keys())


@pytest.mark.parametrize(("path", "status", "text"), [
    ("/r/ABCDEFGHJKMN", 404, "Không tìm thấy mã đánh giá"),
    ("/r/%3Cscript%3E", 404, "Không tìm thấy mã đánh giá"),
    ("/r/" + "A" * 300, 404, "Không tìm thấy mã đánh giá"),
])
def test_unknown_codes_get_a_friendly_page(client, channels, path, status, text):
    page = client.get(path)
    assert page.status_code == status and text in page.get_data(as_text=True)
    assert client.post(path, data={"q_overall": "5"}).status_code == status


def test_expired_code_says_until_when(client, issue, count):
    code = issue(days=30, issued_ago=31)
    page = client.get(f"/r/{code}")
    html = page.get_data(as_text=True)
    assert page.status_code == 410 and "đã hết hạn" in html
    expires = (dt.datetime.now(dt.UTC) + dt.timedelta(days=-1)).astimezone(
        dt.timezone(dt.timedelta(hours=7)))
    assert expires.strftime("%d/%m/%Y") in html or \
        (expires - dt.timedelta(days=1)).strftime("%d/%m/%Y") in html
    assert client.post(f"/r/{code}", data={"q_overall": "5"}).status_code == 410
    assert count(Response) == 0
    assert "has expired" in client.get(f"/r/{code}?lang=en").get_data(as_text=True)


def test_typed_code_entry(client, issue):
    code = issue()
    assert client.get("/r").status_code == 200
    typed = client.get("/r", query_string={"code": tokens.display(code).lower()})
    assert typed.headers["Location"].endswith(f"/r/{code}")
    wrong = client.get("/r", query_string={"code": "12"})
    assert wrong.status_code == 400 and "12 chữ và số" in wrong.get_data(as_text=True)


def test_redemption_is_a_database_constraint(app, issue):
    """Two transactions both see the token unused; the database lets only one through."""
    code = issue()
    with app.app_context():
        first, second = Session(db.engine), Session(db.engine)
        try:
            tokens_seen = [s.scalar(sa.select(Token).where(Token.code_hash == tokens.sha256(code)))
                           for s in (first, second)]
            assert all(t.redemption is None for t in tokens_seen)
            today = dt.date.today()
            tokens.redeem(first, tokens_seen[0], today)
            first.commit()
            tokens.redeem(second, tokens_seen[1], today)
            with pytest.raises(IntegrityError):
                second.commit()
            second.rollback()
        finally:
            first.close()
            second.close()


def test_simultaneous_posts_of_one_code_store_one_response(app, issue, count):
    code = issue()
    clients = 8
    barrier = threading.Barrier(clients)
    answers: list[tuple[int, str]] = []

    def post(number: int) -> None:
        client = app.test_client()
        barrier.wait()
        answer = client.post(f"/r/{code}", data={"q_overall": "5", "idem": f"race-{number:016d}"})
        answers.append((answer.status_code, answer.get_data(as_text=True)))

    threads = [threading.Thread(target=post, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    statuses = sorted(status for status, _ in answers)
    assert len(statuses) == clients and statuses.count(302) == 1, statuses
    refused = [page for status, page in answers if status != 302]
    assert all(status in (409, 410) for status in statuses[1:]), statuses
    assert all("đã được dùng" in page for page in refused)
    assert count(Response) == 1 and count(TokenRedemption) == 1
