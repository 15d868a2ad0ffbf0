"""Friendly error pages, Vietnamese first. A citizen never sees a stack trace."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_page(status: int, title: str, message: str):
    if wants_json():
        return jsonify({"error": title, "message": message}), status
    return render_template("error.html", title=title, message=message, status=status), status


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    def not_found(_error):
        return error_page(404, _("Không tìm thấy trang"),
                          _("Mã QR hoặc đường dẫn này không đúng hoặc đã ngừng sử dụng."))

    @app.errorhandler(CSRFError)
    def csrf_failed(_error):
        return error_page(400, _("Phiên làm việc đã hết hạn"),
                          _("Vui lòng tải lại trang và gửi lại ý kiến. Xin cảm ơn."))

    @app.errorhandler(413)
    def too_large(_error):
        return error_page(413, _("Nội dung quá dài"),
                          _("Nội dung gửi lên quá dài. Vui lòng rút gọn và gửi lại."))

    @app.errorhandler(429)
    def too_many(_error):
        return error_page(429, _("Gửi quá nhiều lần"),
                          _("Bạn đã gửi nhiều lần trong thời gian ngắn. Vui lòng thử lại sau."))

    init_server_error(app)

    @app.errorhandler(HTTPException)
    def other_http(error: HTTPException):
        # abort(400, description=_("…")) carries our own message; werkzeug's stock
        # English descriptions are replaced by the Vietnamese-first generic one.
        ours = error.description != type(error).description
        return error_page(error.code or 500, _("Không thực hiện được yêu cầu"),
                          error.description if ours else
                          _("Yêu cầu không hợp lệ. Vui lòng thử lại."))


def init_server_error(app: Flask) -> None:
    @app.errorhandler(500)
    def server_error(_error):
        return error_page(500, _("Hệ thống đang bận"),
                          _("Xin lỗi, đã có lỗi xảy ra. Vui lòng thử lại sau ít phút."))
