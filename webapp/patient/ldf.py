"""The patient's choice about sharing their scores with the national database (LDF)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.models import Role
from webapp.patient import bp
from webapp.patient.measure_forms import LdfForm
from webapp.security import role_required
from webapp.services.measures.extras import ldf_choice, set_ldf_choice


@bp.route("/ldf", methods=["GET", "POST"])
@role_required(Role.PATIENT)
def ldf():
    """Say yes or no to sharing your scores with the national database; no until you choose."""
    db = get_db()
    choice = ldf_choice(db, current_user)
    if request.method == "POST":
        form = LdfForm()
        if not form.validate_on_submit():
            return render_template("measures/ldf.html", form=form, choice=choice), 400
        set_ldf_choice(db, current_user, form.share.data == "yes", utcnow())
        db.commit()
        flash(_("Your choice is saved. You can change it here at any time."), "success")
        return redirect(url_for("patient.today"))
    form = LdfForm(share="yes" if choice and choice.opted_in else "no")
    return render_template("measures/ldf.html", form=form, choice=choice)
