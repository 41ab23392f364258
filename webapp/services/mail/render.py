"""Rendering emails in the recipient's language from template pairs in templates/email/."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale, get_translations
from jinja2 import pass_context
from markupsafe import Markup

from webapp.models import User
from webapp.services.mail.outbox import Rendered


def _format(context, translated: str, variables: dict) -> str:
    """Fill in a translation as Jinja's newstyle gettext does (markup-safe in HTML)."""
    if context.eval_ctx.autoescape:
        # The catalogue is ours, trusted like the template; the variables get escaped.
        translated = Markup(translated)  # noqa: S704
    return translated % variables


def _translators() -> dict[str, object]:
    """Jinja's newstyle gettext functions bound to the current locale's catalogue.

    Flask-Babel's template globals look the catalogue up again on every call (a dozen
    context-local lookups each); these, passed in the context, shadow them for one email
    with the same semantics (``_`` resolves ``gettext`` from the context), so the scheduler
    renders thousands of emails a minute.
    """
    catalogue = get_translations()

    @pass_context
    def gettext(context, string, /, **variables):
        return _format(context, catalogue.ugettext(string), variables)

    @pass_context
    def ngettext(context, singular, plural, num, /, **variables):
        variables.setdefault("num", num)
        return _format(context, catalogue.ungettext(singular, plural, num), variables)

    @pass_context
    def pgettext(context, string_ctx, string, /, **variables):
        variables.setdefault("context", string_ctx)
        return _format(context, catalogue.upgettext(string_ctx, string), variables)

    @pass_context
    def npgettext(context, string_ctx, singular, plural, num, /, **variables):
        variables.setdefault("context", string_ctx)
        variables.setdefault("num", num)
        translated = catalogue.unpgettext(string_ctx, singular, plural, num)
        return _format(context, translated, variables)

    return {
        "_": gettext,
        "gettext": gettext,
        "ngettext": ngettext,
        "pgettext": pgettext,
        "npgettext": npgettext,
    }


def render_email(
    name: str, user: User, subject: object, headers: dict[str, str] | None = None, **context: object
) -> Rendered:
    """Render ``email/<name>.txt`` and ``.html`` and the subject in the user's locale.

    ``subject`` is a lazy string (``lazy_gettext``); it is turned into text here, under the
    user's locale, so it can never come out in the sender's language by accident.
    """
    with force_locale(user.locale):
        context = dict(context, user=user, locale=user.locale, **_translators())
        return Rendered(
            to_address=user.email,
            subject=str(subject),
            text=render_template(f"email/{name}.txt", **context),
            html=render_template(f"email/{name}.html", **context),
            headers=dict(headers or {}),
        )
