"""The red-flag check: questions before the exercises, and what to do with the answer."""

from flask import Blueprint

from webapp.domain.phone import tel_href
from webapp.safety.labels import labels

bp = Blueprint("safety", __name__, url_prefix="/safety")


@bp.app_context_processor
def safety_labels() -> dict:
    """The check's words for every template (the physio's patient page lists checks too)."""
    return {"safety_labels": labels}


@bp.app_template_filter("tel_href")
def tel_href_filter(number: str) -> str:
    """A phone number as a tap-to-call link (tel:)."""
    return tel_href(number)
