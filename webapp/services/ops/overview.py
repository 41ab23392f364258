"""Counts an admin needs to see that the practice's installation is healthy."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from webapp.models import OutboxEmail, OutboxStatus, Role, User


@dataclass(frozen=True)
class Overview:
    """Accounts per role and emails per outbox status."""

    accounts: dict[Role, int]
    outbox: dict[OutboxStatus, int]


def practice_overview(session: Session) -> Overview:
    """Count accounts by role and outbox emails by status."""
    accounts = dict.fromkeys(Role, 0)
    for role, count in session.execute(select(User.role, func.count()).group_by(User.role)):
        accounts[role] = count
    outbox = dict.fromkeys(OutboxStatus, 0)
    for status, count in session.execute(
        select(OutboxEmail.status, func.count()).group_by(OutboxEmail.status)
    ):
        outbox[status] = count
    return Overview(accounts=accounts, outbox=outbox)
