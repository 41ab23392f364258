"""Writing emails: rendered in the recipient's language from template pairs, then queued.

A service that sends an email is handed a ``Mailroom`` (the sender, the email templates and
the page links) by the web layer or the scheduler, and calls ``mailroom.queue``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import force_locale, get_translations
from jinja2 import Environment, pass_context
from markupsafe import Markup
from sqlalchemy.orm import Session

from webapp.services.core.links import Links
from webapp.services.mail.outbox import Rendered, enqueue


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


@dataclass(frozen=True)
class Mailroom:
    """What a service writes an email with: the sender, the email templates and page links."""

    mail_from: str
    templates: Environment
    links: Links

    def render(
        self,
        name: str,
        recipient,
        subject: object,
        headers: dict[str, str] | None = None,
        **context: object,
    ) -> Rendered:
        """Render ``email/<name>.txt`` and ``.html`` and the subject in the recipient's locale.

        ``recipient`` has ``email``, ``name`` and ``locale`` (a User, or an invitee). The
        subject is a lazy string (``lazy_gettext``); it becomes text here, under the
        recipient's locale, so it can never come out in the sender's language by accident.
        """
        with force_locale(recipient.locale):
            context = dict(context, user=recipient, locale=recipient.locale, **_translators())
            return Rendered(
                to_address=recipient.email,
                # One line, whatever a name in it holds: a line break would fail the delivery.
                subject=" ".join(str(subject).split()),
                text=self.templates.get_template(f"email/{name}.txt").render(context),
                html=self.templates.get_template(f"email/{name}.html").render(context),
                headers=dict(headers or {}),
            )

    def queue(
        self,
        session: Session,
        *,
        key: str,
        kind: str,
        user_id: int | None,
        template: str,
        recipient,
        subject: object,
        now: datetime,
        not_after: datetime | None = None,
        **context: object,
    ) -> bool:
        """Render an email and put it in the outbox unless its key is there; True when queued."""
        email = self.render(template, recipient, subject, **context)
        return enqueue(
            session,
            key=key,
            kind=kind,
            user_id=user_id,
            email=email,
            mail_from=self.mail_from,
            now=now,
            not_after=not_after,
        )
