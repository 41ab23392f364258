"""Information about back pain for patients: pages, a short quiz and the start date."""

from flask import Blueprint

bp = Blueprint("learn", __name__, url_prefix="/learn")

from webapp.learn import routes  # noqa: E402,F401  (routes attach themselves to bp)
