"""The survey page: light, no script, accessible markup, Vietnamese first, English by switch."""

from __future__ import annotations

import re

from .survey_factories import DESK

BUDGET = 15 * 1024


def page_and_assets(client, path):
    page = client.get(path)
    html = page.get_data(as_text=True)
    assets = re.findall(r'<(?:link|img|script)[^>]+(?:href|src)="(/[^"]+)"', html)
    return page, html, [client.get(asset) for asset in assets]


def test_whole_page_is_within_the_weight_budget(client, channels):
    page, html, assets = page_and_assets(client, f"/s/{DESK}")
    total = len(page.data) + sum(len(asset.data) for asset in assets)
    assert page.status_code == 200 and all(a.status_code == 200 for a in assets)
    assert [a.mimetype for a in assets] == ["text/css"]
    assert total <= BUDGET, f"{total} bytes"


def test_no_javascript_and_no_external_requests(client, channels):
    html = client.get(f"/s/{DESK}").get_data(as_text=True)
    assert "<script" not in html
    assert "http://" not in html and "https://" not in html
    assert 'rel="icon" href="data:,"' in html  # no favicon request


def test_ratings_are_fieldsets_with_faces_and_words(client, channels):
    html = client.get(f"/s/{DESK}").get_data(as_text=True)
    fieldsets = re.findall(r'<fieldset class="r"><legend>(.*?)</legend>(.*?)</fieldset>', html,
                           re.S)
    assert len(fieldsets) == 6
    legend, options = fieldsets[0]
    assert legend.startswith("1. Nhìn chung")
    labels = re.findall(r'<label class=f(\d)><input type=radio name="q_overall" '
                        r'value="(\d)"><span>([^<]+)</span></label>', options)
    assert [(face, value) for face, value, _ in labels] == [
        ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"), ("0", "0")]
    assert [word for _, _, word in labels] == [
        "Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng",
        "Không ý kiến"]
    css = client.get("/static/css/survey.css").get_data(as_text=True)
    for face in range(1, 6):
        face_rule = rf"\.f{face} span::before[^{{]*\{{background:url\(\"data:image/svg\+xml,"
        assert re.search(face_rule, css)


def test_comment_and_contact_have_labels(client, channels):
    html = client.get(f"/s/{DESK}").get_data(as_text=True)
    assert '<label class="t" for="q_comment">' in html
    assert '<label class="t" for="contact">' in html
    assert re.search(r'<label class="k"><input type="checkbox" name="consent" value="yes">', html)
    assert "checked" not in html  # consent is never pre-ticked, nothing pre-chosen


def test_vietnamese_by_default_english_by_visible_switch(client, channels):
    html = client.get(f"/s/{DESK}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="vi">' in html and "Gửi đánh giá" in html
    assert f'href="/s/{DESK}?lang=en"' in html and ">English</a>" in html
    english = client.get(f"/s/{DESK}?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english
    assert "Send" in english and "Very satisfied" in english and "Overall, how satisfied" in english
    assert "Gửi đánh giá" not in english
    # remembered by the cookie
    assert '<html lang="en">' in client.get(f"/s/{DESK}").get_data(as_text=True)


def test_error_and_thank_you_pages_are_translated(client, channels):
    assert "Page not found" in client.get("/s/unknown?lang=en").get_data(as_text=True)
    posted = client.post(f"/s/{DESK}?lang=en", data={"q_overall": "4", "lang": "en"})
    thanks = client.get(posted.headers["Location"]).get_data(as_text=True)
    assert "Thank you" in thanks and "Xin cảm ơn" not in thanks


def test_dates_in_vietnamese_form(client, channels):
    posted = client.post(f"/s/{DESK}", data={"q_overall": "4"})
    thanks = client.get(posted.headers["Location"]).get_data(as_text=True)
    assert re.search(r"Ngày \d\d/\d\d/20\d\d", thanks)


def test_receipt_channel_has_no_open_survey_and_kiosk_redirects(client, channels):
    from .survey_factories import KIOSK, RECEIPT

    assert client.get(f"/s/{RECEIPT}").status_code == 404
    assert client.get(f"/s/{KIOSK}").headers["Location"].endswith(f"/k/{KIOSK}")
    assert client.get(f"/k/{DESK}").status_code == 404


def test_security_headers_on_the_survey(client, channels):
    page = client.get(f"/s/{DESK}")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert page.headers["Referrer-Policy"] == "no-referrer"
