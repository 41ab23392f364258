"""The physio's pages in words: why a patient needs attention, where a plan stands, trends."""

from __future__ import annotations

from babel.dates import get_day_names
from flask_babel import format_date, format_decimal, format_timedelta, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.clock import utcnow
from webapp.domain.schedule import local_date, weekdays_from_mask
from webapp.domain.timetable import Schedule
from webapp.models import Plan
from webapp.services.plans.plans import user_zone
from webapp.services.workspace.dashboard import Adherence, DashboardRow, PainTrend

LABELS = {
    "reason": {
        "unread_message": _l("Unread message"),
        "red_flag": _l("Red-flag answer"),
        "sent_to_gp": _l("Sent to the GP by you"),
        "resumed_by_patient": _l("Resumed after an urgent check, on the patient's word"),
        "pain_high": _l("Pain 8 or higher"),
        "flare_declared": _l("Stepped back a week (flare-up)"),
        "mail_bouncing": _l("Reminder mail bounces"),
        "two_held": _l("Two held weeks in a row"),
        "no_log_7_days": _l("Nothing logged for 7 days"),
        "no_increase_3_weeks": _l("No increase in 3 weeks"),
        "low_adherence": _l("Low adherence (last 7 days)"),
    },
    "status": {"done": _l("Done"), "partial": _l("Partly done"), "skipped": _l("Skipped")},
    "share": {"full": _l("In full"), "partial": _l("Partly"), "none": _l("Not done")},
    "feeling": {"good": _l("Well"), "ok": _l("All right"), "hard": _l("Hard")},
    "comparison": {"better": _l("Better"), "same": _l("About the same"), "worse": _l("Worse")},
}


def _number(value: float) -> str:
    """A mean pain score in the page's language, at most one decimal."""
    return format_decimal(value, format="#,##0.#")


def plan_text(row: DashboardRow) -> str:
    """Where the patient's plan stands, in words."""
    week = row.week + 1 if row.week is not None else None
    if row.phase == "ramp" and row.weeks_total and week <= row.weeks_total:
        return _("Build-up, week %(week)d of %(total)d", week=week, total=row.weeks_total)
    if row.phase == "ramp":
        return _("Build-up, week %(week)d", week=week)
    if row.phase == "fixed":
        return _("Fixed plan, week %(week)d", week=week)
    if row.phase == "not_started":
        return _("Starts on %(date)s", date=format_date(row.plan.start_date, "d MMM"))
    texts = {
        "none": _l("No plan"),
        "paused": _l("Plan paused"),
        "baseline": _l("Starting week: measuring"),
        "maintenance": _l("Goal reached: keeping it up"),
    }
    return str(texts[row.phase])


def pain_text(trend: PainTrend) -> str:
    """The pain trend in words with both weeks' means."""
    if trend.recent is None and trend.before is None:
        return _("No scores")
    recent = _number(trend.recent) if trend.recent is not None else None
    before = _number(trend.before) if trend.before is not None else None
    if before is None:
        return _("%(recent)s (none the week before)", recent=recent)
    if recent is None:
        return _("None this week (was %(before)s)", before=before)
    if trend.direction == "up":
        return _("Up from %(before)s to %(recent)s", before=before, recent=recent)
    if trend.direction == "down":
        return _("Down from %(before)s to %(recent)s", before=before, recent=recent)
    return _("Steady: %(recent)s (was %(before)s)", before=before, recent=recent)


def adherence_text(found: Adherence | None) -> str:
    """Adherence as a percentage with its counts, or a dash when nothing was planned."""
    if found is None:
        return "–"
    if found.partial:
        return _(
            "%(percent)d%% (%(full)d of %(planned)d in full, %(partial)d partly)",
            percent=found.percent,
            full=found.full,
            planned=found.planned,
            partial=found.partial,
        )
    return _(
        "%(percent)d%% (%(full)d of %(planned)d in full)",
        percent=found.percent,
        full=found.full,
        planned=found.planned,
    )


def unread_text(row: DashboardRow) -> str:
    """How many of the patient's messages wait unread, and for how long."""
    waited = format_timedelta(utcnow() - row.unread_since, threshold=1.0)
    return ngettext(
        "%(num)d unread message, waiting %(waited)s",
        "%(num)d unread messages, the first waiting %(waited)s",
        row.unread,
        waited=waited,
    )


def days_ago(row: DashboardRow) -> str:
    """How long ago the last log was, in words."""
    days = (row.today - row.last_log).days
    if days <= 0:
        return _("today")
    return ngettext("%(num)d day ago", "%(num)d days ago", days)


def weekdays_text(plan: Plan) -> str:
    """The plan's exercise days today, short names in the page's language."""
    names = get_day_names("abbreviated", locale=str(get_locale() or "nl"))
    mask = current_schedule(plan).weekdays
    return ", ".join(names[day] for day in weekdays_from_mask(mask))


def current_schedule(plan: Plan) -> Schedule:
    """The days and reminder time that hold on the patient's today."""
    return plan.schedule_on(local_date(utcnow(), user_zone(plan.patient)))


def text_helpers() -> dict:
    """The text helpers both physio pages use."""
    return {
        "weekdays_text": weekdays_text,
        "current_schedule": current_schedule,
        "plan_text": plan_text,
        "pain_text": pain_text,
        "adherence_text": adherence_text,
        "days_ago": days_ago,
        "unread_text": unread_text,
    }
