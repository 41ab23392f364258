"""A physio's upload library: name an upload, choose which patients see it, or delete it.

An upload replaces the standard video only for the patients the physio chose; switching back
to nobody shows them the standard video again. Each change is in the audit trail.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import Role, User, Video, VideoAudience, VideoSource, VideoStatus, VideoViewer
from webapp.services.core import audit
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.library.uploads import upload_dirs

TITLE_MAX = 120
log = logging.getLogger(__name__)


def own_upload(session: Session, physio: User, video_id: int) -> Video:
    """The physio's own upload with this id; NotFound for anyone else's."""
    video = session.get(Video, video_id)
    if video is None or video.source != VideoSource.UPLOAD or video.uploaded_by_id != physio.id:
        raise NotFound(_l("This page does not exist (any more)."))
    return video


def patients_of(session: Session, physio: User) -> list[User]:
    """The physio's patients, by name, to choose who sees an upload."""
    return list(
        session.scalars(
            select(User)
            .where(User.physio_id == physio.id, User.role == Role.PATIENT)
            .order_by(User.name, User.id)
        )
    )


def rename_upload(
    session: Session, physio: User, video: Video, title: str, now: datetime, ip: str = ""
) -> None:
    """Give the upload a title of the physio's choosing; the caller commits."""
    title = " ".join(title.split())
    if not title:
        raise ServiceError(_l("Give the video a name."), field="title")
    if len(title) > TITLE_MAX:
        raise ServiceError(
            _l("A name may be at most %(n)d characters.", n=TITLE_MAX), field="title"
        )
    video.title = title
    video.updated_at = now
    audit.record(
        session,
        actor=physio,
        subject_id=None,
        action="upload.renamed",
        now=now,
        ip=ip,
        detail=f"video {video.id}",
    )


def share_upload(
    session: Session,
    physio: User,
    video: Video,
    audience: str,
    patient_ids: Iterable[int],
    now: datetime,
    ip: str = "",
) -> None:
    """Choose who sees the upload: nobody, all the physio's patients or the chosen ones."""
    try:
        audience = VideoAudience(audience)
    except ValueError:
        raise ServiceError(_l("Choose who sees this video."), field="audience") from None
    own = {p.id for p in patients_of(session, physio)}
    wanted = set(patient_ids)
    if not wanted <= own:
        raise ServiceError(_l("Choose patients from your own list."), field="patients")
    if audience == VideoAudience.CHOSEN and not wanted:
        raise ServiceError(_l("Tick at least one patient."), field="patients")
    video.viewers = (
        [VideoViewer(patient_id=pid) for pid in sorted(wanted)]
        if audience == VideoAudience.CHOSEN
        else []
    )
    video.audience = audience.value
    video.updated_at = now
    chosen = ",".join(str(pid) for pid in sorted(wanted)) if video.viewers else ""
    audit.record(
        session,
        actor=physio,
        subject_id=None,
        action="upload.shared",
        now=now,
        ip=ip,
        detail=f"video {video.id}: {audience.value} {chosen}".strip(),
    )


def delete_upload(
    session: Session,
    physio: User,
    video: Video,
    upload_dir: str | Path,
    now: datetime,
    ip: str = "",
) -> list[Path]:
    """Remove the upload's row; the files it leaves (video, poster, thumbnails) to remove.

    The caller commits, then hands the files to ``remove_files``: removed first, a failing
    commit would leave a row pointing at files that are gone.
    """
    if video.status == VideoStatus.PROCESSING:
        # The background worker may be writing its files right now.
        raise ServiceError(_l("This video is still being prepared. Delete it when it is ready."))
    incoming, finished = upload_dirs(upload_dir)
    names = video.files()
    waiting = video.incoming_file
    audit.record(
        session,
        actor=physio,
        subject_id=None,
        action="upload.deleted",
        now=now,
        ip=ip,
        detail=f"video {video.id} ({video.title or video.original_name})",
    )
    session.delete(video)
    session.flush()
    files = [finished / Path(name).name for name in names]
    if waiting:
        files.append(incoming / Path(waiting).name)
    return files


def remove_files(files: Iterable[Path]) -> int:
    """Remove the files of a committed deletion; returns how many could not be removed.

    The row is gone already, so a file that stays is only wasted disk: it is logged for the
    operator, never an error page. A file already missing is fine.
    """
    failed = 0
    for path in files:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            failed += 1
            log.warning("could not remove the deleted upload's file %s: %s", path, exc)
    return failed
