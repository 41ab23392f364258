"""Forms of the reminders blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SelectChoice, SelectField, TimeField
from wtforms.validators import InputRequired, Optional

from webapp.forms import NPRS_LABEL, PAIN_CHOICES, WEEKDAY_CHOICES, MultiCheckboxField
from webapp.zone_field import ZoneField


class ReminderSettingsForm(FlaskForm):
    """When and how the patient is reminded."""

    reminder_time = TimeField(
        _l("Reminder time"), validators=[InputRequired(message=_l("Choose a time."))]
    )
    weekdays = MultiCheckboxField(_l("Exercise days"), choices=WEEKDAY_CHOICES)
    daily_enabled = BooleanField(_l("A reminder on my exercise days"))
    followup_enabled = BooleanField(_l("A second reminder two hours later if I have not logged"))
    weekly_enabled = BooleanField(_l("A weekly summary"))
    quiet_start = TimeField(_l("Quiet from"), validators=[InputRequired()])
    quiet_end = TimeField(_l("Quiet until"), validators=[InputRequired()])
    paused_until = DateField(_l("Pause all reminders until (optional)"), validators=[Optional()])
    locale = SelectField(
        _l("Language"), choices=[SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]
    )
    timezone = ZoneField(_l("Time zone"))


class EmailLogForm(FlaskForm):
    """Confirming a log from an email link: how it went and the pain."""

    status = RadioField(
        _l("Did you do your exercises?"),
        choices=[
            SelectChoice("done", _l("All of it")),
            SelectChoice("partial", _l("Part of it")),
            SelectChoice("skipped", _l("Skipped")),
        ],
        validators=[InputRequired(message=_l("Choose how much you did."))],
    )
    pain = RadioField(
        NPRS_LABEL,
        choices=PAIN_CHOICES,
        coerce=int,
        validators=[InputRequired(message=_l("Choose a pain score from 0 to 10."))],
    )
