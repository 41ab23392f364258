"""Form pieces several areas of the site share: day and pain choices, passwords, a message."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.services.accounts.users import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH

PAIN_CHOICES = [SelectChoice(str(n)) for n in range(11)]

WEEKDAY_CHOICES = [
    SelectChoice("0", _l("Monday")),
    SelectChoice("1", _l("Tuesday")),
    SelectChoice("2", _l("Wednesday")),
    SelectChoice("3", _l("Thursday")),
    SelectChoice("4", _l("Friday")),
    SelectChoice("5", _l("Saturday")),
    SelectChoice("6", _l("Sunday")),
]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (for the weekdays)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def new_password(label) -> PasswordField:
    """A new password field: the length rules every account follows."""
    return PasswordField(
        label,
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)],
        description=_l("At least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
    )


def password_again(label) -> PasswordField:
    """The same new password once more."""
    return PasswordField(
        label, validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))]
    )


class MessageForm(FlaskForm):
    """A message in a patient's thread with their physio (the service checks the length)."""

    body = TextAreaField(_l("Your message"), description=_l("At most 1000 characters."))
