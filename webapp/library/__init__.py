"""The exercise library, exercise pages and the video files behind them."""

from flask import Blueprint

bp = Blueprint("library", __name__)

from webapp.library import routes  # noqa: E402,F401
