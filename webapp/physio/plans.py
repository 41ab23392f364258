"""Assigning a plan to a patient: templates, the exercise picker, dose and ramp previews.

Each route with an id asks services.core.access (someone else's patient or plan is a 404) and
every page writes an audit row for the patient whose data it shows or changes.
"""

from __future__ import annotations

from dataclasses import replace

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.routing import BuildError

from webapp.charts import ramp_chart
from webapp.clock import utcnow
from webapp.db import begin_write, get_db
from webapp.domain.progression import DEFAULT_WEEKS, ramp
from webapp.domain.schedule import mask_from_weekdays, weekdays_from_mask
from webapp.domain.templates import MON_WED_FRI, TEMPLATES
from webapp.forms import WEEKDAY_CHOICES, attach_error
from webapp.i18n import dose_text, exercise_name
from webapp.labels import CATEGORIES, POSITIONS
from webapp.models import Exercise, Role, User
from webapp.physio import bp
from webapp.physio.plan_forms import AssignForm
from webapp.security import role_required
from webapp.services.care import plan_admin, plan_checks
from webapp.services.care.plans import current_plan
from webapp.services.core import audit
from webapp.services.core.access import patient_for
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.library.exercises import list_exercises
from webapp.urls import parse_number


def day_names(mask: int) -> str:
    """The chosen weekdays in words ("Monday, Wednesday, Friday")."""
    return ", ".join(str(WEEKDAY_CHOICES[day].label) for day in weekdays_from_mask(mask))


def patient_page(patient_id: int) -> str:
    """The physio's page of this patient, or the patient list while that page is missing."""
    try:
        return url_for("physio.patient", patient_id=patient_id)
    except BuildError:
        return url_for("physio.index")


def audit_view(action: str, patient: User, detail: str = "") -> None:
    """Record that the physio saw this patient's data, in a write transaction of its own."""
    db = get_db()
    db.commit()  # end the page's reads; a SQLite reader cannot always become a writer
    begin_write(db)
    audit.record(
        db,
        actor=current_user,
        subject_id=patient.id,
        action=action,
        now=utcnow(),
        ip=request.remote_addr or "",
        detail=detail,
    )
    db.commit()


def own(lookup, object_id: int):
    """The patient or plan with this id if it is the physio's own; 404 otherwise."""
    try:
        return lookup(get_db(), current_user, object_id)
    except NotFound:
        abort(404)


def _choices(form: AssignForm, exercises: dict[int, Exercise]) -> list[plan_checks.ItemChoice]:
    """The chosen exercises as the service takes them (unknown ones refused)."""
    found = []
    for entry in form.items.entries:
        data, ref = entry.form.data, str(entry.form.exercise.data or "")
        exercise = exercises.get(parse_number(ref))
        if exercise is None:
            raise ServiceError(_l("Choose each exercise once, from the library."), "items")
        start = 0.7 if data["start"] == "0.7" else 0.8
        found.append(
            plan_checks.ItemChoice(
                exercise,
                data["sets"],
                data["amount"],
                data["graded"],
                data["baseline"],
                start,
                data["goal"],
                data["weeks"] or DEFAULT_WEEKS,
            )
        )
    return found


def _row(exercise: Exercise, sets=None, amount=None, graded=False) -> dict:
    """A new item row with the exercise's own default dose."""
    return {
        "exercise": str(exercise.id),
        "sets": sets or exercise.default_sets,
        "amount": amount or exercise.default_amount,
        "graded": graded,
        "start": "0.8",
        "weeks": DEFAULT_WEEKS,
    }


def _fresh_form(library: list[Exercise], today) -> AssignForm:
    """The form as the picker's address asks: chosen exercises, or a template to adapt."""
    exercises, by_slug = {e.id: e for e in library}, {e.slug: e for e in library if not e.owner_id}
    ids = [i for i in map(parse_number, request.args.getlist("ex")) if i in exercises]
    rows = [_row(exercises[i]) for i in dict.fromkeys(ids)][: plan_checks.MAX_ITEMS]
    template = TEMPLATES.get(request.args.get("from", ""))
    if template is not None:
        rows = [
            _row(by_slug[i.slug], i.sets, i.amount, i.graded)
            for i in template.items
            if i.slug in by_slug
        ]
    days = [str(d) for d in weekdays_from_mask(template.weekdays if template else MON_WED_FRI)]
    return AssignForm(
        formdata=None,
        items=rows,
        start_date=today,
        weekdays=days,
        reminder_time=plan_checks.DEFAULT_REMINDER,
    )


def _picker(library: list[Exercise]) -> tuple[list[Exercise], str | None]:
    """The library filtered by the picker's search text, position and kind."""
    position, category = request.args.get("position", ""), request.args.get("category", "")
    text = request.args.get("q", "").strip().casefold()[:80]
    try:
        shown = list_exercises(get_db(), current_user, position, category)
    except ServiceError as exc:
        return library, exc.message
    return [e for e in shown if text in f"{e.name_nl} {e.name_en} {e.slug}".casefold()], None


def ramp_preview(chart_id: str, exercise: Exercise, quotas: list[int], current: int):
    """A ramp as a chart: weeks so far solid, the weeks ahead dashed."""
    return ramp_chart(
        chart_id,
        _("Planned build-up of %(name)s", name=exercise_name(exercise)),
        _(
            "From %(start)d to %(goal)d over %(weeks)d weeks.",
            start=quotas[max(current, 0)],
            goal=quotas[-1],
            weeks=len(quotas),
        ),
        [str(n) for n in range(1, len(quotas) + 1)],
        quotas,
        current,
        x_title=_("Week"),
    )


