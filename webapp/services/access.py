"""Object-level authorisation: who may see what. Views ask here, never decide themselves."""

from __future__ import annotations

from webapp.models import Role, User, Video, VideoSource, VideoStatus


def can_view_video(viewer: User | None, video: Video) -> bool:
    """Catalogue videos: any signed-in user. Uploads: the uploader and their patients."""
    if viewer is None or not viewer.is_authenticated:
        return False
    if video.source == VideoSource.CATALOGUE:
        return video.status == VideoStatus.READY
    if video.uploaded_by_id is None:
        return False
    if viewer.id == video.uploaded_by_id:
        return True
    return viewer.role == Role.PATIENT and viewer.physio_id == video.uploaded_by_id
