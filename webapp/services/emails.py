"""Rendering emails in the recipient's language from template pairs in templates/email/."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale

from webapp.models import User
from webapp.services.outbox import Rendered


def render_email(
    name: str, user: User, subject: object, headers: dict[str, str] | None = None, **context: object
) -> Rendered:
    """Render ``email/<name>.txt`` and ``.html`` and the subject in the user's locale.

    ``subject`` is a lazy string (``lazy_gettext``); it is turned into text here, under the
    user's locale, so it can never come out in the sender's language by accident.
    """
    with force_locale(user.locale):
        context = dict(context, user=user, locale=user.locale)
        return Rendered(
            to_address=user.email,
            subject=str(subject),
            text=render_template(f"email/{name}.txt", **context),
            html=render_template(f"email/{name}.html", **context),
            headers=dict(headers or {}),
        )
