"""Generated garbage on every public route: always a 4xx or a proper answer, never a 500,
and a refused post stores nothing."""

from __future__ import annotations

import urllib.parse

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from survey.models import Answer, Comment, Contact, Response

from .survey_factories import DESK, KIOSK

FIELDS = ["q_overall", "q_tiep_can", "q_thu_tuc", "q_cong_chuc", "q_ket_qua", "q_phan_anh",
          "q_so_lan_di_lai", "q_comment", "contact", "consent", "idem", "ts", "lang",
          "csrf_token"]
text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
value = st.one_of(text, st.sampled_from(["0", "1", "5", "6", "-1", "2+", "yes", "en", "",
                                         "٣", "²", "\x00", "0912345678", "a@b.vn"]),
                  st.text(max_size=1200))
forms = st.dictionaries(st.one_of(st.sampled_from(FIELDS), text.map(lambda t: "q_" + t), text),
                        value, max_size=12)
GARBAGE = settings(max_examples=150, deadline=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture])


def stored(count) -> tuple[int, ...]:
    return tuple(count(model) for model in (Response, Answer, Comment, Contact))


@GARBAGE
@given(form=forms)
def test_submit_never_fails_with_garbage(client, channels, count, form):
    before = stored(count)
    answer = client.post(f"/s/{DESK}", data=form)
    assert answer.status_code < 500
    after = stored(count)
    if answer.status_code >= 400:
        assert after == before
    else:
        assert answer.status_code == 302
        assert after[0] - before[0] in (0, 1)  # 0: a repeated idempotency key


@GARBAGE
@given(code=text, form=forms, kind=st.sampled_from(["s", "k", "r"]))
def test_every_public_route_with_garbage_codes(client, channels, count, code, form, kind):
    before = stored(count)
    path = f"/{kind}/" + urllib.parse.quote(code, safe="")
    assert client.get(path).status_code < 500
    answer = client.post(path, data=form)
    assert answer.status_code < 500
    if answer.status_code >= 400:
        assert stored(count) == before


@GARBAGE
@given(form=forms, query=st.dictionaries(text, text, max_size=3))
def test_kiosk_and_entry_forms_with_garbage(client, channels, count, form, query):
    assert client.get("/r", query_string=query).status_code < 500
    assert client.get(f"/s/{DESK}", query_string=query).status_code < 500
    before = stored(count)
    answer = client.post(f"/k/{KIOSK}", data=form)
    assert answer.status_code < 500
    if answer.status_code >= 400:
        assert stored(count) == before
