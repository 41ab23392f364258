"""Blueprint registration: every area of the site is wired here."""

from __future__ import annotations

from flask import Flask


def init_views(app: Flask) -> None:
    """Register the blueprints, the URL converters and the error pages."""
    from webapp.urls import IdConverter

    # Before the blueprints: their rules are parsed with the converters known at that time.
    app.url_map.converters["id"] = IdConverter
    from webapp import (
        account,
        admin,
        auth,
        errors,
        invite,
        learn,
        library,
        main,
        patient,
        physio,
        privacy,
        reminders,
        safety,
    )

    areas = (
        main,
        auth,
        patient,
        library,
        learn,
        physio,
        admin,
        reminders,
        invite,
        account,
        privacy,
        safety,
    )
    for module in areas:
        app.register_blueprint(module.bp)
    errors.init_app(app)
