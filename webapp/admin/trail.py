"""Reading the audit trail for the admin: filters, pages and a spreadsheet-safe CSV export.

Only reads: the trail is written by ``services.core.audit.record`` and never changed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, false, func, select, tuple_
from sqlalchemy.orm import Session

from webapp.models import AuditEvent
from webapp.services.core import csvfile
from webapp.urls import parse_number

PER_PAGE = 100
EXPORT_PAGE = 500
CSV_COLUMNS = (
    "id",
    "created_at_utc",
    "actor_id",
    "actor_role",
    "actor_name",
    "subject_id",
    "action",
    "detail",
    "ip",
)


@dataclass(frozen=True)
class AuditFilter:
    """What the admin asked to see; dates are whole days in the admin's time zone."""

    date_from: date | None = None
    date_to: date | None = None
    actor: str = ""
    subject_id: int | None = None
    action: str = ""

    def describe(self) -> str:
        """The filter in one line, for the audit row that records this reading."""
        parts = [
            f"{name}={value}"
            for name, value in (
                ("from", self.date_from),
                ("to", self.date_to),
                ("actor", self.actor),
                ("subject", self.subject_id),
                ("action", self.action),
            )
            if value not in (None, "")
        ]
        return "filter: " + (", ".join(parts) or "none")


def _conditions(filt: AuditFilter, zone: ZoneInfo) -> list[ColumnElement[bool]]:
    """The WHERE clauses of a filter."""
    found: list[ColumnElement[bool]] = []
    if filt.date_from is not None:
        start = datetime.combine(filt.date_from, time(0), zone).astimezone(UTC)
        found.append(AuditEvent.created_at >= start)
    if filt.date_to is not None:
        end = datetime.combine(filt.date_to + timedelta(days=1), time(0), zone).astimezone(UTC)
        found.append(AuditEvent.created_at < end)
    actor = filt.actor.strip()
    number = parse_number(actor)
    if number is not None:
        found.append(AuditEvent.actor_id == number)
    elif actor.isascii() and actor.isdigit():
        found.append(false())  # an account number beyond any account
    elif actor:
        pattern = actor.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found.append(AuditEvent.actor_name.ilike(f"%{pattern}%", escape="\\"))
    if filt.subject_id is not None:
        found.append(AuditEvent.subject_id == filt.subject_id)
    if filt.action:
        found.append(AuditEvent.action == filt.action)
    return found


def audit_page(
    session: Session, filt: AuditFilter, zone: ZoneInfo, page: int = 1
) -> tuple[list[AuditEvent], int]:
    """One page of matching events, newest first, and how many match in all."""
    where = _conditions(filt, zone)
    total = session.scalar(select(func.count()).select_from(AuditEvent).where(*where))
    rows = session.scalars(
        select(AuditEvent)
        .where(*where)
        .order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
        .offset((max(page, 1) - 1) * PER_PAGE)
        .limit(PER_PAGE)
    )
    return list(rows), total or 0


def matching_events(session: Session, filt: AuditFilter, zone: ZoneInfo) -> Iterator[AuditEvent]:
    """Every matching event, oldest first, in pages of 500 (the trail can be long).

    Each page is its own query after the last row seen, so no cursor stays open while the
    response streams (a client that stops reading holds nothing).
    """
    last: tuple | None = None
    while True:
        stmt = select(AuditEvent).where(*_conditions(filt, zone))
        if last is not None:
            stmt = stmt.where(tuple_(AuditEvent.created_at, AuditEvent.id) > tuple_(*last))
        page = session.scalars(
            stmt.order_by(AuditEvent.created_at, AuditEvent.id).limit(EXPORT_PAGE)
        ).all()
        yield from page
        if len(page) < EXPORT_PAGE:
            return
        last = (page[-1].created_at, page[-1].id)


def known_actions(session: Session) -> list[str]:
    """The actions present in the trail, for the filter's choices."""
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))


def csv_lines(events: Iterable[AuditEvent], locale: str) -> Iterator[str]:
    """The CSV export line by line: a header, then one row per event."""
    rows = (
        (
            event.id,
            event.created_at.astimezone(UTC).isoformat(timespec="seconds"),
            event.actor_id,
            event.actor_role,
            event.actor_name,
            event.subject_id,
            event.action,
            event.detail,
            event.ip,
        )
        for event in events
    )
    return csvfile.csv_lines(itertools.chain([CSV_COLUMNS], rows), locale=locale)
