"""A flare-up step back as the physio hears of it: the limit, the flag and the email.

``graded.declare_flare`` steps the week back; here a patient may do that at most once in
3 weeks unless their physio agreed to another (a "flare_agreed" plan change), and every
step back flags the patient on the physio's dashboard and emails the physio.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.domain.progression import flare_within_limit
from webapp.models import Plan, PlanChange, PlanStatus, User
from webapp.services.core.errors import ServiceError
from webapp.services.core.flags import raise_flag
from webapp.services.mail.render import Mailroom
from webapp.services.plans import graded
from webapp.services.plans.plan_admin import check_physio, clean_note
from webapp.services.plans.plan_changes import record_change

FLARE_FLAG = "flare_declared"


def last_flare(plan: Plan) -> datetime | None:
    """When the patient last stepped back for a flare-up in this plan."""
    return max((w.flare_declared_at for w in plan.weeks if w.flare_declared_at), default=None)


def _agreed_since(session: Session, plan: Plan, since: datetime | None) -> bool:
    """True when the physio agreed to another step back after the last one."""
    if since is None:
        return False
    found = session.scalar(
        select(PlanChange.id).where(
            PlanChange.plan_id == plan.id,
            PlanChange.kind == "flare_agreed",
            PlanChange.created_at > since,
        )
    )
    return found is not None


def may_step_back(session: Session, plan: Plan, now: datetime) -> bool:
    """Whether the 3-week limit allows a step back now."""
    last = last_flare(plan)
    return flare_within_limit(last, now, _agreed_since(session, plan, last))


def declare(session: Session, plan: Plan, today: date, now: datetime, mailroom: Mailroom) -> None:
    """Step this week back for a flare-up within the limit, and tell the physio."""
    if not may_step_back(session, plan, now):
        raise ServiceError(
            _l(
                "You stepped back less than 3 weeks ago. Please talk to your physiotherapist: "
                "they can agree to another step back."
            )
        )
    graded.declare_flare(session, plan, today, now)
    raise_flag(session, patient_id=plan.patient_id, kind=FLARE_FLAG, now=now, plan_id=plan.id)
    physio = session.get(User, plan.patient.physio_id) if plan.patient.physio_id else None
    if physio is not None:
        week = graded.week_index(plan, today)
        mailroom.queue(
            session,
            key=f"flare:{plan.id}:{week}",
            kind="safety",
            user_id=physio.id,
            template="flare_declared",
            recipient=physio,
            subject=_l("A patient stepped back a week"),
            now=now,
            patient_url=mailroom.links.physio_patient(plan.patient_id, section="plan"),
        )
    session.flush()


def agree(
    session: Session, *, physio: User, plan: Plan, note: str, now: datetime, ip: str = ""
) -> PlanChange:
    """The physio agrees that the patient may step back again within 3 weeks."""
    check_physio(physio, plan.patient)
    note = clean_note(note)
    if plan.status != PlanStatus.ACTIVE or plan.ramp_start is None:
        raise ServiceError(_l("Only a running build-up can step back."))
    if may_step_back(session, plan, now):
        raise ServiceError(_l("The patient may already step back once without your agreement."))
    return record_change(session, plan, physio, "flare_agreed", now, note, ip)
