"""Invitation links: the invited patient registers or accepts and is linked to the physio."""

from flask import Blueprint

bp = Blueprint("invite", __name__, url_prefix="/invite")


@bp.after_request
def _no_store(response):
    """Pages behind a one-time link stay out of shared caches and the browser's history cache."""
    response.headers["Cache-Control"] = "no-store"
    return response
