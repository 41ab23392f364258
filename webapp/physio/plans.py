"""Assigning a plan to a patient: a template in one click, or chosen exercises with a preview.

What to pick from, where a choice starts and what its preview shows is services.care's
plan_picker; this page parses the forms, calls it, and shows the answer.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.progression import DEFAULT_WEEKS
from webapp.domain.schedule import mask_from_weekdays, weekdays_from_mask
from webapp.domain.templates import TEMPLATES
from webapp.forms import attach_error
from webapp.i18n import dose_text
from webapp.labels import CATEGORIES, POSITIONS
from webapp.models import Role, User
from webapp.physio import bp
from webapp.physio.access import own, record_view
from webapp.physio.plan_display import day_names, ramp_preview
from webapp.physio.plan_forms import AssignForm
from webapp.security import role_required
from webapp.services.core.access import patient_for
from webapp.services.core.errors import ServiceError
from webapp.services.library.exercises import search_exercises
from webapp.services.measures.episodes import suggested_for
from webapp.services.plans import plan_admin, plan_checks, plan_picker
from webapp.services.plans.plan_picker import Library
from webapp.services.plans.plans import current_plan
from webapp.urls import parse_number

# The fields a template's button sends along with it (the days are the template's own).
SHARED_FIELDS = ("start_date", "reminder_time", "note", "end_current")


@bp.route("/patients/<id:patient_id>/plan/new", methods=["GET", "POST"])
@role_required(Role.PHYSIO)
def assign_plan(patient_id: int):
    """Choose a template (one click) or pick exercises, preview the ramps, and save."""
    db, patient = get_db(), own(patient_for, patient_id)
    today = plan_admin.patient_today(patient, utcnow())
    library = plan_picker.load_library(db, current_user)
    shown, general = _search(library)
    chosen = [parse_number(raw) for raw in request.args.getlist("ex")]
    key = request.args.get("from", "")
    starting = plan_picker.starting_items(library, chosen, key)
    form = _fresh_form(starting, today, key)
    done = preview = None
    refused = False
    posted = request.form if request.method == "POST" else {}
    adapt = posted.get("adapt", "")
    if adapt in TEMPLATES:
        # "Adapt it first" is a submit, so what was typed (date, time, note) comes along.
        typed = AssignForm()
        form = _fresh_form(plan_picker.starting_items(library, [], adapt), today, adapt)
        form.start_date.data = typed.start_date.data or today
        form.reminder_time.data = typed.reminder_time.data or plan_checks.DEFAULT_REMINDER
        form.note.data = typed.note.data or ""
    elif posted.get("mode") == "template" or "template" in posted:
        # A template's button sends the one form, so the date, time and note typed there
        # count; the exercises chosen below are not part of a template and are not checked.
        template_form = AssignForm()
        template_form.items.entries = []
        done = _save(template_form, patient, library, general, today, template=True)
        refused = done is None
        if refused:
            form = AssignForm()
            for name in SHARED_FIELDS:
                getattr(form, name).errors = list(getattr(template_form, name).errors)
    elif request.method == "POST":
        form = AssignForm()
        if not _edit_items(form, library):
            done, preview = _preview_or_save(form, patient, library, general, today)
            refused = done is None and preview is None
    if done is not None:
        return done
    html = render_template(
        "physio/assign_plan.html",
        patient=patient,
        form=form,
        exercises=library.by_id,
        shown=shown,
        current=current_plan(db, patient),
        general=general,
        templates=TEMPLATES,
        suggested=suggested_for(db, patient),
        previews=_shown_preview(preview),
        positions=POSITIONS,
        categories=CATEGORIES,
        minutes=plan_picker.template_minutes(library),
        args=request.args,
        back=url_for("physio.patient", patient_id=patient.id),
        by_slug=library.catalogue,
        dose=dose_text,
        day_names=day_names,
        advised_minutes=plan_checks.ADVISED_MINUTES,
    )
    record_view("view_assign_plan", [patient.id])
    return html, 400 if refused or general or form.errors else 200


def _search(library: Library) -> tuple[list, list[str]]:
    """The picker's list for its search text, position and kind; a refused filter shows all."""
    args = request.args
    try:
        found = search_exercises(
            library.exercises, args.get("position", ""), args.get("category", ""), args.get("q", "")
        )
    except ServiceError as exc:
        return library.exercises, [exc.message]
    return found, []


