"""Setting two-step login (TOTP) up and switching it off, for physios and admins.

While the practice requires two-step login, a physio or admin without it reaches only these
pages (and logging out) until it is set up.
"""

from __future__ import annotations

import segno
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from webapp import throttle
from webapp.account import bp
from webapp.account.forms import ConfirmCodeForm, DisableForm, StartForm
from webapp.account.routes import _render_settings
from webapp.clock import utcnow
from webapp.db import get_db
from webapp.forms import attach_error
from webapp.services.accounts import twofactor
from webapp.services.core.errors import ServiceError
from webapp.wiring import secret as signing_secret

# What a physio or admin may still open while a required two-step login is not set up.
OPEN_DURING_SETUP = {
    "account.settings",
    "account.change_password",
    "account.two_factor_setup",
    "account.start_two_factor",
    "account.enable_two_factor",
    "auth.logout",
    "main.set_language",
    "main.healthz",
    "static",
}


@bp.before_app_request
def _require_two_factor():
    """Send a physio or admin to the set-up while the practice requires two-step login."""
    if request.endpoint is None or request.endpoint in OPEN_DURING_SETUP:
        return None
    if not current_user.is_authenticated or not twofactor.may_use(current_user):
        return None
    if current_user.totp_enabled or not twofactor.is_required(get_db()):
        return None
    flash(_("This practice requires two-step login. Please set it up now."), "info")
    return redirect(url_for("account.two_factor_setup"))


def _staff_only() -> None:
    """Two-step login is offered to physios and admins only."""
    if not twofactor.may_use(current_user):
        abort(403)


def _render_setup(form: ConfirmCodeForm | None = None, status: int = 200):
    """The set-up page: the secret to add to the app and the confirmation form."""
    secret = twofactor.current_secret(current_user, key=signing_secret())
    uri = twofactor.provisioning_uri(current_user, secret) if secret else None
    return render_template(
        "account/two_factor_setup.html",
        start_form=StartForm(formdata=None),
        form=form or ConfirmCodeForm(formdata=None),
        secret=twofactor.grouped_secret(secret) if secret else None,
        uri=uri,
        # An SVG in a data: address: the CSP allows data: images, and no script is needed.
        qr_code=segno.make(uri, error="m").svg_data_uri(scale=5, border=2) if uri else None,
        required=twofactor.is_required(get_db()),
    ), status


@bp.get("/two-factor")
@login_required
def two_factor_setup():
    """Explain two-step login and show the secret once the set-up has started."""
    _staff_only()
    if current_user.totp_enabled:
        return redirect(url_for("account.settings"))
    return _render_setup()


@bp.post("/two-factor/start")
@login_required
def start_two_factor():
    """Make a new secret for the app (two-step login stays off until confirmed)."""
    _staff_only()
    form = StartForm()
    if form.validate_on_submit():
        try:
            twofactor.start_setup(current_user, key=signing_secret())
        except ServiceError as exc:
            flash(exc.message, "error")
        else:
            get_db().commit()
    return redirect(url_for("account.two_factor_setup"))


@bp.post("/two-factor")
@login_required
@throttle.failed_password_checks
def enable_two_factor():
    """Switch two-step login on with a current code; show the recovery codes once."""
    _staff_only()
    form = ConfirmCodeForm()
    if form.validate_on_submit():
        db = get_db()
        try:
            codes = twofactor.enable(
                db, current_user, form.code.data, now=utcnow(), key=signing_secret()
            )
        except ServiceError as exc:
            attach_error(form, exc, default="code")
            throttle.mark_failed()
        else:
            db.commit()
            return render_template("account/recovery_codes.html", codes=codes)
    return _render_setup(form, status=400)


@bp.post("/two-factor/disable")
@login_required
@throttle.failed_password_checks
def disable_two_factor():
    """Switch two-step login off; needs a current code."""
    _staff_only()
    form = DisableForm()
    if form.validate_on_submit():
        db = get_db()
        try:
            twofactor.disable(db, current_user, form.code.data, now=utcnow(), key=signing_secret())
        except ServiceError as exc:
            attach_error(form, exc, default="code")
            throttle.mark_failed()
        else:
            db.commit()
            flash(_("Two-step login is off."), "info")
            return redirect(url_for("account.settings"))
    return _render_settings(disable_form=form, status=400)
