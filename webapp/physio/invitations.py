"""The physio's invitations: invite a patient by email, follow and withdraw invitations."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.forms import attach_error
from webapp.models import Role
from webapp.physio import bp
from webapp.security import role_required
from webapp.services.core.errors import NotFound, ServiceError
from webapp.services.workspace import invitations
from webapp.wiring import mailroom

# The invitation's own choice list; the service refuses anything else, also when forged.
LANGUAGE_CHOICES = [SelectChoice("nl", "Nederlands"), SelectChoice("en", "English")]


class InviteForm(FlaskForm):
    """Who to invite: email address, name and the language of the email and pages."""

    email = EmailField(_l("Patient's email address"), validators=[DataRequired(), Length(max=254)])
    name = StringField(_l("Patient's name"), validators=[DataRequired(), Length(max=120)])
    locale = SelectField(
        _l("Language of the email"),
        choices=LANGUAGE_CHOICES,
        default="nl",
        validate_choice=False,
    )


@bp.route("/invite", methods=["GET", "POST"])
@role_required(Role.PHYSIO)
def invite():
    """The invite form and the physio's invitations; a valid POST queues the email."""
    form = InviteForm()
    if request.method == "GET":
        return _page(form)
    if not form.validate_on_submit():
        return _page(form, 400)
    db = get_db()
    try:
        invitation, _token = invitations.invite(
            db,
            physio=current_user,
            email=form.email.data,
            name=form.name.data,
            locale=form.locale.data,
            now=utcnow(),
            mailroom=mailroom(),
            ip=request.remote_addr or "",
        )
    except ServiceError as exc:
        db.rollback()
        attach_error(form, exc, default="email")
        return _page(form, 400)
    db.commit()
    # Queued, not yet delivered: the list below shows when it went out or failed.
    flash(_("The invitation to %(email)s goes out by email.", email=invitation.email), "success")
    return redirect(url_for("physio.invite"))


@bp.post("/invitations/<id:invitation_id>/revoke")
@role_required(Role.PHYSIO)
def revoke_invitation(invitation_id: int):
    """Withdraw one of the physio's own invitations; anyone else's is not found."""
    db = get_db()
    try:
        invitation = invitations.revoke(
            db, physio=current_user, invitation_id=invitation_id, now=utcnow()
        )
    except NotFound:
        abort(404)
    except ServiceError as exc:
        db.rollback()
        flash(exc.message, "error")
        return _page(InviteForm(formdata=None), 409)
    db.commit()
    flash(_("The invitation to %(email)s was withdrawn.", email=invitation.email), "success")
    return redirect(url_for("physio.invite"))


def _page(form: InviteForm, status: int = 200):
    """Render the invite page with the physio's invitations and their state."""
    now = utcnow()
    found = list(invitations.pending_for(get_db(), current_user))
    rows = [(invitation, invitations.state_of(invitation, now)) for invitation in found]
    emails = invitations.email_states(get_db(), found)
    return render_template("physio/invite.html", form=form, rows=rows, emails=emails), status
