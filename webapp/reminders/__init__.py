"""Reminder settings, and the pages that email links open (log it, unsubscribe)."""

from flask import Blueprint

bp = Blueprint("reminders", __name__)
