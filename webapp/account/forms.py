"""Forms of the account blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from webapp.forms import new_password, password_again
from webapp.services.accounts.users import MAX_PASSWORD_LENGTH


class ChangePasswordForm(FlaskForm):
    """The current password and a new one, twice."""

    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    password = new_password(_l("New password"))
    password_confirm = password_again(_l("New password again"))


class ConfirmCodeForm(FlaskForm):
    """A current code from the authenticator app."""

    code = StringField(
        _l("Code from the app"),
        validators=[DataRequired(), Length(max=32)],
        description=_l("The 6 digits the app shows now."),
    )


class DisableForm(FlaskForm):
    """A current code (or a recovery code) to switch two-step login off."""

    code = StringField(
        _l("Code from the app or a recovery code"),
        validators=[DataRequired(), Length(max=32)],
    )


class StartForm(FlaskForm):
    """A button that starts the set-up (CSRF only)."""
