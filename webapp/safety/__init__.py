"""The red-flag check: questions before the exercises, and what to do with the answer."""

from flask import Blueprint

from webapp.safety.labels import labels

bp = Blueprint("safety", __name__, url_prefix="/safety")


@bp.app_context_processor
def safety_labels() -> dict:
    """The check's words for every template (the physio's patient page lists checks too)."""
    return {"safety_labels": labels}
