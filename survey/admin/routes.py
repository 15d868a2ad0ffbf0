from __future__ import annotations

from flask import Response, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from .. import audit, queries
from ..extensions import db, limiter, login_manager
from . import bp
from .forms import SignInForm

login_manager.login_view = "admin.sign_in"


@login_manager.user_loader
def load_user(user_id: str):
    return queries.active_user(int(user_id)) if user_id.isdigit() else None


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
def sign_in():
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        user = queries.user_by_name(form.username.data)
        if user and user.active and user.check_password(form.password.data):
            login_user(user)
            audit.record(db.session, "sign-in", user=user)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")))
        error = _("Tên đăng nhập hoặc mật khẩu không đúng.")
    status = 400 if request.method == "POST" else 200
    return render_template("admin/sign_in.html", form=form, error=error), status


@bp.post("/sign-out")
@login_required
def sign_out():
    logout_user()
    return redirect(url_for("admin.sign_in"))


@bp.get("/")
@login_required
def index():
    units = queries.units_in_scope(current_user)
    period = chosen_period(request.args.get("period"))
    return render_template("admin/index.html", units=units, period=period.label,
                           can_compare=may_compare(current_user))


def safe_next(target: str | None) -> str:
    if target and target.startswith("/admin") and "//" not in target:
        return target
    return url_for("admin.index")


# --- Reports: the same PDFs as `flask report`, behind the user's unit scope ---

REPORT_ROLES = ("admin", "supervisor")  # who may compare units across the province


def may_compare(user) -> bool:
    """Comparing units is the Department's view: admins and supervisors over the whole
    province (no scope, or the root unit as scope)."""
    whole = user.scope_unit_id is None or user.scope_unit.parent_id is None
    return user.role in REPORT_ROLES and whole


def last_complete_month() -> str:
    from ..models import utcnow
    from ..periods import add_months
    from ..timeutil import local_date

    today = local_date(utcnow(), current_app.config["TIMEZONE"])
    previous = add_months(today.replace(day=1), -1)
    return f"{previous.year:04d}-{previous.month:02d}"


def chosen_period(text: str | None):
    from ..periods import PeriodError, parse_period

    try:
        return parse_period(text or last_complete_month())
    except PeriodError:
        abort(400, description=_("Kỳ báo cáo không hợp lệ. Ví dụ: 2026-11, 2026-Q4, 2026."))


def in_scope_or_404(code: str):
    """An out-of-scope unit is answered exactly like an unknown one."""
    unit = queries.unit_by_code(code)
    if unit is None or not queries.user_can_see(current_user, unit):
        abort(404)
    return unit


def pdf_response(data: bytes, filename: str) -> Response:
    response = Response(data, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@bp.get("/reports/unit/<code>/<period>.pdf")
@login_required
def unit_report(code: str, period: str):
    from ..reports.service import unit_report_pdf

    unit = in_scope_or_404(code)
    chosen = chosen_period(period)
    data = unit_report_pdf(db.session, unit.code, chosen.label)
    audit.record(db.session, "export", user=current_user, target=f"report {unit.code}",
                 period=chosen.label)
    db.session.commit()
    return pdf_response(data, f"{unit.code}-{chosen.label}.pdf")


@bp.get("/reports/compare/<group>/<period>.pdf")
@login_required
def comparison_report(group: str, period: str):
    from ..reports.service import comparison_report_pdf
    from ..statistics import ScopeError

    if not may_compare(current_user):
        abort(404)
    chosen = chosen_period(period)
    try:
        data = comparison_report_pdf(db.session, group, chosen.label)
    except ScopeError:
        abort(404)
    audit.record(db.session, "export", user=current_user, target=f"compare {group}",
                 period=chosen.label)
    db.session.commit()
    return pdf_response(data, f"so-sanh-{group}-{chosen.label}.pdf")
