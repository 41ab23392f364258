"""Privacy: what Rugcoach stores, a patient's data download and deleting the account."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)
