"""The physio agrees that a patient may step back again for a flare-up within 3 weeks."""

from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from webapp.clock import utcnow
from webapp.db import get_db
from webapp.forms import attach_error
from webapp.models import Role
from webapp.physio import bp
from webapp.physio.access import own
from webapp.physio.plan_edit import edit_page
from webapp.physio.plan_forms import StatusForm
from webapp.security import role_required
from webapp.services.core.access import plan_for
from webapp.services.core.errors import ServiceError
from webapp.services.plans import flares


@bp.post("/plans/<id:plan_id>/agree-flare")
@role_required(Role.PHYSIO)
def agree_flare(plan_id: int):
    """Allow one more flare-up step back; the patient sees the note."""
    plan, db, form = own(plan_for, plan_id), get_db(), StatusForm()
    if not form.validate_on_submit():
        return edit_page(plan, status_form=form, status=400)
    try:
        flares.agree(
            db,
            physio=current_user,
            plan=plan,
            note=form.note.data,
            now=utcnow(),
            ip=request.remote_addr or "",
        )
    except ServiceError as exc:
        db.rollback()
        general: list = []
        attach_error(form, exc, general=general)
        return edit_page(plan, status_form=form, general=general, status=400)
    db.commit()
    flash(_("The patient may step back one more week."), "success")
    return redirect(url_for("physio.edit_plan", plan_id=plan.id))
