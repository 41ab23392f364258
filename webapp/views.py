"""Blueprint registration: every area of the site is wired here."""

from __future__ import annotations

from flask import Flask


def init_views(app: Flask) -> None:
    """Register the blueprints and the error pages."""
    from webapp import admin, auth, errors, library, main, patient, physio

    for module in (main, auth, patient, library, physio, admin):
        app.register_blueprint(module.bp)
    errors.init_app(app)
