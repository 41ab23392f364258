"""Sending invitations and reading them back, for the invitation tests."""

import re

from sqlalchemy import func, select

from config import parse_smtp_url
from scheduler.jobs import deliver_outbox
from tests.support.client import PASSWORD, AuthActions
from webapp.models import AuditEvent
from webapp.services.workspace.invitations import invite
from webapp.wiring import mailroom

EN = {"Accept-Language": "en"}
LINK_RE = re.compile(r"https?://[^\s\"<>]+/invite/([A-Za-z0-9_-]{43})")
NEW_PERSON = {
    "name": "Noor Visser",
    "password": "a long enough password",
    "password_confirm": "a long enough password",
    "timezone": "Europe/Amsterdam",
}


def fresh(db):
    """End the test session's snapshot so it sees what the requests committed."""
    db.rollback()
    db.expire_all()
    return db


def count(db, model) -> int:
    return fresh(db).scalar(select(func.count()).select_from(model))


def send_invitation(app, db, physio, email, *, name="Invited Person", locale="en"):
    """Invite through the service (the page is tested separately); returns the raw token."""
    with app.app_context():
        invitation, token = invite(
            db,
            physio=physio,
            email=email,
            name=name,
            locale=locale,
            now=app.config["CLOCK"](),
            mailroom=mailroom(app),
        )
    db.commit()
    return invitation, token


def signed_in(app, email):
    """A separate browser, signed in through the real form."""
    browser = app.test_client()
    assert AuthActions(browser, PASSWORD).login(email).status_code == 302
    return browser


def deliver(app, smtp_server, clock):
    """One outbox pass to the test's SMTP server."""
    app.config["SMTP"] = parse_smtp_url(smtp_server.url)
    return deliver_outbox(app, clock())


def link_from(message) -> str:
    """The invitation link, which must be the same in the text and the HTML part."""
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    in_text = LINK_RE.search(text)
    in_html = LINK_RE.search(html)
    assert in_text and in_html
    assert in_text.group(0) == in_html.group(0)
    assert f'href="{in_text.group(0)}"' in html
    return in_text.group(0)


def path_of(link: str) -> str:
    return "/invite/" + LINK_RE.search(link).group(1)


def audit_actions(db, subject_id):
    return [
        e.action
        for e in fresh(db).scalars(
            select(AuditEvent).where(AuditEvent.subject_id == subject_id).order_by(AuditEvent.id)
        )
    ]
