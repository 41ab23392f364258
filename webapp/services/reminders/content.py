"""What reminder and summary emails say: today's quotas, the build-up, links that log.

One renderer per kind, each from a plan as the planning pass reads it (snapshot.PlanRow):
``daily_email`` (the daily reminder and its follow-up) and ``weekly_email``. The daily one
renders each distinct reminder once per pass and puts the patient's name and links in
afterwards (the memo, see ``daily_email``). Every email carries a ``List-Unsubscribe``
https link with ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058) for its
own kind, so a mail client can stop it in one step without the patient signing in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from markupsafe import escape

from webapp.services.mail.outbox import Rendered
from webapp.services.mail.render import Mailroom
from webapp.services.plans.graded import quota, week_index
from webapp.services.reminders.snapshot import ItemRow, PatientRow, PlanRow
from webapp.services.reminders.tokens import log_token, unsubscribe_token


@dataclass
class Writer:
    """What one planning pass writes reminders with, and the renderings it has made so far."""

    mailroom: Mailroom
    secret: str  # signs the "log it" and unsubscribe links
    memo: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ReminderLine:
    """One exercise in a reminder: today's amount and, while building up, last week's."""

    item: ItemRow
    quota: int | None
    last_week: int | None

    @property
    def stepped_up(self) -> bool:
        """True when this week asks more than last week."""
        return None not in (self.quota, self.last_week) and self.quota > self.last_week


def reminder_lines(plan: PlanRow, day: date) -> list[ReminderLine]:
    """The plan's exercises with the day's quota and the same weekday's quota a week earlier."""
    earlier = day - timedelta(days=7)
    lines = []
    for item in plan.items_on(day):
        before = (
            quota(plan, item, earlier)
            if item.graded and week_index(plan, earlier) is not None
            else None
        )
        lines.append(ReminderLine(item=item, quota=quota(plan, item, day), last_week=before))
    return lines


def unsubscribe_url(writer: Writer, patient: PatientRow, kind: str) -> str:
    """The one-click unsubscribe link for one kind of email."""
    return writer.mailroom.links.unsubscribe(unsubscribe_token(writer.secret, patient.id, kind))


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe headers for one kind of email."""
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _log_urls(links, token: str) -> dict[str, str]:
    """The three "log it" links (done, partly, skipped); each opens a confirm page."""
    return {
        status: links.log_from_email(token, status) for status in ("done", "partial", "skipped")
    }


# Stand-ins for what differs per patient in a reminder, filled in after rendering. NUL
# bytes never occur in a name, a translation or a URL, and pass Jinja's escaping unchanged.
_SLOTS = {name: f"\x00{name}\x00" for name in ("name", "done", "partial", "skipped", "stop")}
_SLOT_RE = re.compile("\x00(name|done|partial|skipped|stop)\x00")


def _fill(template: str, values: dict[str, str]) -> str:
    """The rendered template with each stand-in replaced, in one pass (nothing is refilled)."""
    return _SLOT_RE.sub(lambda m: values[m.group(1)], template)


def daily_email(
    writer: Writer, plan: PlanRow, day: date, now: datetime, followup: bool = False
) -> Rendered:
    """Today's reminder (or the follow-up two hours later) in the patient's language.

    Each distinct reminder is rendered once per pass (``writer.memo``): patients whose
    language and quotas match share the rendering, with their own name and links put in
    place of stand-ins afterwards. tests/test_reminder_memo.py holds the result to the
    templates rendered for that patient alone.
    """
    patient, links = plan.patient, writer.mailroom.links
    lines = reminder_lines(plan, day)
    # Everything templates/email/daily_reminder.* read besides the name and the links: a
    # template that starts using more of the patient or the plan must add it here.
    key = (
        "daily",
        patient.locale,
        followup,
        day,
        links.today(),
        tuple((ln.item.exercise_id, ln.item.sets, ln.quota, ln.last_week) for ln in lines),
    )
    shared = writer.memo.get(key)
    if shared is None:
        stand_in = SimpleNamespace(name=_SLOTS["name"], email=patient.email, locale=patient.locale)
        slots = {k: _SLOTS[k] for k in ("done", "partial", "skipped")}
        shared = writer.memo[key] = _render_daily(
            writer.mailroom, stand_in, day, followup, lines, log_urls=slots, stop=_SLOTS["stop"]
        )
    log = log_token(writer.secret, patient.id, plan.id, day, now)
    stop = unsubscribe_url(writer, patient, "followup" if followup else "daily")
    text_values = dict(_log_urls(links, log), name=patient.name, stop=stop)
    html_values = {k: str(escape(v)) for k, v in text_values.items()}
    return replace(
        shared,
        to_address=patient.email,
        text=_fill(shared.text, text_values),
        html=_fill(shared.html, html_values),
        headers=unsubscribe_headers(stop),
    )


def _render_daily(
    mailroom: Mailroom, recipient, day: date, followup: bool, lines, *, log_urls, stop
) -> Rendered:
    """The reminder rendered from its templates for one recipient and these links."""
    links = mailroom.links
    subject = (
        _l("Still time for your back exercises today")
        if followup
        else _l("Time for your back exercises")
    )
    return mailroom.render(
        "daily_reminder",
        recipient,
        subject,
        headers=unsubscribe_headers(stop),
        day=day,
        lines=lines,
        followup=followup,
        today_url=links.today(),
        session_url=links.session_player(),
        log_urls=log_urls,
        settings_url=links.reminder_settings(),
        unsubscribe_url=stop,
    )


@dataclass(frozen=True)
class WeekSummary:
    """Last plan week in numbers, and what the new week asks."""

    planned: int
    done: int
    decision: str | None  # advanced | held | flare, or None for a plan without build-up
    lines: list[ReminderLine]
    weekly_only: bool
    # Timeline checkpoints to tell about for the first time (webapp.services.care.timeline.Notice).
    notices: tuple = ()


def weekly_email(writer: Writer, plan: PlanRow, summary: WeekSummary) -> Rendered:
    """The weekly summary on the first day of the plan week."""
    links = writer.mailroom.links
    stop = unsubscribe_url(writer, plan.patient, "weekly")
    return writer.mailroom.render(
        "weekly_summary",
        plan.patient,
        _l("Your week in Rugcoach"),
        headers=unsubscribe_headers(stop),
        summary=summary,
        links=links,
        today_url=links.today(),
        progress_url=links.progress(),
        settings_url=links.reminder_settings(),
        unsubscribe_url=stop,
    )