def _row(item: plan_checks.ItemChoice) -> dict:
    """An item as the form's row: its exercise and dose, a build-up from 80% over 11 weeks."""
    return {
        "exercise": str(item.exercise.id),
        "sets": item.sets,
        "amount": item.amount,
        "graded": item.graded,
        "start": "0.8",
        "weeks": DEFAULT_WEEKS,
    }


def _fresh_form(items: list[plan_checks.ItemChoice], today, key: str = "") -> AssignForm:
    """The form as a choice starts: these items, the template's days or the usual three."""
    days = weekdays_from_mask(plan_picker.starting_days(key))
    return AssignForm(
        formdata=None,
        items=[_row(item) for item in items],
        start_date=today,
        weekdays=[str(day) for day in days],
        reminder_time=plan_checks.DEFAULT_REMINDER,
    )


def _edit_items(form: AssignForm, library: Library) -> bool:
    """Add or remove a chosen exercise (no validation yet); True when the form asked that."""
    added = parse_number(request.form.get("add"))
    removed = parse_number(request.form.get("remove"))
    if added is not None:
        if added in library.by_id and len(form.items.entries) < plan_checks.MAX_ITEMS:
            form.items.append_entry(_row(plan_picker.default_item(library.by_id[added])))
        return True
    if removed is not None:
        form.items.entries = [e for i, e in enumerate(form.items.entries) if i != removed]
        return True
    return False


def _chosen(form: AssignForm, library: Library) -> list[plan_checks.ItemChoice]:
    """The chosen items as the form gives them (the service refuses unknown exercises)."""
    found = []
    for entry in form.items.entries:
        data = entry.form.data
        found.append(
            plan_picker.chosen_item(
                library,
                parse_number(str(data["exercise"] or "")),
                sets=data["sets"],
                amount=data["amount"],
                graded=data["graded"],
                baseline=data["baseline"],
                start_fraction=0.7 if data["start"] == "0.7" else 0.8,
                goal=data["goal"],
                weeks=data["weeks"],
            )
        )
    return found


def _preview_or_save(form, patient: User, library: Library, general: list, today):
    """Preview the chosen exercises, or save them: (a redirect, a preview); neither if refused."""
    if request.form.get("action") == "save":
        return _save(form, patient, library, general, today), None
    if not form.validate_on_submit():
        return None, None
    try:
        return None, plan_picker.preview(_chosen(form, library), current_user)
    except ServiceError as exc:
        attach_error(form, exc, general=general)
        return None, None


def _save(form, patient: User, library: Library, general: list, today, template: bool = False):
    """Assign a template or the chosen exercises: a redirect, or None when refused."""
    db, now = get_db(), utcnow()
    if not form.validate_on_submit():
        return None
    data, days = form.data, [int(d) for d in form.weekdays.data or []]
    try:
        plan = plan_admin.assign_plan(
            db,
            physio=current_user,
            patient=patient,
            start_date=data["start_date"] or today,
            now=now,
            template_key=request.form.get("template", "") if template else None,
            items=[] if template else _chosen(form, library),
            weekdays=None if template else mask_from_weekdays(days) or None,
            reminder_time=data["reminder_time"] or plan_checks.DEFAULT_REMINDER,
            note=data["note"],
            end_current=data["end_current"],
            ip=request.remote_addr or "",
        )
    except ServiceError as exc:
        db.rollback()
        attach_error(form, exc, general=general)
        return None
    warnings = plan_checks.plan_warnings(plan.items)
    db.commit()
    flash(
        _("The plan is saved. %(name)s sees it on their today page.", name=patient.name), "success"
    )
    for warning in warnings:
        flash(warning, "info")
    return redirect(url_for("physio.patient", patient_id=patient.id))


def _shown_preview(preview: plan_picker.Preview | None) -> dict:
    """The preview for the page, each measured item's ramp drawn as a chart."""
    if preview is None:
        return {}
    ramps = {
        index: {
            "proposal": ramp.proposal,
            "quotas": ramp.quotas,
            "chart": ramp_preview(f"ramp-new-{index}", ramp.exercise, ramp.quotas, -1),
        }
        for index, ramp in preview.ramps.items()
    }
    return {"warnings": preview.warnings, "minutes": preview.minutes, "ramps": ramps}
