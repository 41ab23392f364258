"""The physiotherapist's workspace."""

from flask import Blueprint

bp = Blueprint("physio", __name__, url_prefix="/physio")
