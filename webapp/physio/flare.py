"""The physio agrees that a patient may step back again for a flare-up within 3 weeks."""

from __future__ import annotations

from flask_babel import gettext as _

from webapp.models import Role
from webapp.physio import bp
from webapp.physio.plan_edit import set_status
from webapp.security import role_required
from webapp.services.plans import flares


@bp.post("/plans/<id:plan_id>/agree-flare")
@role_required(Role.PHYSIO)
def agree_flare(plan_id: int):
    """Allow one more flare-up step back; the patient sees the note."""
    done = _("The patient may step back one more week.")
    return set_status(plan_id, flares.agree, done, back_to_plan=True)
