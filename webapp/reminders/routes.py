"""Views of the reminders blueprint.

Links in emails never change anything on GET (mail scanners open links): each opens a page
whose single POST does the work. The one-click unsubscribe POST (RFC 8058) needs no session
and no cookie, so it is exempt from CSRF; its signed token is the authority.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.schedule import local_date, mask_from_weekdays, weekdays_from_mask
from webapp.extensions import csrf
from webapp.forms import attach_error
from webapp.models import Plan, PlanStatus, Role, SessionStatus, User
from webapp.reminders import bp
from webapp.reminders.forms import EmailLogForm, ReminderSettingsForm
from webapp.security import role_required
from webapp.services.care.log_additions import add_to_log, can_add, missing_items
from webapp.services.care.logbook import log_from_link
from webapp.services.care.reminder_settings import SettingsChange, change_settings, settings_for
from webapp.services.care.reminder_settings import unsubscribe as stop_kind
from webapp.services.core.errors import ServiceError
from webapp.services.plans.plans import active_plan, log_for_day, user_zone
from webapp.services.reminders.tokens import LinkError, read_log_token, read_unsubscribe_token
from webapp.wiring import links, push_sender, secret


@bp.route("/reminders", methods=["GET", "POST"])
@role_required(Role.PATIENT)
def settings():
    """When and how the patient is reminded; pause; language and time zone."""
    db = get_db()
    plan = active_plan(db, current_user)
    stored = settings_for(db, current_user)
    form = ReminderSettingsForm()
    if request.method == "GET":
        form.daily_enabled.data = stored.daily_enabled
        form.followup_enabled.data = stored.followup_enabled
        form.weekly_enabled.data = stored.weekly_enabled
        form.quiet_start.data, form.quiet_end.data = stored.quiet_start, stored.quiet_end
        form.paused_until.data = stored.paused_until
        form.locale.data, form.timezone.data = current_user.locale, current_user.timezone
        if plan is not None:
            shown = plan.schedule_on(local_date(utcnow(), user_zone(current_user)))
            form.reminder_time.data = shown.reminder_time
            form.weekdays.data = [str(d) for d in weekdays_from_mask(shown.weekdays)]
    elif form.validate_on_submit():
        now = utcnow()
        days = [int(d) for d in form.weekdays.data or []]
        change = SettingsChange(
            reminder_time=form.reminder_time.data,
            weekdays=mask_from_weekdays(days) if days else 0,
            daily_enabled=form.daily_enabled.data,
            followup_enabled=form.followup_enabled.data,
            weekly_enabled=form.weekly_enabled.data,
            quiet_start=form.quiet_start.data,
            quiet_end=form.quiet_end.data,
            paused_until=form.paused_until.data,
            locale=form.locale.data,
            timezone=form.timezone.data,
        )
        try:
            change_settings(
                db,
                user=current_user,
                plan=plan,
                change=change,
                today=local_date(now, user_zone(current_user)),
                now=now,
            )
        except ServiceError as exc:
            db.rollback()
            attach_error(form, exc, default="reminder_time")
        else:
            db.commit()
            flash(_("Your reminder settings are saved."), "success")
            return redirect(url_for("reminders.settings"))
    status = 400 if request.method == "POST" else 200
    sender = push_sender()
    return render_template(
        "reminders/settings.html",
        form=form,
        plan=plan,
        feed_url=_feed_url(current_user),
        push_key=sender.public_key() if sender else None,
    ), status


def _feed_url(user: User) -> str | None:
    """The absolute address of the user's calendar feed, once they have made one."""
    if not user.calendar_token:
        return None
    return links().calendar_feed(user.calendar_token)


def _link_page(template: str, status: int, **context):
    """A page answering an email link."""
    return render_template(f"reminders/{template}.html", **context), status


def _logged(plan: Plan, log, new: bool, added: bool = False, error: str | None = None):
    """The page that shows a day's stored log after (or instead of) logging from a link,
    with a form for what the log is still missing."""
    items = {item.id: item for item in plan.items}
    return _link_page(
        "logged",
        400 if error else 200,
        day=log.local_date,
        patient=plan.patient,
        log=log,
        items=items,
        new=new,
        added=added,
        error=error,
        missing=missing_items(plan, log),
        can_add=can_add(plan, log),
    )


def _add_from_link(plan: Plan, log):
    """Add what the patient filled in to a logged day; what is stored stays as it is."""
    amounts = {}
    for item in missing_items(plan, log):
        raw = request.form.get(f"amount_{item.id}", "").strip()
        if not raw:
            continue  # left empty: still unknown, never an invented 0
        if not raw.isdigit():
            return _logged(plan, log, new=False, error=_("Enter an amount as a whole number."))
        amounts[item.id] = int(raw)
    db = get_db()
    try:
        added = add_to_log(
            db,
            plan=plan,
            log=log,
            amounts=amounts,
            all_done=request.form.get("all_done") == "y",
            now=utcnow(),
        )
    except ServiceError as exc:
        db.rollback()
        return _logged(plan, log, new=False, error=str(exc))
    db.commit()
    return _logged(plan, log, new=False, added=added)


@bp.route("/log/<token>", methods=["GET", "POST"])
def log_from_email(token: str):
    """Confirm a log from an email's "log it" link; only the POST records it."""
    try:
        link = read_log_token(secret(), token, utcnow())
    except LinkError as exc:
        return _link_page("link_error", 410 if exc.expired else 404, expired=exc.expired)
    db = get_db()
    patient, plan = db.get(User, link.user_id), db.get(Plan, link.plan_id)
    if (
        patient is None
        or plan is None
        or plan.patient_id != patient.id
        or plan.status != PlanStatus.ACTIVE
        or (current_user.is_authenticated and current_user.id != patient.id)
    ):
        return _link_page("link_error", 403, expired=False, other=True)
    existing = log_for_day(db, patient, plan, link.day)
    if existing is not None:  # the day is logged: show it, add only what it is missing
        if request.method == "POST":
            return _add_from_link(plan, existing)
        return _logged(plan, existing, new=False)
    wanted = request.args.get("status", "done")
    form = EmailLogForm(status=wanted if wanted in ("done", "partial", "skipped") else "done")
    if form.validate_on_submit():
        try:
            log, created = log_from_link(
                db,
                patient=patient,
                plan=plan,
                day=link.day,
                status=SessionStatus(form.status.data),
                pain=form.pain.data,
                now=utcnow(),
            )
        except ServiceError as exc:
            db.rollback()
            attach_error(form, exc, default="status")
        else:
            db.commit()
            return _logged(plan, log, new=created)
    status = 400 if request.method == "POST" else 200
    return _link_page("confirm_log", status, form=form, day=link.day, patient=patient)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str):
    """GET shows what stops and a button; POST (also a mail client's one-click) stops it."""
    try:
        user_id, kind = read_unsubscribe_token(secret(), token)
    except LinkError:
        return _link_page("link_error", 404, expired=False)
    db = get_db()
    user = db.get(User, user_id)
    if user is None:
        return _link_page("link_error", 404, expired=False)
    if request.method == "POST":
        stop_kind(db, user, kind)
        db.commit()
        return _link_page("unsubscribed", 200, kind=kind)
    return _link_page("confirm_unsubscribe", 200, kind=kind, token=token)
