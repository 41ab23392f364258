"""The health report behind GET /healthz."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from webapp.services.mail.outbox import pending_count


def health_report(session: Session) -> tuple[bool, dict[str, object]]:
    """Whether the database answers, and how many emails wait; never raises."""
    try:
        session.execute(text("SELECT 1"))
        pending = pending_count(session)
    except SQLAlchemyError as exc:
        session.rollback()
        return False, {"status": "error", "database": "unreachable", "error": type(exc).__name__}
    return True, {"status": "ok", "database": "ok", "outbox_pending": pending}
