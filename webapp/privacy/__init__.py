"""Privacy: what Rugcoach stores, a patient's data download and deleting the account."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)

from webapp.privacy import routes  # noqa: E402,F401
