"""Signing up: the answer is the same whether or not the address already has an account.

A new address gets an account with a password nobody knows and an email with a link to
choose one, so only the owner of the mailbox can use it. An address that already has an
account gets an email saying so instead: the page never tells who is a patient here.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from webapp.models import Role
from webapp.services.accounts.passwords import issue_link
from webapp.services.accounts.users import check_profile, create_user, find_user, normalise_email
from webapp.services.mail.render import Mailroom

# Long enough to open the email the next day, short enough that a forgotten one goes stale.
REGISTRATION_VALIDITY = timedelta(days=2)


def sign_up(
    session: Session,
    *,
    email: str,
    name: str,
    locale: str,
    timezone: str,
    now: datetime,
    mailroom: Mailroom,
    hasher: PasswordHasher,
) -> None:
    """Make a patient account and email its link, or tell an existing owner. The caller commits.

    Bad input is refused (ServiceError) before the address is looked up, so the refusals are
    the same for everyone. Both ways hash a random password, so both take the same time.
    """
    address = normalise_email(email)
    name = check_profile(name, locale, timezone)
    existing = find_user(session, address)
    if existing is not None:
        hasher.hash(secrets.token_urlsafe(32))
        mailroom.queue(
            session,
            key=f"account_exists:{existing.id}:{now.isoformat()}",
            kind="account_exists",
            user_id=existing.id,
            template="account_exists",
            recipient=existing,
            subject=_l("You already have a Rugcoach account"),
            now=now,
            login_url=mailroom.links.login(),
            forgot_url=mailroom.links.forgot_password(),
        )
        return
    user = create_user(
        session,
        email=address,
        name=name,
        password=secrets.token_urlsafe(32),
        role=Role.PATIENT,
        locale=locale,
        timezone=timezone,
        now=now,
        hasher=hasher,
    )
    # Asked the red-flag questions before the first exercise.
    user.safety_check_due = True
    link, token = issue_link(session, user, now=now, validity=REGISTRATION_VALIDITY)
    mailroom.queue(
        session,
        key=f"registration:{user.id}:{link.id}",
        kind="registration",
        user_id=user.id,
        template="registration",
        recipient=user,
        subject=_l("Welcome to Rugcoach: choose your password"),
        now=now,
        not_after=link.expires_at,
        link_url=mailroom.links.password_link(token),
        valid_days=REGISTRATION_VALIDITY.days,
    )
