"""The patient's link to their physiotherapist: who, since when, what they see; end it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.forms import attach_error
from webapp.models import Role
from webapp.patient import bp
from webapp.security import role_required
from webapp.services.core.errors import ServiceError
from webapp.services.workspace import physio_link


class EndLinkForm(FlaskForm):
    """Ending the link needs a ticked box, so one stray tap cannot do it."""

    confirm = BooleanField(
        _l("Yes, end the link. My physiotherapist can then no longer see my data."),
        validators=[DataRequired(message=_l("Tick the box to confirm."))],
    )


@bp.get("/my-physio")
@role_required(Role.PATIENT)
def my_physio():
    """Who the patient's physio is, since when, what they can see, and how to end the link."""
    return _page(EndLinkForm())


@bp.post("/my-physio/end")
@role_required(Role.PATIENT)
def end_physio_link():
    """End the link after the patient confirmed it; the physio loses access at once."""
    form = EndLinkForm()
    if not form.validate_on_submit():
        return _page(form, 400)
    db = get_db()
    try:
        physio = physio_link.end_link(
            db, patient=current_user, now=utcnow(), ip=request.remote_addr or ""
        )
    except ServiceError as exc:
        db.rollback()
        attach_error(form, exc, default="confirm")
        return _page(form, 409)
    db.commit()
    flash(_("The link with %(name)s has ended.", name=physio.name), "success")
    return redirect(url_for("patient.my_physio"))


def _page(form: EndLinkForm, status: int = 200):
    """Render the my-physio page."""
    link = physio_link.link_of(get_db(), current_user)
    return render_template("patient/my_physio.html", link=link, form=form), status
