"""The signed-in user's own account: password, two-step login and who saw their data."""

from flask import Blueprint

bp = Blueprint("account", __name__, url_prefix="/account")
