"""Changing a running plan from a chosen date: exercises, doses, training days, reminder time.

The plan keeps running; what changes is services.plans.plan_edits, and the patient sees it
with the note on their today page.
"""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.progression import DEFAULT_WEEKS
from webapp.domain.schedule import mask_from_weekdays
from webapp.forms import attach_error
from webapp.models import Role
from webapp.physio import bp
from webapp.physio.access import own
from webapp.physio.plan_edit import edit_page
from webapp.physio.plan_forms import PlanChangeForm
from webapp.security import role_required
from webapp.services.core.access import plan_for
from webapp.services.core.errors import ServiceError
from webapp.services.plans import plan_edits, plan_picker
from webapp.services.plans.plan_checks import ItemChoice
from webapp.urls import parse_number


def _edits(form: PlanChangeForm) -> list[plan_edits.ItemEdit]:
    """The running items as the form leaves them."""
    return [
        plan_edits.ItemEdit(
            parse_number(entry.form.item.data or "") or 0,
            entry.form.sets.data,
            entry.form.amount.data,
            bool(entry.form.remove.data),
        )
        for entry in form.items.entries
    ]


def _added(form: PlanChangeForm) -> list[ItemChoice]:
    """The exercises to add; an empty dose takes the library's."""
    library = plan_picker.load_library(get_db(), current_user)
    found = []
    for index, entry in enumerate(form.add.entries):
        raw = entry.form.exercise.data or ""
        if not raw:
            continue
        exercise = library.by_id.get(parse_number(raw) or 0)
        if exercise is None:
            raise ServiceError(
                _("Choose each exercise once, from the library."), f"add-{index}-exercise"
            )
        usual = plan_picker.default_item(exercise)
        found.append(
            ItemChoice(
                exercise,
                entry.form.sets.data or usual.sets,
                entry.form.amount.data or usual.amount,
                graded=bool(entry.form.graded.data),
                goal=entry.form.goal.data,
                weeks=entry.form.weeks.data or DEFAULT_WEEKS,
            )
        )
    return found


@bp.post("/plans/<id:plan_id>/change")
@role_required(Role.PHYSIO)
def change_plan(plan_id: int):
    """Change a running plan from a chosen date without ending it."""
    plan, db, now = own(plan_for, plan_id), get_db(), utcnow()
    form = PlanChangeForm()
    if not form.validate_on_submit():
        return edit_page(plan, change_form=form, status=400)
    general: list = []
    try:
        plan_edits.change_plan(
            db,
            physio=current_user,
            plan=plan,
            from_date=form.from_date.data,
            edits=_edits(form),
            add=_added(form),
            weekdays=mask_from_weekdays(int(d) for d in form.weekdays.data or []),
            reminder_time=form.reminder_time.data,
            note=form.note.data,
            now=now,
            ip=request.remote_addr or "",
        )
    except ServiceError as exc:
        db.rollback()
        attach_error(form, exc, general=general)
        return edit_page(plan, change_form=form, general=general, status=400)
    db.commit()
    flash(
        _(
            "Saved. The plan changes from %(date)s; the days before stay as they were.",
            date=format_date(form.from_date.data, "long"),
        ),
        "success",
    )
    return redirect(url_for("physio.edit_plan", plan_id=plan.id))
