"""Signing up as a patient through the real form and the link in the email."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.support.client import post_form
from webapp.models import OutboxEmail

LINK_RE = re.compile(r"https?://[^\s\"<>]+(/password/reset/[A-Za-z0-9_-]{43})")
REGISTRATION = {
    "name": "Piet Bakker",
    "email": "Piet@Example.org",
    "locale": "en",
    "timezone": "Europe/Amsterdam",
}


def emails_to(db, address: str) -> list[OutboxEmail]:
    """The emails queued for an address, oldest first."""
    db.expire_all()
    return list(
        db.scalars(
            select(OutboxEmail).where(OutboxEmail.to_address == address).order_by(OutboxEmail.id)
        )
    )


def sign_up(client, db, password: str = "a long enough password", **fields):
    """Fill in the sign-up form, follow the emailed link and choose a password."""
    data = dict(REGISTRATION, **fields)
    response = post_form(client, "/register", data)
    assert response.status_code == 200, response.status_code
    email = emails_to(db, data["email"].lower())[-1]
    path = LINK_RE.search(email.text_body).group(1)
    return post_form(client, path, {"password": password, "password_confirm": password})
