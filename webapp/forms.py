"""Form pieces the areas of the site share, and how a service's refusal shows on a form."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    FieldList,
    FormField,
    PasswordField,
    SelectChoice,
    SelectMultipleField,
    TextAreaField,
)
from wtforms.form import BaseForm
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.widgets import CheckboxInput, ListWidget

from webapp.services.accounts.users import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from webapp.services.core.errors import ServiceError

PAIN_CHOICES = [SelectChoice(str(n)) for n in range(11)]
# The NPRS as the guideline asks it: the average over the last 24 hours, not pain now.
NPRS_LABEL = _l(
    "Your average pain over the last 24 hours, from 0 (no pain) to 10 (worst pain imaginable)"
)

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


def attach_error(
    form: BaseForm,
    exc: ServiceError,
    *,
    default: str | None = None,
    general: list | None = None,
) -> None:
    """Show a service's refusal on the form: on the field it names, else above the form.

    ``exc.field`` may name a field of a subform in a list as WTForms names it
    (``items-0-amount``). A refusal that names no field of this form goes to ``default``
    when the page has a natural field for it, else to ``general`` (the messages the page
    shows above the form), else to the form's own ``form_errors``.
    """
    field = _input_named(form, exc.field) or _input_named(form, default)
    if field is not None:
        # A field that was never validated holds its errors in a tuple.
        field.errors = [*field.errors, exc.message]
    elif general is not None:
        general.append(exc.message)
    else:
        form.form_errors.append(exc.message)


def _input_named(form: BaseForm, name: str | None) -> Field | None:
    """The input field with this full name, also inside lists of subforms; None if none."""
    if not name:
        return None
    return next((field for field in _inputs(form) if field.name == name), None)


def _inputs(fields: Iterable[Field]) -> Iterator[Field]:
    """Every input field, looking inside lists and subforms (those show no message themselves)."""
    for field in fields:
        if isinstance(field, FieldList):
            yield from _inputs(field.entries)
        elif isinstance(field, FormField):
            yield from _inputs(field.form)
        else:
            yield field
