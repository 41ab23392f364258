"""The patient's own GP and huisartsenpost numbers, kept so an urgent page can dial them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from webapp.domain.phone import phone_number
from webapp.models import Role, User
from webapp.services.core.errors import ServiceError


def _number(text: str | None, field: str) -> str | None:
    """A tidied phone number, None when left empty; refused when it is not a number."""
    text = (text or "").strip()
    if not text:
        return None
    number = phone_number(text)
    if number is None:
        raise ServiceError(
            _l("Enter a phone number in digits, for example 020 123 45 67."), field=field
        )
    return number


def save_numbers(
    session: Session, *, patient: User, gp_phone: str | None, out_of_hours_phone: str | None
) -> None:
    """Store both numbers (an empty one is removed); the caller commits."""
    if patient.role != Role.PATIENT:
        raise ServiceError(_l("Only patients keep their doctor's numbers here."))
    gp = _number(gp_phone, "gp_phone")
    out_of_hours = _number(out_of_hours_phone, "out_of_hours_phone")
    patient.gp_phone, patient.out_of_hours_phone = gp, out_of_hours
    session.flush()
