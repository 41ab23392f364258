"""The health report behind GET /healthz."""

from __future__ import annotations

from sqlalchemy import delete, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from webapp.models import SiteSetting
from webapp.services.mail.outbox import pending_count

# A key no setting uses: deleting it changes nothing, but needs a database that takes writes.
WRITE_PROBE = "healthz-write-probe"


def health_report(session: Session) -> tuple[bool, dict[str, object]]:
    """Whether the database answers and takes writes, and how many emails wait; never raises."""
    try:
        session.execute(text("SELECT 1"))
        pending = pending_count(session)
    except SQLAlchemyError as exc:
        session.rollback()
        return False, {"status": "error", "database": "unreachable", "error": type(exc).__name__}
    try:
        session.execute(delete(SiteSetting).where(SiteSetting.key == WRITE_PROBE))
    except SQLAlchemyError as exc:
        # A read-only file, mount or server: pages still show, but nothing can be saved.
        return False, {"status": "error", "database": "read-only", "error": type(exc).__name__}
    finally:
        session.rollback()
    return True, {"status": "ok", "database": "ok", "outbox_pending": pending}
