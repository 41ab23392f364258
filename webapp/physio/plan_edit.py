"""Adjusting a running plan: a build-up item's ramp from next week on, pause, resume, end.

Each route asks services.core.access (someone else's plan is a 404) and writes an audit row.
"""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.progression import first_drop
from webapp.forms import attach_error
from webapp.models import Plan, PlanStatus, Role, User
from webapp.physio import bp
from webapp.physio.access import own, record_view
from webapp.physio.plan_display import day_names, ramp_preview
from webapp.physio.plan_forms import RampForm, StatusForm, fresh_change_form
from webapp.security import role_required
from webapp.services.core.access import plan_for
from webapp.services.core.errors import ServiceError
from webapp.services.plans import plan_admin, plan_changes, plan_checks, plan_picker, ramp_changes
from webapp.services.plans.graded import week_index
from webapp.services.plans.plans import current_plan


@bp.app_template_global()
def plan_panel(patient: User, plan: Plan | None = None) -> dict:
    """What the physio's plan panel shows: the current plan, its latest changes and advice."""
    db = get_db()
    if plan is None or plan.status == PlanStatus.ENDED:
        plan = current_plan(db, patient)
    if plan is None:
        return {"plan": None, "changes": [], "names": {}, "days": "", "warnings": [], "minutes": 0}

    changes = plan_changes.recent_changes(db, plan, limit=5)
    today = plan_admin.patient_today(patient, utcnow())
    items = plan.items_from(today)
    ids = {c.author_id for c in changes}
    names = {u.id: u.name for u in db.scalars(select(User).where(User.id.in_(ids)))}
    return {
        "plan": plan,
        "changes": changes,
        "names": names,
        "days": day_names(plan.schedule_on(today).weekdays),
        "running": items,
        "warnings": plan_checks.plan_warnings(items),
        "minutes": round(plan_checks.estimate_minutes(items)),
    }


def edit_page(
    plan: Plan,
    posted: RampForm | None = None,
    preview=None,
    status_form=None,
    general=(),
    status: int = 200,
    change_form=None,
):
    """The plan's page: the change form, each build-up item's ramp, and the status actions."""
    today = plan_admin.patient_today(plan.patient, utcnow())
    tomorrow = today + timedelta(days=1)
    forms, charts = {}, {}
    for item in (i for i in plan.graded_items if i.has_ramp):
        mine = posted is not None and posted.item_id.data == str(item.id)
        q0, goal, weeks = ramp_changes.suggested(plan, item, today)
        forms[item.id] = (
            posted
            if mine
            else RampForm(formdata=None, item_id=str(item.id), q0=q0, goal=goal, weeks=weeks)
        )
        new = preview if mine else None
        quotas, current = ramp_changes.ramp_outlook(plan, item, today, new)
        charts[item.id] = {
            "chart": ramp_preview(f"ramp-{item.id}", item.exercise, quotas, current),
            "quotas": quotas,
            "current": current,
            # The physio's numbers raised to this week's quota: the preview says so.
            "kept": new is not None and new.q0 != posted.q0.data,
            "drop": first_drop(quotas, max(current, 0)) if new is not None else None,
        }
    html = render_template(
        "physio/edit_plan.html",
        plan=plan,
        patient=plan.patient,
        forms=forms,
        charts=charts,
        previewing=preview is not None,
        status_form=status_form or StatusForm(formdata=None),
        change_form=change_form or fresh_change_form(plan, tomorrow),
        library=plan_picker.load_library(get_db(), current_user),
        items_now=plan.items_from(today),
        general=list(general),
        week=week_index(plan, today),
        back=url_for("physio.patient", patient_id=plan.patient_id),
        day_names=day_names,
        schedule=plan.schedule_on(today),
        coming=plan.timetable.coming(today),
    )
    record_view("view_edit_plan", [plan.patient_id], detail=f"plan {plan.id}")
    return html, status


@bp.route("/plans/<id:plan_id>/edit", methods=["GET", "POST"])
@role_required(Role.PHYSIO)
def edit_plan(plan_id: int):
    """Adjust a build-up item's ramp from next week on, with a preview chart first."""
    plan, db, now = own(plan_for, plan_id), get_db(), utcnow()
    if request.method == "GET":
        return edit_page(plan)
    form = RampForm()
    ref = str(form.item_id.data or "")
    if not any(str(i.id) == ref and i.has_ramp for i in plan.graded_items):
        abort(404)
    if not form.validate_on_submit():
        return edit_page(plan, form, status=400)
    try:
        if request.form.get("action") != "save":
            today = plan_admin.patient_today(plan.patient, now)
            item = next(i for i in plan.graded_items if str(i.id) == ref)
            params = ramp_changes.continued(
                plan, item, today, form.q0.data, form.goal.data, form.weeks.data, form.lower.data
            )
            return edit_page(plan, form, preview=params)
        change = ramp_changes.adjust_ramp(
            db,
            physio=current_user,
            plan=plan,
            item_id=int(ref),
            q0=form.q0.data,
            goal=form.goal.data,
            weeks=form.weeks.data,
            lower=form.lower.data,
            note=form.note.data,
            today=plan_admin.patient_today(plan.patient, now),
            now=now,
            ip=request.remote_addr or "",
        )
    except ServiceError as exc:
        db.rollback()
        general: list = []
        attach_error(form, exc, general=general)
        return edit_page(plan, form, general=general, status=400)
    db.commit()
    flash(
        _(
            "Saved. The new build-up starts in week %(week)d; earlier weeks stay as they were.",
            week=change.detail["new"]["from_week"] + 1,
        ),
        "success",
    )
    return redirect(url_for("physio.edit_plan", plan_id=plan.id))


def set_status(plan_id: int, action, done: str, back_to_plan: bool = False):
    """Pause, resume, end a plan or allow a step back, with a note the patient sees."""
    plan, db, form = own(plan_for, plan_id), get_db(), StatusForm()
    if not form.validate_on_submit():
        return edit_page(plan, status_form=form, status=400)
    if action is plan_admin.end_plan_by_physio and not form.confirm.data:
        form.confirm.errors = [_("Tick the box to confirm that the plan ends.")]
        return edit_page(plan, status_form=form, status=400)
    try:
        action(
            db,
            physio=current_user,
            plan=plan,
            note=form.note.data,
            now=utcnow(),
            ip=request.remote_addr or "",
        )
    except ServiceError as exc:
        db.rollback()
        general: list = []
        attach_error(form, exc, general=general)
        return edit_page(plan, status_form=form, general=general, status=400)
    db.commit()
    flash(done, "success")
    if back_to_plan:
        return redirect(url_for("physio.edit_plan", plan_id=plan.id))
    return redirect(url_for("physio.patient", patient_id=plan.patient_id))


@bp.post("/plans/<id:plan_id>/pause")
@role_required(Role.PHYSIO)
def pause_plan(plan_id: int):
    """Pause a running plan: no reminders until it is resumed."""
    return set_status(plan_id, plan_admin.pause_plan, _("The plan is paused."))


@bp.post("/plans/<id:plan_id>/resume")
@role_required(Role.PHYSIO)
def resume_plan(plan_id: int):
    """Resume a paused plan."""
    return set_status(plan_id, plan_admin.resume_plan, _("The plan runs again."))


@bp.post("/plans/<id:plan_id>/end")
@role_required(Role.PHYSIO)
def end_plan(plan_id: int):
    """End a plan for good (it stays in the history)."""
    return set_status(plan_id, plan_admin.end_plan_by_physio, _("The plan has ended."))
