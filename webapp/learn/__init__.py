"""Information about back pain for patients: pages, a short quiz and the start date."""

from flask import Blueprint

bp = Blueprint("learn", __name__, url_prefix="/learn")
