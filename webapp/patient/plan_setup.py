"""Starting a self-guided plan, and confirming the build-up after the baseline week."""

from __future__ import annotations

from datetime import time, timedelta

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.charts import ramp_chart
from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.progression import ProgressionError, Proposal, propose, ramp
from webapp.domain.schedule import local_date, mask_from_weekdays
from webapp.domain.templates import TEMPLATES
from webapp.forms import attach_error
from webapp.models import Role
from webapp.patient import bp
from webapp.patient.forms import NewPlanForm, ramp_form_class
from webapp.security import role_required
from webapp.services.core.errors import ServiceError
from webapp.services.measures.episodes import intake_due
from webapp.services.plans.graded import BASELINE_SESSIONS, baseline_logs, confirm_ramp, proposals
from webapp.services.plans.plans import active_plan, create_from_template, user_zone

EARLIEST_START_DAYS, LATEST_START_DAYS = 7, 60


@bp.route("/plan/new", methods=["GET", "POST"])
@role_required(Role.PATIENT)
def new_plan():
    """Choose a template and start a self-guided plan."""
    db = get_db()
    if active_plan(db, current_user) is not None:
        flash(_("You already have an active plan."), "info")
        return redirect(url_for("patient.today"))
    today = local_date(utcnow(), user_zone(current_user))
    form = NewPlanForm(start_date=today, reminder_time=time(18, 30), template="stay_active")
    if form.validate_on_submit():
        start = form.start_date.data
        if (
            not today - timedelta(days=EARLIEST_START_DAYS)
            <= start
            <= today + timedelta(days=LATEST_START_DAYS)
        ):
            form.start_date.errors.append(
                _("Choose a start date from a week ago to two months ahead.")
            )
            return _render_new(form), 400
        days = [int(d) for d in form.weekdays.data or []]
        try:
            create_from_template(
                db,
                patient=current_user,
                author=current_user,
                template_key=form.template.data,
                start_date=start,
                now=utcnow(),
                weekdays=mask_from_weekdays(days) if days else None,
                reminder_time=form.reminder_time.data,
            )
        except ServiceError as exc:
            db.rollback()
            attach_error(form, exc, default="template")
            return _render_new(form), 400
        db.commit()
        flash(_("Your plan is ready."), "success")
        return redirect(url_for("patient.today"))
    return _render_new(form), 400 if request.method == "POST" else 200


def _render_new(form: NewPlanForm):
    """The page to choose a plan."""
    return render_template(
        "patient/new_plan.html",
        form=form,
        templates=TEMPLATES,
        intake_first=intake_due(get_db(), current_user),
    )


@bp.route("/plan/confirm", methods=["GET", "POST"])
@role_required(Role.PATIENT)
def confirm_plan():
    """Show the proposed build-up per exercise (as a chart), let the patient adjust, confirm."""
    db = get_db()
    plan = active_plan(db, current_user)
    if plan is None or not plan.in_baseline:
        return redirect(url_for("patient.today"))
    found = proposals(db, plan)
    if found is None:
        flash(_("First do the three measured sessions of the baseline week."), "info")
        return redirect(url_for("patient.today"))
    items = [item for item in plan.graded_items if item.id in found]
    form = ramp_form_class([item.id for item in items])()
    if request.method == "GET":
        for item in items:
            form[f"goal_{item.id}"].data = found[item.id].goal
            form[f"weeks_{item.id}"].data = found[item.id].weeks
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 400
        elif request.form.get("action") == "confirm":
            choices = {i.id: (form[f"goal_{i.id}"].data, form[f"weeks_{i.id}"].data) for i in items}
            try:
                confirm_ramp(
                    db, plan, choices, local_date(utcnow(), user_zone(current_user)), utcnow()
                )
            except ServiceError as exc:
                db.rollback()
                attach_error(form, exc, default=f"goal_{items[0].id}")
                status = 400
            else:
                db.commit()
                flash(_("Your build-up has started. Week 1 begins today."), "success")
                return redirect(url_for("patient.today"))
    previews = _previews(db, plan, items, found, form)
    return render_template(
        "patient/confirm_plan.html",
        plan=plan,
        items=items,
        form=form,
        previews=previews,
        sessions=BASELINE_SESSIONS,
    ), status


def _previews(db, plan, items, found: dict[int, Proposal], form) -> dict[int, dict]:
    """Per item: the proposal for the chosen goal and weeks, and its ramp as a chart."""
    logs = baseline_logs(db, plan)
    previews = {}
    for item in items:
        samples = [a for log in logs if (a := log.amount_for(item.id))][-BASELINE_SESSIONS:]
        goal, weeks = form[f"goal_{item.id}"].data, form[f"weeks_{item.id}"].data
        try:
            chosen = propose(samples, item.exercise.unit.value, weeks=weeks, goal=goal)
        except (ProgressionError, TypeError):
            chosen = found[item.id]
        quotas = ramp(chosen.params())
        labels = [str(n) for n in range(1, len(quotas) + 1)]
        chart = ramp_chart(
            f"ramp-{item.id}",
            _(
                "Planned build-up of %(name)s",
                name=item.exercise.name_en
                if str(current_user.locale) == "en"
                else item.exercise.name_nl,
            ),
            _(
                "From %(start)d to %(goal)d over %(weeks)d weeks.",
                start=chosen.q0,
                goal=chosen.goal,
                weeks=chosen.weeks,
            ),
            labels,
            quotas,
            current=0,
        )
        previews[item.id] = {"proposal": chosen, "quotas": quotas, "chart": chart}
    return previews
