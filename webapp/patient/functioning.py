"""The measurement moments after intake: week 6, week 12 and close (NPRS, PSK and GPE)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.domain.measures import Moment
from webapp.domain.schedule import local_date
from webapp.forms import attach_error
from webapp.measure_labels import GPE_LABELS, MOMENT_LABELS
from webapp.models import Role
from webapp.patient import bp
from webapp.patient.measure_forms import MomentForm
from webapp.security import role_required
from webapp.services.core.errors import ServiceError
from webapp.services.measures.episodes import latest_episode
from webapp.services.measures.moments import due_moment, save_moment
from webapp.services.measures.psk import activities, psk_table
from webapp.services.plans.plans import user_zone


@bp.route("/functioning", methods=["GET", "POST"])
@role_required(Role.PATIENT)
def functioning_list():
    """Your scores so far, and the questions for the moment that is due now."""
    db = get_db()
    now = utcnow()
    today = local_date(now, user_zone(current_user))
    moment = due_moment(db, current_user, today)
    if moment == Moment.INTAKE:
        return redirect(url_for("patient.intake"))
    episode = latest_episode(db, current_user)
    listed = activities(db, episode)
    form = MomentForm()
    if request.method == "POST":
        if moment is None:
            flash(_("No scores are asked for now."), "info")
            return redirect(url_for("patient.functioning_list"))
        if form.validate_on_submit():
            try:
                save_moment(
                    db,
                    patient=current_user,
                    pain=form.pain.data,
                    gpe=form.gpe.data,
                    psk_scores=dict(enumerate(form.psk_scores(), start=1)),
                    today=today,
                    now=now,
                )
            except ServiceError as exc:
                db.rollback()
                attach_error(form, exc, default="pain")
            else:
                db.commit()
                flash(_("Saved. Thank you."), "success")
                return redirect(url_for("patient.today"))
    status = 400 if request.method == "POST" else 200
    return render_template(
        "patient/functioning.html",
        moment=moment,
        form=form,
        activities=listed,
        rows=psk_table(listed),
        measurements=episode.measurements if episode else [],
        moment_labels=MOMENT_LABELS,
        gpe_labels=GPE_LABELS,
    ), status
