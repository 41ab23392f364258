"""A patient's link to their physiotherapist: made by an invitation, shown, ended by the patient.

The link is what lets a physio see a patient's data (services.core.access); making and ending
it are both audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import Invitation, Role, User
from webapp.services.core import audit
from webapp.services.core.errors import ServiceError


@dataclass(frozen=True)
class PhysioLink:
    """A patient's current physio and, when the app made the link, since when."""

    physio: User
    since: datetime | None


def link_to_physio(
    session: Session, patient: User, invitation: Invitation, now: datetime, ip: str
) -> None:
    """Link the patient to the inviting physio, ending any earlier link; both are audited."""
    previous = patient.physio_id
    if previous is not None and previous != invitation.physio_id:
        audit.record(
            session,
            actor=patient,
            subject_id=patient.id,
            action="physio.unlinked",
            now=now,
            ip=ip,
            detail=f"physio {previous} replaced by physio {invitation.physio_id}",
        )
    patient.physio_id = invitation.physio_id
    audit.record(
        session,
        actor=patient,
        subject_id=patient.id,
        action="physio.linked",
        now=now,
        ip=ip,
        detail=f"physio {invitation.physio_id} by invitation {invitation.id}",
    )


def link_of(session: Session, patient: User) -> PhysioLink | None:
    """The patient's current physio, with the moment the invitation linked them if it did."""
    if patient.physio_id is None:
        return None
    since = session.scalar(
        select(Invitation.used_at)
        .where(Invitation.used_by_id == patient.id, Invitation.physio_id == patient.physio_id)
        .order_by(Invitation.used_at.desc())
        .limit(1)
    )
    return PhysioLink(physio=session.get(User, patient.physio_id), since=since)


def end_link(session: Session, *, patient: User, now: datetime, ip: str = "") -> User:
    """End the patient's link to their physio, who then sees nothing more; returns that physio."""
    if patient.role != Role.PATIENT or patient.physio_id is None:
        raise ServiceError(_l("You are not linked to a physiotherapist."))
    physio = session.get(User, patient.physio_id)
    patient.physio_id = None
    audit.record(
        session,
        actor=patient,
        subject_id=patient.id,
        action="physio.unlinked",
        now=now,
        ip=ip,
        detail=f"physio {physio.id} by the patient",
    )
    return physio
