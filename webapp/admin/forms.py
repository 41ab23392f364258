"""Forms of the admin blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from webapp.urls import MAX_ID

ROLE_CHOICES = [SelectChoice("physio", _l("Physiotherapist")), SelectChoice("admin", _l("Admin"))]
LANGUAGE_CHOICES = [SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]


class StaffAccountForm(FlaskForm):
    """A new physio or admin account; they choose their own password from the email."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(_l("Email address"), validators=[DataRequired(), Length(max=254)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="physio")
    locale = SelectField(_l("Language"), choices=LANGUAGE_CHOICES, default="nl")


class TwoFactorPolicyForm(FlaskForm):
    """The practice-wide two-step login requirement."""

    required = BooleanField(_l("Physiotherapists and admins must use two-step login"))


class AuditFilterForm(FlaskForm):
    """Filters of the audit log (a GET form: no CSRF token)."""

    class Meta:
        csrf = False

    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("Up to and including"), validators=[Optional()])
    actor = StringField(
        _l("Who (name or account number)"), validators=[Optional(), Length(max=120)]
    )
    subject = IntegerField(
        _l("About account number"), validators=[Optional(), NumberRange(min=1, max=MAX_ID)]
    )
    action = SelectField(_l("Action"), validators=[Optional()], default="")
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=100_000)], default=1)

    def validate(self, extra_validators=None) -> bool:
        """Check each field, and that the period does not end before it starts."""
        ok = super().validate(extra_validators)
        start, end = self.date_from.data, self.date_to.data
        if ok and start and end and end < start:
            self.date_to.errors.append(_l("The end date is before the start date."))
            return False
        return ok
