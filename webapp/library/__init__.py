"""The exercise library, exercise pages and the video files behind them."""

from flask import Blueprint

bp = Blueprint("library", __name__)
