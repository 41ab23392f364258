"""How the physio's pages reach a patient's data: only their own, and every look is recorded.

Someone else's patient or plan is a 404 (services.core.access decides), and a page that
shows a patient's data records who saw it (NEN 7513) through services.core.audit.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import abort, request
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.services.core import audit
from webapp.services.core.errors import NotFound

Found = TypeVar("Found")


def own(lookup: Callable[..., Found], object_id: int) -> Found:
    """The patient or plan with this id if it is the physio's own; 404 otherwise."""
    try:
        return lookup(get_db(), current_user, object_id)
    except NotFound:
        abort(404)


def record_action(action: str, patient_id: int, detail: str, now) -> None:
    """Record what the signed-in physio changed for a patient; the caller commits."""
    audit.record(
        get_db(),
        actor=current_user,
        subject_id=patient_id,
        action=action,
        now=now,
        ip=request.remote_addr or "",
        detail=detail,
    )


def record_view(action: str, patient_ids: list[int], detail: str = "") -> None:
    """Record that the signed-in physio saw these patients' data (after the page is built)."""
    audit.record_view(
        get_db(),
        actor=current_user,
        subject_ids=patient_ids,
        action=action,
        now=utcnow(),
        ip=request.remote_addr or "",
        detail=detail,
    )