@bp.route("/patients/<id:patient_id>/plan/new", methods=["GET", "POST"])
@role_required(Role.PHYSIO)
def assign_plan(patient_id: int):
    """Choose a template (one click) or pick exercises, preview the ramps, and save."""
    db, patient = get_db(), own(patient_for, patient_id)
    today = plan_admin.patient_today(patient, utcnow())
    library = list_exercises(db, current_user)
    exercises = {e.id: e for e in library}
    shown, picker_error = _picker(library)
    general = [picker_error] if picker_error else []
    form, template_form, previews = _fresh_form(library, today), _fresh_form([], today), {}
    done = None
    if request.method == "POST" and request.form.get("mode") == "template":
        template_form = AssignForm()
        done = _submit(template_form, patient, exercises, general, previews, today, template=True)
    elif request.method == "POST":
        form = AssignForm()
        done = _edit_items(form, exercises) or _submit(
            form, patient, exercises, general, previews, today
        )
    if request.method == "POST" and done not in (True, False, None):
        return done
    status = 400 if general or done is False or form.errors or template_form.errors else 200
    html = render_template(
        "physio/assign_plan.html",
        patient=patient,
        form=form,
        template_form=template_form,
        exercises=exercises,
        shown=shown,
        current=current_plan(db, patient),
        general=general,
        templates=TEMPLATES,
        previews=previews,
        positions=POSITIONS,
        categories=CATEGORIES,
        minutes=_template_minutes(library),
        args=request.args,
        back=patient_page(patient.id),
        by_slug={e.slug: e for e in library if e.owner_id is None},
        dose=dose_text,
        day_names=day_names,
        advised_minutes=plan_checks.ADVISED_MINUTES,
    )
    audit_view("view_assign_plan", patient)
    return html, status


def _edit_items(form: AssignForm, exercises: dict[int, Exercise]) -> bool:
    """Add or remove a chosen exercise (no validation yet); True when the form asked that."""
    added = parse_number(request.form.get("add"))
    removed = parse_number(request.form.get("remove"))
    if added is not None:
        if added in exercises and len(form.items.entries) < plan_checks.MAX_ITEMS:
            form.items.append_entry(_row(exercises[added]))
        return True
    if removed is not None:
        form.items.entries = [e for i, e in enumerate(form.items.entries) if i != removed]
        return True
    return False


def _submit(form, patient: User, exercises, general, previews, today, template: bool = False):
    """Assign a template or preview/save chosen exercises: a response, or False when refused."""
    db, now = get_db(), utcnow()
    key = request.form.get("template", "") if template else None
    if not form.validate_on_submit():
        return False
    data, days = form.data, [int(d) for d in form.weekdays.data or []]
    try:
        if template and key not in TEMPLATES:
            raise ServiceError(_l("Choose one of the plans offered."), "template")
        items = [] if template else _choices(form, exercises)
        if not template and request.form.get("action") != "save":
            previews.update(_previews(items, plan_checks.check_items(items, current_user)))
            return None
        plan = plan_admin.assign_plan(
            db,
            physio=current_user,
            patient=patient,
            start_date=data["start_date"] or today,
            now=now,
            template_key=key,
            items=items,
            weekdays=mask_from_weekdays(days) or None,
            reminder_time=data["reminder_time"] or plan_checks.DEFAULT_REMINDER,
            note=data["note"],
            end_current=data["end_current"],
            ip=request.remote_addr or "",
        )
    except ServiceError as exc:
        db.rollback()
        attach_error(form, exc, general=general)
        return False
    warnings = plan_checks.plan_warnings(plan.items)
    db.commit()
    flash(
        _("The plan is saved. %(name)s sees it on their today page.", name=patient.name), "success"
    )
    for warning in warnings:
        flash(warning, "info")
    return redirect(patient_page(patient.id))


def _previews(items: list[plan_checks.ItemChoice], proposals: dict) -> dict:
    """The warnings, the minutes and, per measured build-up item, its ramp as a chart."""
    # As saved: a measured item starts at its start amount and builds up to its goal.
    planned = [
        replace(c, amount=proposals[i].q0, goal=proposals[i].goal) if i in proposals else c
        for i, c in enumerate(items)
    ]
    found: dict = {
        "warnings": plan_checks.plan_warnings(planned),
        "minutes": round(plan_checks.estimate_minutes(planned)),
        "ramps": {},
    }
    for index, proposal in proposals.items():
        quotas = ramp(proposal.params())
        chart = ramp_preview(f"ramp-new-{index}", items[index].exercise, quotas, -1)
        found["ramps"][index] = {"proposal": proposal, "quotas": quotas, "chart": chart}
    return found


def _template_minutes(library: list[Exercise]) -> dict[str, int]:
    """About how many minutes a session of each template takes."""
    by_slug = {e.slug: e for e in library if e.owner_id is None}
    return {
        key: round(
            plan_checks.estimate_minutes(
                [
                    plan_checks.ItemChoice(by_slug[i.slug], i.sets, i.amount)
                    for i in template.items
                    if i.slug in by_slug
                ]
            )
        )
        for key, template in TEMPLATES.items()
    }
