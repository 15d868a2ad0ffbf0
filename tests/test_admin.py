"""Officials' sign-in and unit scope."""

from __future__ import annotations

from survey.extensions import db
from survey.users import create_user


def sign_in(client, username, password):
    return client.post("/admin/sign-in", data={"username": username, "password": password})


def test_sign_in_and_scope(client, province):
    create_user(db.session, "huyen", "unit_manager", "H-1", password="mat-khau-dai-1")
    create_user(db.session, "so", "admin", None, password="mat-khau-dai-2")
    db.session.commit()
    assert client.get("/admin/").status_code == 302  # signed out: to the sign-in page
    wrong = sign_in(client, "huyen", "sai")
    assert wrong.status_code == 400 and "không đúng" in wrong.get_data(as_text=True)
    assert sign_in(client, "huyen", "mat-khau-dai-1").status_code == 302
    page = client.get("/admin/").get_data(as_text=True)
    assert "X-A" in page and "X-C" in page and "H-1" in page
    assert "SO-A" not in page and "SO-B" not in page  # outside the district's subtree
    client.post("/admin/sign-out")
    sign_in(client, "so", "mat-khau-dai-2")
    assert "SO-A" in client.get("/admin/").get_data(as_text=True)


def test_every_admin_page_hides_units_outside_scope(app, client, province):
    create_user(db.session, "xa", "viewer", "X-C", password="mat-khau-dai-3")
    db.session.commit()
    sign_in(client, "xa", "mat-khau-dai-3")
    rules = [rule for rule in app.url_map.iter_rules()
             if rule.rule.startswith("/admin") and "GET" in rule.methods and not rule.arguments]
    assert rules, "no admin pages found"
    for rule in rules:
        page = client.get(rule.rule)
        assert page.status_code in (200, 302, 403, 404), rule.rule
        text = page.get_data(as_text=True)
        for outside in ("SO-A", "SO-B", "Đơn vị PT"):
            assert outside not in text, (rule.rule, outside)


def test_sign_in_records_an_audit_event(client, province):
    create_user(db.session, "kt", "supervisor", "PT", password="mat-khau-dai-4")
    db.session.commit()
    sign_in(client, "kt", "mat-khau-dai-4")
    actions = db.session.execute(db.text("SELECT action FROM audit_event")).scalars().all()
    assert actions == ["sign-in"]


def test_report_downloads_respect_scope(client, province):
    create_user(db.session, "huyen2", "unit_manager", "H-1", password="mat-khau-dai-5")
    db.session.commit()
    sign_in(client, "huyen2", "mat-khau-dai-5")
    inside = client.get("/admin/reports/unit/X-C/2026-11.pdf")
    assert inside.status_code == 200 and inside.data.startswith(b"%PDF")
    assert inside.mimetype == "application/pdf"
    assert client.get("/admin/reports/unit/SO-A/2026-11.pdf").status_code == 404
    assert client.get("/admin/reports/unit/NOPE/2026-11.pdf").status_code == 404
    bad = client.get("/admin/reports/unit/X-C/2026-13.pdf")
    assert bad.status_code == 400 and "2026-Q4" in bad.get_data(as_text=True)
    # comparing the province is the Department's view, not a district's
    assert client.get("/admin/reports/compare/all/2026-11.pdf").status_code == 404
    assert "so sánh" not in client.get("/admin/").get_data(as_text=True)


def test_supervisor_downloads_the_comparison(client, province):
    create_user(db.session, "snv", "supervisor", "PT", password="mat-khau-dai-6")
    db.session.commit()
    sign_in(client, "snv", "mat-khau-dai-6")
    assert "so sánh" in client.get("/admin/?period=2026-10").get_data(as_text=True)
    pdf = client.get("/admin/reports/compare/all/2026-10.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert client.get("/admin/reports/compare/village/2026-10.pdf").status_code == 404
    actions = db.session.execute(db.text(
        "SELECT target FROM audit_event WHERE action = 'export'")).scalars().all()
    assert actions == ["compare all"]
