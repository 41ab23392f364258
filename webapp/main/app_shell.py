"""The installable app: the web app manifest and the service worker, both at the site root."""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, jsonify, url_for
from flask_babel import gettext as _

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
