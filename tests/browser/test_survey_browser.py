"""Scan -> answer -> submit -> thanks in a real Chromium at phone size, JavaScript off."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from survey.extensions import db
from survey.models import Answer, Response

pytestmark = pytest.mark.browser


def stored_responses(app) -> list[Response]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Response)).all()
        for row in rows:
            _ = [a.item_key for a in row.answers]
        return rows


def test_phone_without_javascript_answers_and_submits(live_server, phone, artifacts):
    page = phone
    page.goto(f"{live_server.url}/s/{live_server.codes['desk']}")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.screenshot(path=artifacts / "survey-phone-start.png", full_page=True)
    overall = page.get_by_role("group", name="1. Nhìn chung")
    overall.get_by_text("Rất hài lòng", exact=True).click()
    assert overall.get_by_role("radio", name="Rất hài lòng", exact=True).is_checked()
    page.get_by_role("group", name="2.").get_by_text("Hài lòng", exact=True).click()
    page.get_by_role("group", name="3.").get_by_text("Bình thường", exact=True).click()
    page.get_by_role("group", name="4.").get_by_text("Không ý kiến", exact=True).click()
    page.get_by_label("Ông/Bà có góp ý gì").fill("Cán bộ hướng dẫn rất tận tình.")
    page.screenshot(path=artifacts / "survey-phone-answered.png", full_page=True)
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_url("**/thanks**")
    assert "Xin cảm ơn" in page.locator("h1").inner_text()
    page.screenshot(path=artifacts / "survey-phone-thanks.png", full_page=True)
    [response] = stored_responses(live_server.app)
    with live_server.app.app_context():
        values = dict(db.session.execute(
            sa.select(Answer.item_key, Answer.value).where(Answer.response_id == response.id)
            .where(Answer.value.is_not(None))).all())
    assert values == {"overall": 5, "tiep_can": 4, "thu_tuc": 3, "cong_chuc": 0}
    assert response.language == "vi"
    assert response.seconds_spent is not None
    assert response.device_hash is not None


def test_english_by_the_visible_switch(live_server, phone, artifacts):
    page = phone
    page.goto(f"{live_server.url}/s/{live_server.codes['desk']}")
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("group", name="1. Overall").get_by_text("Satisfied", exact=True).click()
    page.get_by_role("group", name="7.").get_by_text("Once", exact=True).click()
    page.screenshot(path=artifacts / "survey-phone-english.png")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/thanks**")
    assert page.locator("h1").inner_text() == "Thank you!"
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=artifacts / "survey-phone-english-thanks.png")
    [response] = stored_responses(live_server.app)
    assert response.language == "en"


def contrast(foreground: str, background: str) -> float:
    def luminance(css: str) -> float:
        red, green, blue = (int(part) / 255 for part in css[css.index("(") + 1:-1]
                            .split(",")[:3])
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                  for c in (red, green, blue)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_usable_at_320_px_with_large_targets_and_high_contrast(live_server, chromium,
                                                               artifacts):
    context = chromium.new_context(viewport={"width": 320, "height": 640},
                                   java_script_enabled=True, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{live_server.url}/s/{live_server.codes['desk']}")
    page.screenshot(path=artifacts / "survey-320px.png")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    heights = page.eval_on_selector_all(".g span, button, .top a",
                                        "els => els.map(e => e.getBoundingClientRect().height)")
    assert min(heights) >= 44, heights
    widths = page.eval_on_selector_all(".g span", "els => els.map(e => e.offsetWidth)")
    assert min(widths) >= 260
    pairs = page.evaluate("""() => {
      const style = s => getComputedStyle(document.querySelector(s));
      const bg = s => style(s).backgroundColor;
      return [[style('legend').color, bg('body')], [style('.g span').color, bg('.g span')],
              [style('button').color, bg('button')], [style('.top a').color, bg('.top')],
              [style('.unit').color, bg('body')], [style('summary').color, bg('body')]];
    }""")
    for foreground, background in pairs:
        assert contrast(foreground, background) >= 7, (foreground, background)  # WCAG AAA
    context.close()


def test_kiosk_with_javascript_thanks_and_returns_to_the_start(live_server, chromium,
                                                               artifacts):
    context = chromium.new_context(viewport={"width": 1024, "height": 768},
                                   java_script_enabled=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(8000)
    start = f"{live_server.url}/k/{live_server.codes['kiosk']}"
    page.goto(start)
    page.screenshot(path=artifacts / "kiosk-start.png", full_page=True)
    faces = page.locator(".r .g span").first.bounding_box()
    assert faces["height"] >= 100 and faces["width"] >= 120  # big targets on the tablet
    page.get_by_role("group", name="1.").get_by_text("Rất hài lòng", exact=True).tap()
    page.get_by_role("button", name="Gửi đánh giá").tap()
    page.wait_for_url("**/thanks")
    page.screenshot(path=artifacts / "kiosk-thanks.png")
    assert "Xin cảm ơn" in page.locator("h1").inner_text()
    page.wait_for_url(start, timeout=8000)  # the refresh brings the next citizen's form
    assert page.get_by_role("radio", name="Rất hài lòng", exact=True).first.is_checked() is False
    page.get_by_role("group", name="1.").get_by_text("Hài lòng", exact=True).tap()
    page.get_by_role("button", name="Gửi đánh giá").tap()
    page.wait_for_url("**/thanks")
    assert len(stored_responses(live_server.app)) == 2
    context.close()


def test_receipt_code_on_a_phone(live_server, phone, artifacts):
    code = live_server.receipt_codes[0]
    phone.goto(f"{live_server.url}/r/{code}")
    phone.get_by_role("group", name="1.").get_by_text("Bình thường", exact=True).click()
    phone.get_by_role("button", name="Gửi đánh giá").click()
    phone.wait_for_url("**/thanks**")
    phone.goto(f"{live_server.url}/r/{code}")
    assert "đã được dùng" in phone.locator("h1").inner_text()
    phone.screenshot(path=artifacts / "receipt-used.png")
    [response] = stored_responses(live_server.app)
    assert response.verified is True
