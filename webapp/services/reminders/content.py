"""What reminder and summary emails say: today's quotas, the build-up, links that log.

Every email carries a ``List-Unsubscribe`` https link with ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click`` (RFC 8058) for its own kind, so a mail client can stop it in
one step without the patient signing in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from types import SimpleNamespace

from flask import current_app
from flask_babel import lazy_gettext as _l
from markupsafe import escape

from webapp.models import Plan, PlanItem, User
from webapp.services.care.graded import quota, week_index
from webapp.services.core.links import external_url
from webapp.services.mail.outbox import Rendered
from webapp.services.mail.render import render_email
from webapp.services.reminders.tokens import log_token, unsubscribe_token


@dataclass(frozen=True)
class ReminderLine:
    """One exercise in a reminder: today's amount and, while building up, last week's."""

    item: PlanItem
    quota: int | None
    last_week: int | None

    @property
    def stepped_up(self) -> bool:
        """True when this week asks more than last week."""
        return None not in (self.quota, self.last_week) and self.quota > self.last_week


def reminder_lines(plan: Plan, day: date) -> list[ReminderLine]:
    """The plan's exercises with the day's quota and the same weekday's quota a week earlier."""
    earlier = day - timedelta(days=7)
    lines = []
    for item in plan.items:
        before = (
            quota(plan, item, earlier)
            if item.graded and week_index(plan, earlier) is not None
            else None
        )
        lines.append(ReminderLine(item=item, quota=quota(plan, item, day), last_week=before))
    return lines


def unsubscribe_url(user: User, kind: str) -> str:
    """The one-click unsubscribe link for one kind of email."""
    return external_url("reminders.unsubscribe", token=unsubscribe_token(user.id, kind))


def unsubscribe_headers(user: User, kind: str, url: str | None = None) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe headers for one kind of email."""
    url = url or unsubscribe_url(user, kind)
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


_SHARED_LINKS = {
    "today_url": "patient.today",
    "session_url": "patient.session_player",
    "progress_url": "patient.progress",
    "settings_url": "reminders.settings",
}


def _shared_links() -> dict[str, str]:
    """The links that are the same in every reminder, built once per BASE_URL."""
    base = current_app.config["BASE_URL"]
    cache = current_app.extensions.setdefault("rugcoach.reminder_links", {})
    if base not in cache:
        cache[base] = {name: external_url(endpoint) for name, endpoint in _SHARED_LINKS.items()}
    return cache[base]


def _log_urls(user: User, plan: Plan, day: date) -> dict[str, str]:
    """The three "log it" links (done, partly, skipped); each opens a confirm page."""
    token = log_token(user.id, plan.id, day)
    return {
        status: external_url("reminders.log_from_email", token=token, status=status)
        for status in ("done", "partial", "skipped")
    }


# Stand-ins for what differs per patient in a reminder, filled in after rendering. NUL
# bytes never occur in a name, a translation or a URL, and pass Jinja's escaping unchanged.
_SLOTS = {name: f"\x00{name}\x00" for name in ("name", "done", "partial", "skipped", "stop")}
_SLOT_RE = re.compile("\x00(name|done|partial|skipped|stop)\x00")
_URL_SLOT = "TOKENSLOT"
_TOKEN_RE = re.compile(r"[A-Za-z0-9_.-]+")  # URL-safe: a URL builder leaves it as it is


def _fill(template: str, values: dict[str, str]) -> str:
    """The rendered template with each stand-in replaced, in one pass (nothing is refilled)."""
    return _SLOT_RE.sub(lambda m: values[m.group(1)], template)


def _memo_url(memo: dict, endpoint: str, token: str, **values: str) -> str:
    """``external_url(endpoint, token=token, **values)``, built once per pass and endpoint.

    A signed token is URL-safe, so the URL with it is the URL with a stand-in, the stand-in
    replaced; any other token takes the full build.
    """
    if not _TOKEN_RE.fullmatch(token):
        return external_url(endpoint, token=token, **values)
    key = ("url", endpoint, tuple(sorted(values.items())))
    if key not in memo:
        memo[key] = external_url(endpoint, token=_URL_SLOT, **values).split(_URL_SLOT)
    before, after = memo[key]
    return f"{before}{token}{after}"


def daily_email(
    user: User, plan: Plan, day: date, followup: bool = False, memo: dict | None = None
) -> Rendered:
    """Today's reminder (or the follow-up two hours later) in the patient's language.

    ``memo`` (one dict per planning pass) renders each distinct reminder once: patients whose
    language and quotas match share the rendering, with their name and links filled in.
    The result is the same text as without it.
    """
    if memo is None:
        return _daily_email(user, plan, day, followup)
    lines = reminder_lines(plan, day)
    kind = "followup" if followup else "daily"
    # Everything templates/email/daily_reminder.* read besides the name and the links: a
    # template that starts using more of the patient or the plan must add it here.
    key = (
        "daily",
        user.locale,
        followup,
        day,
        current_app.config["BASE_URL"],
        tuple((ln.item.exercise_id, ln.item.sets, ln.quota, ln.last_week) for ln in lines),
    )
    shared = memo.get(key)
    if shared is None:
        stand_in = SimpleNamespace(name=_SLOTS["name"], email=user.email, locale=user.locale)
        slots = {k: _SLOTS[k] for k in ("done", "partial", "skipped")}
        shared = memo[key] = _daily_email(
            stand_in, plan, day, followup, lines=lines, log_urls=slots, stop=_SLOTS["stop"]
        )
    log = log_token(user.id, plan.id, day)
    text_values = {
        status: _memo_url(memo, "reminders.log_from_email", log, status=status)
        for status in ("done", "partial", "skipped")
    }
    stop = _memo_url(memo, "reminders.unsubscribe", unsubscribe_token(user.id, kind))
    text_values.update(name=user.name, stop=stop)
    html_values = {k: str(escape(v)) for k, v in text_values.items()}
    return replace(
        shared,
        to_address=user.email,
        text=_fill(shared.text, text_values),
        html=_fill(shared.html, html_values),
        headers=unsubscribe_headers(user, kind, stop),
    )


def _daily_email(
    user: User, plan: Plan, day: date, followup: bool, *, lines=None, log_urls=None, stop=None
) -> Rendered:
    """The reminder rendered from its templates (links built here unless given)."""
    kind = "followup" if followup else "daily"
    subject = (
        _l("Still time for your back exercises today")
        if followup
        else _l("Time for your back exercises")
    )
    links = _shared_links()
    stop = stop or unsubscribe_url(user, kind)
    return render_email(
        "daily_reminder",
        user,
        subject,
        headers=unsubscribe_headers(user, kind, stop),
        plan=plan,
        day=day,
        lines=reminder_lines(plan, day) if lines is None else lines,
        followup=followup,
        today_url=links["today_url"],
        session_url=links["session_url"],
        log_urls=log_urls or _log_urls(user, plan, day),
        settings_url=links["settings_url"],
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


def weekly_email(user: User, plan: Plan, summary: WeekSummary) -> Rendered:
    """The weekly summary on the first day of the plan week."""
    links = _shared_links()
    stop = unsubscribe_url(user, "weekly")
    return render_email(
        "weekly_summary",
        user,
        _l("Your week in Rugcoach"),
        headers=unsubscribe_headers(user, "weekly", stop),
        plan=plan,
        summary=summary,
        today_url=links["today_url"],
        progress_url=links["progress_url"],
        settings_url=links["settings_url"],
        unsubscribe_url=stop,
    )
