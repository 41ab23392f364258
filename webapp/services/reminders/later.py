"""A push's "Later" button: the same reminder once more, after the follow-up email's delay.

The service worker posts the later-token from the payload; no session is needed, because a
phone's lock screen may have none. Once a day only: the second push has its own key
(``push:later:<user>:<day>``), so a second "Later" inserts nothing, and it has no "Later"
button of its own. It keeps the first push's ``not_after``: never late at night.
"""

from __future__ import annotations

import json
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import OutboxEmail
from webapp.services.core.errors import NotFound
from webapp.services.mail.outbox import Outgoing, Rendered, enqueue_many
from webapp.services.reminders.planning import FOLLOWUP_AFTER
from webapp.services.reminders.push import push_key, without_later
from webapp.services.reminders.tokens import LogLink

LATER_AFTER = FOLLOWUP_AFTER


def ask_later(session: Session, link: LogLink, *, now: datetime, mail_from: str) -> bool:
    """Queue the day's push again for ``now + LATER_AFTER``; False when nothing was queued.

    Nothing is queued when it would come after the day's sending deadline, or when "Later"
    was asked before for that day. NotFound when no push went out for that day.
    """
    first = session.scalar(
        select(OutboxEmail).where(
            OutboxEmail.idempotency_key == push_key("daily", link.user_id, link.day)
        )
    )
    if first is None or first.user_id != link.user_id:
        raise NotFound(_l("There is no reminder for this day."))
    due = now + LATER_AFTER
    if first.not_after is not None and due > first.not_after:
        return False
    payload = without_later(json.loads(first.text_body))
    again = Outgoing(
        push_key("later", link.user_id, link.day),
        "later",
        link.user_id,
        Rendered(
            to_address=first.to_address,
            subject=first.subject,
            text=json.dumps(payload, ensure_ascii=False),
            html="",
            headers=json.loads(first.headers or "{}"),
        ),
        not_after=first.not_after,
        channel="push",
        due=due,
    )
    return bool(enqueue_many(session, [again], mail_from=mail_from, now=now))
