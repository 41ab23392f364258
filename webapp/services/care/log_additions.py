"""Adding to a day's log from an email link: fill what is missing, never change what is there.

A link can be forwarded and is posted without a login, so it may only add: an amount for an
exercise that has none yet, and "all of it" for a day logged as "part of it" when the patient
chooses so. Pain, note, status otherwise and every amount already entered stay as they are.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from webapp.domain.progression import cap_amount
from webapp.models import ItemLog, Plan, PlanItem, SessionLog, SessionStatus
from webapp.services.care.logbook import MAX_AMOUNT
from webapp.services.core.errors import ServiceError
from webapp.services.plans.graded import quota


def missing_items(plan: Plan, log: SessionLog) -> list[PlanItem]:
    """The exercises asked that day whose amount the log does not have yet."""
    if log.status == SessionStatus.SKIPPED:
        return []  # a skipped day did nothing: there is no amount to add
    known = {entry.plan_item_id for entry in log.items}
    return [item for item in plan.items_on(log.local_date) if item.id not in known]


def can_add(plan: Plan, log: SessionLog) -> bool:
    """Whether a link could still add anything to this log."""
    return log.status == SessionStatus.PARTIAL or bool(missing_items(plan, log))


def add_to_log(
    session: Session,
    *,
    plan: Plan,
    log: SessionLog,
    amounts: dict[int, int],
    all_done: bool,
    now: datetime,
) -> bool:
    """Add the missing amounts and, if chosen, raise "part of it" to "all of it"; the caller
    commits. Returns whether anything changed."""
    open_items = {item.id: item for item in missing_items(plan, log)}
    if set(amounts) - set(open_items):
        raise ServiceError(_l("This amount is already logged and stays as it is."), field="amounts")
    changed = False
    for item_id, done in amounts.items():
        if not 0 <= done <= MAX_AMOUNT:
            raise ServiceError(
                _l("Enter an amount from 0 to %(n)d.", n=MAX_AMOUNT), field=f"amount_{item_id}"
            )
        asked = quota(plan, open_items[item_id], log.local_date)
        capped = False
        if asked is not None and not log.baseline:
            done, capped = cap_amount(done, asked)
        log.items.append(ItemLog(plan_item_id=item_id, amount=done, quota=asked, capped=capped))
        changed = True
    if all_done and log.status == SessionStatus.PARTIAL:
        log.status = SessionStatus.DONE  # only upwards, and only when the patient says so
        changed = True
    if changed:
        log.updated_at = now
        session.flush()
    return changed
