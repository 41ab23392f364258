"""The physio's upload library: rename an upload, choose who sees it, delete it."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.models import Role, Video
from webapp.physio import bp
from webapp.physio.videos import library_page, upload_form
from webapp.security import role_required
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.library.shelf import (
    delete_upload,
    own_upload,
    remove_files,
    rename_upload,
    share_upload,
)


def _own(video_id: int) -> Video:
    """The signed-in physio's upload; 404 for anyone else's."""
    try:
        return own_upload(get_db(), current_user, video_id)
    except NotFound:
        abort(404)


def _refused(exc: ServiceError):
    """Show the library again with the reason the change was refused (nothing is changed)."""
    get_db().rollback()
    flash(str(exc), "error")
    return library_page(upload_form()), 400


def _done(message: str):
    """Commit the change and go back to the library."""
    get_db().commit()
    flash(message, "success")
    return redirect(url_for("physio.videos"))


@bp.post("/videos/<id:video_id>/title")
@role_required(Role.PHYSIO)
def rename_video(video_id: int):
    """Give an upload a name of the physio's own."""
    video = _own(video_id)
    try:
        rename_upload(
            get_db(),
            current_user,
            video,
            request.form.get("title", ""),
            utcnow(),
            request.remote_addr or "",
        )
    except ServiceError as exc:
        return _refused(exc)
    return _done(_("The name is saved."))


@bp.post("/videos/<id:video_id>/audience")
@role_required(Role.PHYSIO)
def share_video(video_id: int):
    """Choose who sees an upload instead of the standard video: nobody, all or chosen patients."""
    video = _own(video_id)
    try:
        ids = [int(value) for value in request.form.getlist("patients")]
    except ValueError:
        return _refused(ServiceError(_("Choose patients from your own list.")))
    try:
        share_upload(
            get_db(),
            current_user,
            video,
            request.form.get("audience", ""),
            ids,
            utcnow(),
            request.remote_addr or "",
        )
    except ServiceError as exc:
        return _refused(exc)
    return _done(_("Saved who sees this video."))


@bp.post("/videos/<id:video_id>/delete")
@role_required(Role.PHYSIO)
def delete_video(video_id: int):
    """Delete an upload with its files; its patients see the standard video again."""
    video = _own(video_id)
    try:
        files = delete_upload(
            get_db(),
            current_user,
            video,
            current_app.config["UPLOAD_DIR"],
            utcnow(),
            request.remote_addr or "",
        )
    except ServiceError as exc:
        return _refused(exc)
    response = _done(_("The video is deleted."))
    remove_files(files)  # only once the commit stands: no row may point at missing files
    return response
