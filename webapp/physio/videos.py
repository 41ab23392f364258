"""The physio's own recordings: upload and follow their processing."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.forms import attach_error
from webapp.i18n import exercise_name
from webapp.models import Role
from webapp.physio import bp
from webapp.physio.forms import NEW, VideoUploadForm
from webapp.security import role_required
from webapp.services.core.errors import ServiceError
from webapp.services.library.exercises import create_custom_exercise, list_exercises
from webapp.services.library.shelf import patients_of
from webapp.services.library.uploads import accept_upload, uploads_of


def upload_form() -> VideoUploadForm:
    """The upload form with the exercises this physio may attach a video to."""
    cfg = current_app.config
    exercises = [(e, exercise_name(e)) for e in list_exercises(get_db(), current_user)]
    return VideoUploadForm(exercises, cfg["MAX_UPLOAD_MB"], cfg["MAX_UPLOAD_MINUTES"])


@bp.get("/videos")
@role_required(Role.PHYSIO)
def videos():
    """The physio's uploads with their processing status, and the upload form."""
    return library_page(upload_form())


@bp.post("/videos")
@role_required(Role.PHYSIO)
def upload_video():
    """Receive a recording (streamed to disk), probe it and queue it for processing."""
    form = upload_form()
    if not form.validate_on_submit():
        return library_page(form), 400
    db = get_db()
    try:
        exercise = _chosen_exercise(form)
        accept_upload(
            db,
            physio=current_user,
            exercise=exercise,
            upload=form.video.data,
            upload_dir=current_app.config["UPLOAD_DIR"],
            max_seconds=current_app.config["MAX_UPLOAD_MINUTES"] * 60,
            now=utcnow(),
        )
    except ServiceError as exc:
        db.rollback()
        attach_error(form, exc, default="video")
        return library_page(form), 400
    db.commit()
    flash(_("Video received. It is being prepared; this page shows when it is ready."), "success")
    return redirect(url_for("physio.videos"))


def _chosen_exercise(form: VideoUploadForm):
    """The exercise the upload is for: an existing one, or a new one from the form's fields."""
    db = get_db()
    if form.exercise.data != NEW:
        for exercise in list_exercises(db, current_user):
            if str(exercise.id) == form.exercise.data:
                return exercise
        raise ServiceError(_("Choose an exercise from the list."), field="exercise")
    steps = (form.steps.data or "").splitlines()
    return create_custom_exercise(
        db,
        physio=current_user,
        name_nl=form.name_nl.data or "",
        name_en=form.name_en.data or "",
        unit=form.unit.data,
        position=form.position.data,
        category=form.category.data,
        sets=form.sets.data or 1,
        amount=form.amount.data or 1,
        steps_nl=steps,
    )


def library_page(form: VideoUploadForm):
    """Render the library: the uploads with their previews and audiences, and the upload form."""
    db = get_db()
    rows = uploads_of(db, current_user)
    patients = patients_of(db, current_user)
    return render_template("physio/videos.html", form=form, uploads=rows, patients=patients)
