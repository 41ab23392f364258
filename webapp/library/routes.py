"""Views of the library blueprint."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from webapp.db import get_db
from webapp.labels import CATEGORIES, POSITIONS
from webapp.library import bp
from webapp.library.media import catalogue_response, media_response
from webapp.media.thumbs import ensure_thumbnails
from webapp.models import Video, VideoSource
from webapp.services.core.access import can_view_video
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.library.exercises import get_exercise, list_exercises
from webapp.services.library.videos import video_directory, videos_for


@bp.get("/exercises")
@login_required
def index():
    """All exercises as cards, filtered by position and kind (plain GET form, no JS needed)."""
    position = request.args.get("position", "")
    category = request.args.get("category", "")
    db = get_db()
    error, status = None, 200
    try:
        exercises = list_exercises(db, current_user, position, category)
    except ServiceError as exc:
        error, status = exc.message, 400
        exercises = list_exercises(db, current_user)
    return render_template(
        "library/index.html",
        exercises=exercises,
        videos=videos_for(db, exercises, current_user),
        positions=POSITIONS,
        categories=CATEGORIES,
        position=position if position in POSITIONS else "",
        category=category if category in CATEGORIES else "",
        error=error,
    ), status


@bp.get("/exercises/<slug>")
@login_required
def exercise(slug: str):
    """One exercise: the video with captions and transcript, the steps, the dose."""
    db = get_db()
    try:
        found = get_exercise(db, current_user, slug)
    except NotFound:
        abort(404)
    video = videos_for(db, [found], current_user).get(found.id)
    return render_template(
        "library/exercise.html",
        exercise=found,
        video=video,
        positions=POSITIONS,
        categories=CATEGORIES,
    )


@bp.app_template_global()
def video_file_url(video: Video, name: str) -> str:
    """Where one of a video's files is fetched: a public static path, or the checked view."""
    if video.source == VideoSource.CATALOGUE:
        return url_for("library.catalogue_file", name=name)
    return url_for("library.media", video_id=video.id, name=name)


@bp.route("/static/videos/<name>", methods=["GET", "HEAD"])
def catalogue_file(name: str):
    """A rendered catalogue file: public and immutable (nginx serves these in production)."""
    return catalogue_response(request, Path(current_app.config["VIDEO_DIR"]), name)


@bp.route("/media/<id:video_id>/<name>", methods=["GET", "HEAD"])
def media(video_id: int, name: str):
    """An uploaded video's file (video, poster or captions) for those allowed to see it."""
    video = get_db().get(Video, video_id)
    if video is not None and video.source == VideoSource.CATALOGUE and name in video.files():
        # Links from before the catalogue became public keep working.
        return redirect(url_for("library.catalogue_file", name=name), 301)
    user = current_user if current_user.is_authenticated else None
    if video is None or name not in video.files() or not can_view_video(user, video):
        abort(404)
    directory = video_directory(
        video, current_app.config["VIDEO_DIR"], current_app.config["UPLOAD_DIR"]
    )
    if name in video.thumbnails().values():
        ensure_thumbnails(directory / video.poster_file)  # uploads from before thumbnails
    return media_response(
        request,
        directory=directory,
        name=name,
        content_hash=video.content_hash,
        accel_prefix=current_app.config.get("VIDEO_ACCEL_REDIRECT"),
    )
