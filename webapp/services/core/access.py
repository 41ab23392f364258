"""Object-level authorisation: who may see what. Views ask here, never decide themselves.

The rules:
- a patient sees their own data; their physio (the one they are linked to) sees it too;
- nobody else does, admins included (they manage accounts, not health data);
- anything that is not the viewer's is answered as "not found", so ids reveal nothing.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from webapp.models import (
    Invitation,
    Message,
    Plan,
    Role,
    SessionLog,
    User,
    Video,
    VideoAudience,
    VideoSource,
    VideoStatus,
)
from webapp.services.core.errors import NotFound

NOT_FOUND = _l("This page does not exist (any more).")


def _signed_in(viewer: User | None) -> bool:
    """True for a real, signed-in account."""
    return viewer is not None and getattr(viewer, "is_authenticated", False)


def can_see_patient(viewer: User | None, patient: User | None) -> bool:
    """The patient themselves, or the physio they are linked to."""
    if not _signed_in(viewer) or patient is None or patient.role != Role.PATIENT:
        return False
    if viewer.id == patient.id:
        return True
    return viewer.role == Role.PHYSIO and patient.physio_id == viewer.id


def can_view_video(viewer: User | None, video: Video) -> bool:
    """Catalogue videos: anyone signed in (the files are public). Uploads: uploader, patients."""
    if not _signed_in(viewer):
        return False
    if video.source == VideoSource.CATALOGUE:
        return video.status == VideoStatus.READY
    if video.uploaded_by_id is None:
        return False
    if viewer.id == video.uploaded_by_id:
        return True
    if viewer.role != Role.PATIENT or viewer.physio_id != video.uploaded_by_id:
        return False
    # Only the patients the physio chose see the upload; the others keep the standard video.
    if video.audience == VideoAudience.ALL:
        return True
    return video.audience == VideoAudience.CHOSEN and any(
        chosen.patient_id == viewer.id for chosen in video.viewers
    )


def patient_for(session: Session, viewer: User | None, patient_id: int) -> User:
    """The patient with this id if the viewer may see them; NotFound otherwise."""
    patient = session.get(User, patient_id)
    if not can_see_patient(viewer, patient):
        raise NotFound(NOT_FOUND)
    return patient


def plan_for(session: Session, viewer: User | None, plan_id: int) -> Plan:
    """A plan the viewer may see (its patient's or their physio's)."""
    plan = session.get(Plan, plan_id)
    if plan is None or not can_see_patient(viewer, plan.patient):
        raise NotFound(NOT_FOUND)
    return plan


def log_for(session: Session, viewer: User | None, log_id: int) -> SessionLog:
    """A session log the viewer may see."""
    log = session.get(SessionLog, log_id)
    if log is None or not can_see_patient(viewer, session.get(User, log.patient_id)):
        raise NotFound(NOT_FOUND)
    return log


def message_for(session: Session, viewer: User | None, message_id: int) -> Message:
    """A message of a thread the viewer takes part in."""
    message = session.get(Message, message_id)
    if message is None or not can_see_patient(viewer, session.get(User, message.patient_id)):
        raise NotFound(NOT_FOUND)
    return message


def invitation_for(session: Session, viewer: User | None, invitation_id: int) -> Invitation:
    """An invitation, for the physio who sent it."""
    invitation = session.get(Invitation, invitation_id)
    if invitation is None or not _signed_in(viewer) or invitation.physio_id != viewer.id:
        raise NotFound(NOT_FOUND)
    return invitation


def video_for(session: Session, viewer: User | None, video_id: int) -> Video:
    """A video the viewer may play."""
    video = session.get(Video, video_id)
    if video is None or not can_view_video(viewer, video):
        raise NotFound(NOT_FOUND)
    return video
