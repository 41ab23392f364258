"""Signing up, in and out, two-factor login and password links."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from webapp.auth import reset, routes, two_factor  # noqa: E402,F401
