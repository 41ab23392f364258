"""The outbox for the practice admin: pages of emails by status, one email, sending it again.

Only reads, except ``retry``: delivery itself stays with the scheduler (services.delivery).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from webapp.models import OutboxEmail, OutboxStatus
from webapp.services.core.errors import NotFound, ServiceError

PER_PAGE = 50
MAX_PAGE = 100_000
# The headers shown with a message: delivery facts. Others (an unsubscribe link) carry live
# tokens, and the bodies carry health content and log links: the admin sees neither.
SHOWN_HEADERS = ("From", "To", "Subject", "Message-ID")


@dataclass(frozen=True)
class OutboxRow:
    """One line of the outbox list: delivery facts, never the bodies."""

    id: int
    kind: str
    channel: str  # email, or push (a notification on the patient's browsers)
    to_address: str
    subject: str
    user_id: int | None
    status: OutboxStatus
    attempts: int
    last_error: str
    created_at: datetime
    sent_at: datetime | None


@dataclass(frozen=True)
class OutboxPage:
    """One page of the list and where it sits among all pages."""

    rows: list[OutboxRow]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class MessageView:
    """One email as the recipient gets it, with its delivery state."""

    row: OutboxEmail
    headers: list[tuple[str, str]]

    @property
    def can_retry(self) -> bool:
        """True when the admin may put this email back in the queue."""
        return retry_refusal(self.row) is None


class BadPage(ServiceError):
    """A page number or status filter that is not one (the view answers 400)."""


def parse_status(raw: str | None) -> OutboxStatus | None:
    """The status filter from the query string; empty means all, anything unknown is refused."""
    if not raw:
        return None
    try:
        return OutboxStatus(raw)
    except ValueError:
        raise BadPage(_l("There is no email status called “%(status)s”.", status=raw)) from None


def parse_page(raw: str | None) -> int:
    """The page number from the query string; 1 when absent, refused when not a page number."""
    if raw is None or raw == "":
        return 1
    if not raw.isdecimal() or not 0 < int(raw) <= MAX_PAGE:
        raise BadPage(_l("“%(page)s” is not a page number.", page=raw[:20]))
    return int(raw)


def status_counts(session: Session) -> dict[OutboxStatus, int]:
    """How many emails there are per status (every status, zero included)."""
    counts = dict.fromkeys(OutboxStatus, 0)
    rows = session.execute(
        select(OutboxEmail.status, func.count()).group_by(OutboxEmail.status)
    ).all()
    for status, count in rows:
        counts[OutboxStatus(status)] = count
    return counts


def outbox_page(session: Session, status: OutboxStatus | None, page: int) -> OutboxPage:
    """One page of emails, newest first, optionally of one status.

    Raises NotFound for a page past the last one (page 1 always exists, even when empty).
    """
    where = [] if status is None else [OutboxEmail.status == status]
    total = session.scalar(select(func.count()).select_from(OutboxEmail).where(*where)) or 0
    pages = max(1, -(-total // PER_PAGE))
    if page > pages:
        raise NotFound(_l("There is no page %(page)d of this list.", page=page))
    # Only the list's columns: the bodies can be large and the list never shows them.
    columns = (
        OutboxEmail.id,
        OutboxEmail.kind,
        OutboxEmail.channel,
        OutboxEmail.to_address,
        OutboxEmail.subject,
        OutboxEmail.user_id,
        OutboxEmail.status,
        OutboxEmail.attempts,
        OutboxEmail.last_error,
        OutboxEmail.created_at,
        OutboxEmail.sent_at,
    )
    found = session.execute(
        select(*columns)
        .where(*where)
        .order_by(OutboxEmail.created_at.desc(), OutboxEmail.id.desc())
        .offset((page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    ).all()
    return OutboxPage([OutboxRow(*row) for row in found], total, page, pages)


def message_view(session: Session, message_id: int, mail_from: str) -> MessageView:
    """One email's delivery facts and addressing headers; NotFound when there is no such email."""
    row = session.get(OutboxEmail, message_id)
    if row is None:
        raise NotFound(_l("There is no such email."))
    values = {
        "From": mail_from,
        "To": row.to_address,
        "Subject": row.subject,
        "Message-ID": row.message_id,
    }
    return MessageView(row=row, headers=[(name, values[name]) for name in SHOWN_HEADERS])


def retry_refusal(row: OutboxEmail, now: datetime | None = None) -> str | None:
    """Why this email cannot be sent again, or None when it can."""
    if row.status != OutboxStatus.FAILED:
        return _l("Only an email that failed can be sent again.")
    if not row.text_body and not row.html_body:
        return _l("The content of this email was removed, so it cannot be sent again.")
    if now is not None and row.not_after is not None and row.not_after < now:
        return _l("This email is past its last sending time, so it would not be sent.")
    return None


def retry(session: Session, message_id: int, now: datetime) -> OutboxEmail:
    """Put a failed email back in the queue with a fresh set of attempts; the caller commits.

    The UPDATE is conditional on the status, so a second click (or a second admin) changes
    nothing: the email goes out once.
    """
    row = session.get(OutboxEmail, message_id)
    if row is None:
        raise NotFound(_l("There is no such email."))
    refusal = retry_refusal(row, now)
    if refusal is not None:
        raise ServiceError(refusal)
    result = session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == message_id, OutboxEmail.status == OutboxStatus.FAILED)
        .values(
            status=OutboxStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            claim_token=None,
            lease_until=None,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ServiceError(_l("Only an email that failed can be sent again."))
    session.refresh(row)
    return row
