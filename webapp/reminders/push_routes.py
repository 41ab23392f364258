"""Web Push views: a browser subscribes or unsubscribes; a push's "Later" asks again.

Subscribing is JSON from the settings page's script, CSRF-protected by the X-CSRFToken
header. "Later" comes from the service worker, perhaps on a locked phone without a
session: it is exempt from CSRF, and its signed token is the authority.
"""

from __future__ import annotations

from flask import current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.extensions import csrf
from webapp.models import Role
from webapp.reminders import bp
from webapp.security import role_required
from webapp.services.care.push_subscriptions import (
    parse_subscription,
    subscribe,
    subscription_count,
    unsubscribe,
)
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.reminders.later import ask_later
from webapp.services.reminders.tokens import LinkError, read_later_token
from webapp.wiring import push_allows_loopback, push_sender, secret


def _refused(message: str, status: int = 400):
    """A JSON answer that says why the request was refused."""
    return jsonify(error=str(message)), status


@bp.post("/reminders/push")
@role_required(Role.PATIENT)
def push_subscribe():
    """Store this browser's push subscription for the signed-in patient."""
    if push_sender() is None:
        return _refused(_("This server cannot send notifications."), 409)
    db = get_db()
    try:
        new = parse_subscription(request.get_json(silent=True), push_allows_loopback())
        subscribe(db, current_user, new, utcnow())
    except ServiceError as exc:
        db.rollback()
        return _refused(exc.message)
    db.commit()
    return jsonify(subscribed=True, devices=subscription_count(db, current_user))


@bp.post("/reminders/push/remove")
@role_required(Role.PATIENT)
def push_unsubscribe():
    """Remove this browser's push subscription; its email reminders stay as they are."""
    db = get_db()
    data = request.get_json(silent=True)
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    try:
        removed = unsubscribe(db, current_user, endpoint)
    except ServiceError as exc:
        return _refused(exc.message)
    db.commit()
    return jsonify(removed=removed, devices=subscription_count(db, current_user))


@bp.post("/push/later/<token>")
@csrf.exempt
def push_later(token: str):
    """Send the day's push once more after the follow-up delay (once a day; no session)."""
    try:
        link = read_later_token(secret(), token, utcnow())
    except LinkError as exc:
        if exc.expired:
            return _refused(_("This reminder is more than a week old."), 410)
        return _refused(_("This link is not valid."), 404)
    db = get_db()
    try:
        queued = ask_later(db, link, now=utcnow(), mail_from=current_app.config["MAIL_FROM"])
    except NotFound as exc:
        return _refused(exc.message, 404)
    db.commit()
    return jsonify(queued=queued)
