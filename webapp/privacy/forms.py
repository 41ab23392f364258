"""Forms of the privacy pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from webapp.services.accounts.users import MAX_PASSWORD_LENGTH


class ExportForm(FlaskForm):
    """The download button (CSRF only)."""


class DeleteAccountForm(FlaskForm):
    """The account's password, to confirm that its owner deletes it."""

    password = PasswordField(
        _l("Your password"),
        validators=[
            DataRequired(message=_l("Enter your password to confirm.")),
            Length(max=MAX_PASSWORD_LENGTH),
        ],
        description=_l("To be sure it is you who deletes the account."),
    )
