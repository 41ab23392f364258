"""Logs sent from a phone with the phone's own id: each id is received once.

A log made without a connection waits on the phone and is sent when the connection is
back; a lost answer makes the phone send it again. The id is the idempotency key: the
first send is stored, every later one changes nothing.
"""

from __future__ import annotations

import re
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from webapp.models import LogReceipt, User
from webapp.services.core.errors import ServiceError

CLIENT_ID = re.compile(r"[A-Za-z0-9-]{8,64}")


class AlreadyReceived(ServiceError):
    """This send was received before; the log stands as it is now."""


def read_client_id(raw: str | None) -> str | None:
    """The phone's id for a log, None when the form came without one; refuse a malformed one."""
    if raw is None or raw == "":
        return None
    if not CLIENT_ID.fullmatch(raw):
        raise ServiceError(_l("This log could not be matched. Please send it again."))
    return raw


def was_received(session: Session, patient: User, client_id: str) -> bool:
    """Whether a log with this id from this patient is already stored."""
    found = session.scalar(
        select(LogReceipt.id).where(
            LogReceipt.patient_id == patient.id, LogReceipt.client_id == client_id
        )
    )
    return found is not None


def claim_receipt(session: Session, patient: User, client_id: str, now: datetime) -> LogReceipt:
    """Store the receipt before the log; a parallel send of the same id loses here."""
    receipt = LogReceipt(patient_id=patient.id, client_id=client_id, received_at=now)
    try:
        with session.begin_nested():
            session.add(receipt)
    except IntegrityError:
        raise AlreadyReceived(_l("This log was already saved.")) from None
    return receipt
