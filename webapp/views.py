"""Blueprint registration: every area of the site is wired here.

A blueprint package holds only its ``bp``; the modules beside it attach their views to it
when they are imported. They are imported here, before the blueprints are registered, and
never by their own package, so no package imports its views back (no import cycle).
"""

from __future__ import annotations

from flask import Flask


def init_views(app: Flask) -> None:
    """Register the blueprints, the URL converters and the error pages."""
    from webapp.urls import IdConverter

    # Before the blueprints: their rules are parsed with the converters known at that time.
    app.url_map.converters["id"] = IdConverter

    # Importing a view module is what attaches its views to its package's bp.
    import webapp.account.access_log
    import webapp.account.routes
    import webapp.account.sessions
    import webapp.account.two_factor
    import webapp.admin.audit
    import webapp.admin.outbox
    import webapp.admin.routes
    import webapp.admin.users
    import webapp.auth.reset
    import webapp.auth.routes
    import webapp.auth.two_factor
    import webapp.errors
    import webapp.invite.routes
    import webapp.learn.routes
    import webapp.library.routes
    import webapp.main.app_shell
    import webapp.main.routes
    import webapp.patient.functioning
    import webapp.patient.intake
    import webapp.patient.ldf
    import webapp.patient.messages
    import webapp.patient.my_physio
    import webapp.patient.plan_setup
    import webapp.patient.progress
    import webapp.patient.routes
    import webapp.patient.session
    import webapp.patient.summary
    import webapp.physio.episodes
    import webapp.physio.export
    import webapp.physio.flare
    import webapp.physio.gp_referral
    import webapp.physio.invitations
    import webapp.physio.measures
    import webapp.physio.messages
    import webapp.physio.plan_change
    import webapp.physio.plan_edit
    import webapp.physio.plans
    import webapp.physio.routes
    import webapp.physio.video_library
    import webapp.physio.videos
    import webapp.privacy.routes
    import webapp.reminders.push_routes
    import webapp.reminders.routes
    import webapp.safety.gate
    import webapp.safety.physio
    import webapp.safety.routes
    import webapp.safety.urgent

    areas = (
        webapp.main,
        webapp.auth,
        webapp.patient,
        webapp.library,
        webapp.learn,
        webapp.physio,
        webapp.admin,
        webapp.reminders,
        webapp.invite,
        webapp.account,
        webapp.privacy,
        webapp.safety,
    )
    for area in areas:
        app.register_blueprint(area.bp)
    webapp.errors.init_app(app)
