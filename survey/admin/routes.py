from __future__ import annotations

from flask import redirect, render_template, request, url_for
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
    return render_template("admin/index.html", units=units)


def safe_next(target: str | None) -> str:
    if target and target.startswith("/admin") and "//" not in target:
        return target
    return url_for("admin.index")
