from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


class SignInForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(), Length(max=200)])
