"""The practice admin's pages: overview, accounts, the audit log and the outbox."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
