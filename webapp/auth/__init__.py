"""Signing up, in and out, two-factor login and password links."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
