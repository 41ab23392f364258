"""The daily reminder as a Web Push: a second channel beside the email, for subscribed browsers.

Design: a push is an outbox row of its own (``OutboxEmail.channel == "push"``) with its own
idempotency key (``push:daily:<user>:<local date>``), so it shares everything with the
email: one insert per key, the claim and lease, ``not_after`` (never late at night),
retries with back-off (webapp.services.mail.push_delivery). One row per patient, sent to
each of their browsers. The row holds:

- ``subject``: the notification's title, the email's subject line, and nothing more;
- ``text_body``: the JSON payload (title, body, url, tag, icon, actions, later); the admin
  pages never show bodies, so the signed links in it stay out of sight;
- ``headers``: the plan and local day, so the deliver pass can skip a day already logged.

The payload says no more than the email's subject does: the body counts today's exercises
without naming them. "Gedaan" opens the email's confirm page (the signed log link; GET
never logs), "Later" posts the later-token (later.py).
"""

from __future__ import annotations

import json
from datetime import date, datetime

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.db import in_ids
from webapp.models import PushSubscription
from webapp.services.mail.outbox import Outgoing, Rendered
from webapp.services.reminders.content import Writer, reminder_lines
from webapp.services.reminders.snapshot import PlanRow
from webapp.services.reminders.tokens import later_token, log_token

ICON = "/static/icons/icon-192.png"


def push_key(kind: str, user_id: int, day: date) -> str:
    """The idempotency key of a patient's push of one kind ("daily", "later") on one day."""
    return f"push:{kind}:{user_id}:{day.isoformat()}"


def subscribed_users(session: Session, user_ids: list[int]) -> set[int]:
    """Which of these users have at least one browser that takes pushes."""
    if not user_ids:
        return set()
    rows = session.scalars(
        select(PushSubscription.user_id)
        .where(in_ids(session, PushSubscription.user_id, sorted(set(user_ids))))
        .distinct()
    )
    return set(rows)


def daily_push(
    writer: Writer, plan: PlanRow, day: date, now: datetime, deadline: datetime
) -> Outgoing:
    """Today's reminder as a push row, in the patient's language, due with its email."""
    patient, links = plan.patient, writer.mailroom.links
    count = len(reminder_lines(plan, day))
    with force_locale(patient.locale):
        title = _("Time for your back exercises")
        body = ngettext(
            "Today %(num)d exercise from your plan.",
            "Today %(num)d exercises from your plan.",
            count,
        )
        actions = [
            {"action": "done", "title": _("Done")},
            {"action": "later", "title": _("Later")},
        ]
    log = log_token(writer.secret, patient.id, plan.id, day, now)
    later = later_token(writer.secret, patient.id, plan.id, day, now)
    payload = {
        "title": title,
        "body": body,
        "url": links.log_from_email(log, "done"),
        "tag": f"rugcoach-daily-{day.isoformat()}",
        "icon": ICON,
        "actions": actions,
        "later": links.push_later(later),
    }
    rendered = Rendered(
        to_address=patient.email,
        subject=title,
        text=json.dumps(payload, ensure_ascii=False),
        html="",
        headers={"plan": str(plan.id), "day": day.isoformat()},
    )
    key = push_key("daily", patient.id, day)
    return Outgoing(key, "daily", patient.id, rendered, not_after=deadline, channel="push")


def without_later(payload: dict) -> dict:
    """The payload asked again after "Later": the same, but no second "Later"."""
    again = {k: v for k, v in payload.items() if k != "later"}
    again["actions"] = [a for a in payload.get("actions", []) if a.get("action") != "later"]
    return again
