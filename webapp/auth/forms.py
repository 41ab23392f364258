"""Forms of the auth blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from webapp.forms import new_password, password_again
from webapp.services.accounts.users import MAX_PASSWORD_LENGTH
from webapp.zone_field import ZoneField


class LoginForm(FlaskForm):
    """Email and password."""

    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )


class RegisterForm(FlaskForm):
    """A new patient account."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)])
    locale = SelectField(
        _l("Language"),
        choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")],
        default="nl",
    )
    timezone = ZoneField(_l("Time zone"))


class ForgotPasswordForm(FlaskForm):
    """The email address to send a reset link to."""

    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    """A new password, twice."""

    password = new_password(_l("New password"))
    password_confirm = password_again(_l("New password again"))


class CodeForm(FlaskForm):
    """A code from the authenticator app, or a recovery code."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=32)],
        description=_l("The 6 digits your app shows now, or one of your recovery codes."),
    )
