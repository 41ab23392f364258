"""The patient's own pages: today's exercises and the session log."""

from flask import Blueprint

bp = Blueprint("patient", __name__)
