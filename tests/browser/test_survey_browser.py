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
