"""Forms of the patient blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from webapp.forms import NPRS_LABEL, PAIN_CHOICES, WEEKDAY_CHOICES, MultiCheckboxField
from webapp.models import Comparison, Feeling, SessionStatus
from webapp.services.care.logbook import MAX_AMOUNT, MAX_NOTE_LENGTH
from webapp.services.care.outcomes import MAX_CHECK_NOTE
from webapp.services.care.today import PlannedItem

# For "12,5" or "ten" in a count: WTForms' own "Not a valid integer value" says less.
WHOLE = _l("Enter a whole number.")


class SessionLogForm(FlaskForm):
    """How a day's session went: per exercise the amount, then pain, feeling and a note."""

    day = DateField(_l("Day"), validators=[InputRequired(message=_l("Choose a day."))])
    status = RadioField(
        _l("Did you do your exercises?"),
        choices=[
            SelectChoice(SessionStatus.DONE.value, _l("All of it")),
            SelectChoice(SessionStatus.PARTIAL.value, _l("Part of it")),
            SelectChoice(SessionStatus.SKIPPED.value, _l("Skipped")),
        ],
        default=SessionStatus.DONE.value,
        validators=[InputRequired(message=_l("Choose how much you did."))],
    )
    pain = RadioField(
        NPRS_LABEL,
        choices=PAIN_CHOICES,
        coerce=int,
        validators=[InputRequired(message=_l("Choose a pain score from 0 to 10."))],
    )
    feeling = RadioField(
        _l("How did it go?"),
        choices=[
            SelectChoice(Feeling.GOOD.value, _l("Well")),
            SelectChoice(Feeling.OK.value, _l("All right")),
            SelectChoice(Feeling.HARD.value, _l("Hard")),
        ],
        validators=[Optional()],
    )
    note = TextAreaField(_l("Note (optional)"), validators=[Length(max=MAX_NOTE_LENGTH)])


class WeeklyCheckFields:
    """The weekly look back, added to the log form with the first log of a new week."""

    week_pain = RadioField(
        _l("Your pain over the past week, on average (0 to 10)"),
        choices=PAIN_CHOICES,
        coerce=int,
        validators=[InputRequired(message=_l("Choose a pain score from 0 to 10."))],
    )
    week_comparison = RadioField(
        _l("Compared with the week before, your back is"),
        choices=[
            SelectChoice(Comparison.BETTER.value, _l("Better")),
            SelectChoice(Comparison.SAME.value, _l("About the same")),
            SelectChoice(Comparison.WORSE.value, _l("Worse")),
        ],
        validators=[InputRequired(message=_l("Choose one."))],
    )
    week_note = StringField(
        _l("One line on how the week went (optional)"),
        validators=[Length(max=MAX_CHECK_NOTE)],
    )


def amount_field_name(item_id: int) -> str:
    """The form field of one exercise's amount."""
    return f"amount_{item_id}"


def log_form_class(entries: list[PlannedItem], weekly_check: bool) -> type[SessionLogForm]:
    """A log form with an amount field per exercise (and the weekly check when it is due)."""
    fields = {}
    for entry in entries:
        item = entry.item
        fields[amount_field_name(item.id)] = IntegerField(
            item.exercise.name_nl,  # replaced by the translated label in the template
            invalid_value_message=WHOLE,
            validators=[
                Optional(),
                NumberRange(min=0, max=MAX_AMOUNT, message=_l("Enter a number from 0 to %(max)d.")),
            ],
        )
    if weekly_check:
        fields.update({k: v for k, v in vars(WeeklyCheckFields).items() if not k.startswith("_")})
    return type("DayLogForm", (SessionLogForm,), fields)


class NewPlanForm(FlaskForm):
    """A self-guided plan from a template: which one, from when, on which days, what time."""

    template = RadioField(
        _l("Which plan suits you now?"),
        choices=[
            SelectChoice("stay_active", _l("Stay active")),
            SelectChoice("build_up", _l("Build up")),
            SelectChoice("strength", _l("Strength and fitness")),
        ],
        validators=[InputRequired(message=_l("Choose a plan."))],
    )
    start_date = DateField(
        _l("Start on"), validators=[InputRequired(message=_l("Choose a start date."))]
    )
    weekdays = MultiCheckboxField(
        _l("Exercise days"),
        choices=WEEKDAY_CHOICES,
        description=_l("Leave all empty to use the plan's own days."),
    )
    reminder_time = TimeField(
        _l("Reminder time"), validators=[InputRequired(message=_l("Choose a time."))]
    )


class RampChoiceForm(FlaskForm):
    """The agreed goal and number of weeks of each build-up exercise (fields added per item)."""


def ramp_form_class(item_ids: list[int]) -> type[RampChoiceForm]:
    """A confirmation form with a goal and a length for every graded item."""
    fields = {}
    for item_id in item_ids:
        fields[f"goal_{item_id}"] = IntegerField(
            _l("Goal"),
            invalid_value_message=WHOLE,
            validators=[
                InputRequired(message=_l("Enter a goal.")),
                NumberRange(min=1, max=MAX_AMOUNT, message=_l("Enter a number from 1 to %(max)d.")),
            ],
        )
        fields[f"weeks_{item_id}"] = IntegerField(
            _l("Weeks"),
            invalid_value_message=WHOLE,
            validators=[
                InputRequired(message=_l("Enter a number of weeks.")),
                NumberRange(min=6, max=12, message=_l("Choose 6 to 12 weeks.")),
            ],
        )
    return type("RampForm", (RampChoiceForm,), fields)
