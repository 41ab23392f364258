"""The forms of the physio's plan pages: assigning a plan, a new ramp, a status change."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FloatField,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, Optional

from webapp.domain.schedule import weekdays_from_mask
from webapp.forms import WEEKDAY_CHOICES, MultiCheckboxField
from webapp.services.plans import plan_checks

WHOLE = _l("Enter a whole number.")
NOTE = _l("Note to the patient (optional)")


def _number(label, required: bool = True) -> IntegerField:
    """A whole-number field; services.plans.plan_checks decides which numbers a plan takes."""
    return IntegerField(
        label,
        validators=[InputRequired(WHOLE) if required else Optional()],
        invalid_value_message=WHOLE,
    )


class ItemForm(Form):
    """One chosen exercise: its dose and, for a build-up item, its ramp."""

    exercise = HiddenField()
    sets = _number(_l("Sets"))
    amount = _number(_l("Amount per set"))
    graded = BooleanField(_l("Build up step by step (graded activity)"))
    baseline = FloatField(_l("Baseline you measured (optional)"), validators=[Optional()])
    start = SelectField(
        _l("Start at"),
        default="0.8",
        choices=[
            SelectChoice("0.8", _l("%(percent)d%% of the baseline", percent=80)),
            SelectChoice("0.7", _l("%(percent)d%% of the baseline", percent=70)),
        ],
    )
    goal = _number(_l("Goal (optional)"), required=False)
    weeks = _number(_l("Weeks"), required=False)


class AssignForm(FlaskForm):
    """A plan from a template (one click) or from chosen exercises."""

    items = FieldList(FormField(ItemForm), max_entries=plan_checks.MAX_ITEMS + 1)
    weekdays = MultiCheckboxField(_l("Exercise days"), choices=WEEKDAY_CHOICES)
    reminder_time = TimeField(_l("Reminder time"), validators=[Optional()])
    start_date = DateField(_l("Start on"), validators=[Optional()])
    note = TextAreaField(NOTE, validators=[Length(max=plan_checks.MAX_NOTE)])
    end_current = BooleanField(_l("End the current plan and replace it"))


class RampForm(FlaskForm):
    """A build-up item's new ramp, from next week on."""

    class Meta:
        csrf = False  # CSRFProtect checks every POST; the page holds one form per item

    item_id = HiddenField()
    q0 = _number(_l("Start amount"))
    goal = _number(_l("Goal"))
    weeks = _number(_l("Weeks"))
    lower = BooleanField(_l("Lower the amount on purpose"))
    note = TextAreaField(NOTE, validators=[Length(max=plan_checks.MAX_NOTE)])


class StatusForm(FlaskForm):
    """Pause, resume or end a plan, with a note to the patient."""

    note = TextAreaField(NOTE, validators=[Length(max=plan_checks.MAX_NOTE)])
    confirm = BooleanField(_l("Yes, end this plan"))


class EditItemForm(Form):
    """A running exercise in the change form: its dose, or taken out."""

    item = HiddenField()
    sets = _number(_l("Sets"))
    amount = _number(_l("Amount per set"))
    remove = BooleanField(_l("Take out"))


class AddItemForm(Form):
    """An exercise to add to a running plan, with its dose (the library's when left empty)."""

    exercise = SelectField(_l("Add an exercise"), choices=[], validate_choice=False)
    sets = _number(_l("Sets"), required=False)
    amount = _number(_l("Amount per set"), required=False)
    # In a running build-up, the added exercise may build up too: the amount is where it starts.
    graded = BooleanField(_l("Build it up: the amount is the start"))
    goal = _number(_l("Goal"), required=False)
    weeks = _number(_l("Weeks to the goal"), required=False)


class PlanChangeForm(FlaskForm):
    """A change to a running plan from a chosen date, without ending it."""

    from_date = DateField(_l("Change from"), validators=[InputRequired(_l("Choose a date."))])
    items = FieldList(FormField(EditItemForm), max_entries=2 * plan_checks.MAX_ITEMS)
    add = FieldList(FormField(AddItemForm), min_entries=1, max_entries=1)
    weekdays = MultiCheckboxField(_l("Exercise days"), choices=WEEKDAY_CHOICES)
    reminder_time = TimeField(_l("Reminder time"), validators=[InputRequired(_l("Choose a time."))])
    note = TextAreaField(NOTE, validators=[Length(max=plan_checks.MAX_NOTE)])


def fresh_change_form(plan, day) -> PlanChangeForm:
    """The change form as the plan runs from ``day`` (the default date of a change)."""
    form = PlanChangeForm(
        formdata=None,
        from_date=day,
        weekdays=[str(d) for d in weekdays_from_mask(plan.schedule_on(day).weekdays)],
        reminder_time=plan.schedule_on(day).reminder_time,
    )
    for item in plan.items_from(day):
        form.items.append_entry({"item": str(item.id), "sets": item.sets, "amount": item.amount})
    return form
