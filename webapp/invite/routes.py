"""Views of the invite blueprint: open the link, then register or accept."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user

from webapp import throttle
from webapp.clock import utcnow
from webapp.db import get_db
from webapp.forms import attach_error
from webapp.invite import bp
from webapp.invite.forms import InviteRegisterForm
from webapp.models import Invitation, Role, User
from webapp.security import start_session
from webapp.services.core.errors import ServiceError
from webapp.services.workspace import invitations, physio_link
from webapp.services.workspace.invitations import MESSAGES, InvitationState, InvitationUnusable
from webapp.wiring import password_hasher

bp.after_request(throttle.retry_after_header)


@bp.get("/<token>")
def show(token: str):
    """Who invites you, and the way in: register, log in to accept, or accept."""
    found = invitations.find_invitation(get_db(), token, utcnow())
    if not found.valid:
        return _unusable(found.state)
    invitation = found.invitation
    if not current_user.is_authenticated:
        # The physio chose the invitee's language; use it unless the visitor picked one.
        if "locale" not in session:
            session["locale"] = invitation.locale
            refresh()
        return _register_page(token, invitation, InviteRegisterForm(name=invitation.name))
    return _accept_page(token, invitation)


@bp.post("/<token>/accept")
@throttle.failed_tokens
def accept(token: str):
    """Link the signed-in patient to the inviting physio."""
    if not current_user.is_authenticated:
        return redirect(url_for("invite.show", token=token))
    db = get_db()
    found = invitations.find_invitation(db, token, utcnow())
    if not found.valid:
        return _unusable(found.state)
    if current_user.role != Role.PATIENT:
        return _accept_page(token, found.invitation)
    try:
        physio = invitations.accept(
            db,
            token=token,
            patient=current_user,
            now=utcnow(),
            ip=request.remote_addr or "",
            share_thread=request.form.get("share_thread") == "yes",
        )
    except InvitationUnusable as exc:
        db.rollback()
        return _unusable(exc.state)
    except ServiceError as exc:
        db.rollback()
        return _not_for_you(exc.message)
    db.commit()
    flash(_("You are now linked to %(name)s.", name=physio.name), "success")
    return redirect(url_for("patient.my_physio"))


@bp.post("/<token>/register")
@throttle.failed_tokens
def register(token: str):
    """Create the invited patient's account, link it, and sign in."""
    if current_user.is_authenticated:
        return redirect(url_for("invite.show", token=token))
    db = get_db()
    found = invitations.find_invitation(db, token, utcnow())
    if not found.valid:
        return _unusable(found.state)
    form = InviteRegisterForm()
    if not form.validate_on_submit():
        return _register_page(token, found.invitation, form, status=400)
    try:
        patient = invitations.register_from_invitation(
            db,
            token=token,
            name=form.name.data,
            password=form.password.data,
            timezone=form.timezone.data,
            now=utcnow(),
            hasher=password_hasher(),
            ip=request.remote_addr or "",
        )
    except InvitationUnusable as exc:
        db.rollback()
        return _unusable(exc.state)
    except ServiceError as exc:
        db.rollback()
        # The address comes with the invitation: its refusals show beside it, not on a field.
        about_email: list = []
        attach_error(form, exc, general=about_email)
        email_error = " ".join(str(message) for message in about_email)
        return _register_page(token, found.invitation, form, email_error=email_error, status=400)
    db.commit()
    start_session(patient)
    flash(_("Welcome to Rugcoach, %(name)s.", name=patient.name), "success")
    return redirect(url_for("main.index"))


def _register_page(
    token: str,
    invitation: Invitation,
    form: InviteRegisterForm,
    *,
    email_error: str = "",
    status: int = 200,
):
    """The page for a visitor: who invites, the register form, and a way to log in instead."""
    return render_template(
        "invite/register.html",
        token=token,
        invitation=invitation,
        physio=get_db().get(User, invitation.physio_id),
        form=form,
        email_error=email_error,
        login_url=url_for("auth.login", next=url_for("invite.show", token=token)),
    ), status


def _accept_page(token: str, invitation: Invitation):
    """The page for a signed-in user: the accept button, or why this account cannot accept."""
    if current_user.role != Role.PATIENT:
        return _not_for_you(_("You are logged in as a physiotherapist or admin."), staff=True)
    if current_user.email.lower() != invitation.email.lower():
        return _not_for_you(_("This invitation was sent to a different email address."))
    db = get_db()
    physio = db.get(User, invitation.physio_id)
    current = physio_link.link_of(db, current_user)
    return render_template(
        "invite/accept.html",
        token=token,
        physio=physio,
        current=current.physio if current is not None else None,
    )


def _not_for_you(message: str, *, staff: bool = False):
    """A signed-in account that cannot accept this invitation: say why and how to go on."""
    return render_template("invite/not_for_you.html", message=message, staff=staff), 403


def _unusable(state: InvitationState):
    """A clear page for an expired, used, withdrawn or unknown link (410, or 404 if unknown)."""
    status = 404 if state == InvitationState.UNKNOWN else 410
    if state == InvitationState.UNKNOWN and request.method == "POST":
        throttle.mark_failed()  # posting made-up tokens counts like guessing passwords
    return render_template(
        "invite/unusable.html", state=state.value, message=MESSAGES[state]
    ), status
