"""The installable app: the web app manifest and the service worker, both at the site root."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

from flask import Response, current_app, jsonify, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.i18n import select_locale
from webapp.main import bp

THEME_COLOUR = "#0b5d56"  # the brand colour of app.css and the favicon
BACKGROUND_COLOUR = "#f4f6f5"
ICONS = (
    ("icons/icon-192.png", "192x192", "any"),
    ("icons/icon-512.png", "512x512", "any"),
    ("icons/icon-maskable-192.png", "192x192", "maskable"),
    ("icons/icon-maskable-512.png", "512x512", "maskable"),
)


# Every page for a signed-in user names, in this header, whose copy the phone may keep.
USER_HEADER = "X-Rugcoach-User"


def user_key() -> str:
    """A stable name for the signed-in account's offline copies, empty when signed out.

    Derived from the secret key, so it tells nobody the account's number; the service
    worker keeps each account's pages apart under it.
    """
    if not current_user.is_authenticated:
        return ""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"offline-copies:{current_user.id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:24]


@bp.app_context_processor
def offline_context() -> dict:
    """The account's key and the words the app script shows, for the script tag in base.html."""
    return {"offline_user_key": user_key, "app_script_strings": app_script_strings}


def app_script_strings() -> dict:
    """The sentences app.js shows, translated here: the script holds no words."""
    return {
        "queued": _("Saved on this phone. It will be sent when you are online again."),
        "sent": _("Your log from this phone has been sent."),
        "refused": _("A log saved on this phone could not be sent. Please fill it in again."),
        "videosSaving": _("Saving the videos…"),
        "videosSaved": _("The videos are saved on this phone. They play without internet."),
        "videosFailed": _("Not all videos could be saved. Try again with a connection."),
    }


@bp.after_app_request
def name_the_account(response: Response) -> Response:
    """Mark a signed-in user's pages, so the service worker keeps them for that account only."""
    key = user_key() if response.mimetype == "text/html" else ""
    if key:
        response.headers[USER_HEADER] = key
    return response


@bp.get("/offline")
def offline():
    """What the app shows without a connection when it has no copy of the page asked for."""
    return render_template("main/offline.html")


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest, its words in the visitor's language."""
    body = {
        "id": "/today",
        "name": _("Rugcoach - exercises for your back"),
        "short_name": "Rugcoach",
        "description": _("Your exercise plan, reminders and log from your physiotherapist."),
        "lang": select_locale(),
        "start_url": "/today",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            {
                "src": url_for("static", filename=path),
                "sizes": sizes,
                "type": "image/png",
                "purpose": purpose,
            }
            for path, sizes, purpose in ICONS
        ],
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    # The words follow the language cookie, so no shared cache may keep one language.
    response.headers["Cache-Control"] = "no-cache"
    response.vary.add("Cookie")
    return response


@bp.get("/sw.js")
def service_worker():
    """The service worker, served from the root so it may control every page."""
    # A few kilobytes, read whole: no open file is left for the server to close.
    source = Path(current_app.static_folder, "sw.js").read_bytes()
    response = Response(source, mimetype="text/javascript")
    # A new version must reach phones at once: the browser checks again on every visit.
    response.headers["Cache-Control"] = "no-cache"
    return response
