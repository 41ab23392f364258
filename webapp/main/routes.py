"""Views of the main blueprint."""

from __future__ import annotations

from flask import current_app, jsonify, redirect, render_template, request, session, url_for
from flask_login import current_user

from webapp.db import get_db
from webapp.main import bp
from webapp.models import Role
from webapp.services.ops.health import health_report
from webapp.urls import safe_next

HOME_FOR_ROLE = {
    Role.PATIENT: "patient.today",
    Role.PHYSIO: "physio.index",
    Role.ADMIN: "admin.index",
}


@bp.get("/")
def index():
    """Send a signed-in user to their home page; show visitors what Rugcoach is."""
    if current_user.is_authenticated:
        return redirect(url_for(HOME_FOR_ROLE[current_user.role]))
    return render_template("main/index.html")


@bp.post("/language")
def set_language():
    """Remember the chosen language (and store it on the account when signed in)."""
    choice = request.form.get("locale", "")
    if choice not in current_app.config["LANGUAGES"]:
        return render_template("errors/400.html", code=400), 400
    session["locale"] = choice
    if current_user.is_authenticated:
        current_user.locale = choice
        get_db().commit()
    return redirect(safe_next(request.form.get("next")) or url_for("main.index"))


@bp.get("/healthz")
def healthz():
    """Database reachability and pending outbox count, as JSON."""
    ok, report = health_report(get_db())
    return jsonify(report), 200 if ok else 503
