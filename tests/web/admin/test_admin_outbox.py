"""The admin's outbox: the list by status, one email as sent, its sandboxed HTML, sending again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from config import parse_smtp_url
from scheduler.jobs import deliver_outbox, plan_reminders
from tests.support.client import csrf_token, post_form
from webapp.models import AuditEvent, OutboxEmail, OutboxStatus
from webapp.services.mail.outbox import Rendered, enqueue
from webapp.services.mail.outbox_admin import PER_PAGE

MAIL_FROM = "Rugcoach <noreply@rugcoach.example>"


def fresh(db):
    """End the test session's snapshot so it sees what the requests committed."""
    db.rollback()
    db.expire_all()
    return db


def audit_rows(db, action):
    """The audit rows of one action, oldest first."""
    return (
        fresh(db)
        .scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id))
        .all()
    )


@pytest.fixture
def signed_in_admin(client, auth, db, admin):
    """The admin, reading English in Amsterdam, signed in."""
    admin.locale = "en"
    db.commit()
    auth.login("admin@example.org")
    return admin


@pytest.fixture
def queue(app, db, clock):
    """Put an email in the outbox with a status; returns its id."""

    def add(key, status=OutboxStatus.PENDING, *, user=None, kind="daily", **fields):
        email = Rendered(
            to_address=user.email if user else "someone@example.org",
            subject=fields.pop("subject", f"Subject {key}"),
            text=fields.pop("text", "Hello, this is the text part."),
            html=fields.pop("html", "<p>Hello, this is the <b>HTML</b> part.</p>"),
            headers=fields.pop("headers", {"List-Unsubscribe": "<https://rc.example/u/x>"}),
        )
        with app.app_context():
            enqueue(
                db,
                key=key,
                kind=kind,
                user_id=user.id if user else None,
                email=email,
                mail_from=MAIL_FROM,
                now=clock(),
            )
        db.commit()
        row = db.scalar(select(OutboxEmail).where(OutboxEmail.idempotency_key == key))
        db.execute(
            update(OutboxEmail).where(OutboxEmail.id == row.id).values(status=status, **fields)
        )
        db.commit()
        return row.id

    return add


@pytest.mark.parametrize("path", ["/admin/outbox", "/admin/outbox/1"])
def test_only_admins_see_the_outbox(client, auth, patient, physio, queue, path):
    queue("daily:1", user=patient)
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    for email in ("patient@example.org", "physio@example.org"):
        auth.login(email)
        assert client.get(path).status_code == 403
        auth.logout()


def test_only_admins_send_an_email_again(client, auth, db, physio, queue):
    message_id = queue("daily:1", OutboxStatus.FAILED)
    assert client.post(f"/admin/outbox/{message_id}/retry").status_code in (302, 400)
    auth.login("physio@example.org")
    token = csrf_token(client, "/account")
    response = client.post(f"/admin/outbox/{message_id}/retry", data={"csrf_token": token})
    assert response.status_code == 403
    assert fresh(db).get(OutboxEmail, message_id).status == OutboxStatus.FAILED


def test_the_list_filters_by_status(client, db, signed_in_admin, patient, queue):
    queue("daily:a", OutboxStatus.SENT, user=patient, kind="daily", attempts=1)
    queue(
        "weekly:b",
        OutboxStatus.FAILED,
        user=patient,
        kind="weekly",
        attempts=5,
        last_error="550 5.1.1 mailbox unavailable",
    )
    queue("daily:c", OutboxStatus.EXPIRED, user=patient)
    queue("invite:d", OutboxStatus.PENDING, kind="invitation")

    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "4 emails" in page
    assert "550 5.1.1 mailbox unavailable" in page
    assert "patient@example.org" in page  # the recipient is a delivery fact, shown in the list

    failed = client.get("/admin/outbox?status=failed").get_data(as_text=True)
    assert "1 email" in failed and "Weekly summary" in failed and "Invitation<" not in failed
    assert "mailbox unavailable" in failed
    pending = client.get("/admin/outbox?status=pending").get_data(as_text=True)
    assert "<td>Invitation</td>" in pending and "mailbox unavailable" not in pending
    assert [e.detail for e in audit_rows(db, "view_outbox")][-1] == "status=pending, page=1"


def test_times_are_in_the_admins_zone(client, db, signed_in_admin, queue, clock):
    queue("daily:a", OutboxStatus.SENT, sent_at=clock() + timedelta(minutes=3))
    page = client.get("/admin/outbox").get_data(as_text=True)
    # 06:00 and 06:03 UTC are 07:00 and 07:03 in Amsterdam.
    assert "7:00" in page and "7:03" in page and "6:00" not in page


def test_the_list_pages_by_fifty(client, signed_in_admin, queue):
    for n in range(PER_PAGE + 1):
        queue(f"daily:{n}")
    first = client.get("/admin/outbox").get_data(as_text=True)
    assert "Page 1 of 2" in first and "/admin/outbox?page=2" in first
    second = client.get("/admin/outbox?page=2")
    assert second.status_code == 200 and "Page 2 of 2" in second.get_data(as_text=True)
    assert client.get("/admin/outbox?page=3").status_code == 404


@pytest.mark.parametrize(
    "query, status",
    [
        ("status=bounced", 400),
        ("page=abc", 400),
        ("page=0", 400),
        ("page=-1", 400),
        ("page=99999999999999999999", 400),
        ("page=%C2%B2", 400),
        ("page=2", 404),
    ],
)
def test_bad_filters_answer_4xx(client, signed_in_admin, queue, query, status):
    queue("daily:a")
    assert client.get(f"/admin/outbox?{query}").status_code == status


def test_the_message_page_shows_delivery_facts_not_content_and_is_audited(
    app, client, db, signed_in_admin, patient, plan, clock
):
    assert plan_reminders(app, clock() + timedelta(hours=1)) == 1
    row = fresh(db).scalar(select(OutboxEmail))
    page = client.get(f"/admin/outbox/{row.id}").get_data(as_text=True)
    assert row.subject in page and "Daily reminder" in page and "<code>daily</code>" not in page
    for header in ("From", "To", "Message-ID"):
        assert f"<dt>{header}</dt>" in page
    assert "patient@example.org" in page
    assert row.message_id.replace("<", "&lt;").replace(">", "&gt;") in page
    # No content and no live links: no plan, no amounts, no log or unsubscribe tokens.
    assert "/unsubscribe/" not in page and "/log/" not in page
    assert "Wandelen" not in page and "<iframe" not in page
    assert "The content of an email is not shown here" in page
    assert client.get(f"/admin/outbox/{row.id}/html").status_code == 404
    views = audit_rows(db, "view_outbox_message")
    assert len(views) == 1 and views[0].subject_id == patient.id
    assert views[0].actor_id == signed_in_admin.id


def test_the_list_shows_recipient_subject_and_kind_in_words(
    app, client, db, signed_in_admin, patient, plan, clock
):
    assert plan_reminders(app, clock() + timedelta(hours=1)) == 1
    row = fresh(db).scalar(select(OutboxEmail))
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert '<th scope="col">Recipient</th>' in page and '<th scope="col">Subject</th>' in page
    assert "patient@example.org" in page and row.subject in page
    assert "Daily reminder" in page and "<code>daily</code>" not in page
    assert "/log/" not in page


def test_an_unknown_email_is_404(client, signed_in_admin):
    assert client.get("/admin/outbox/999").status_code == 404
    token = csrf_token(client, "/admin/outbox")
    assert client.post("/admin/outbox/999/retry", data={"csrf_token": token}).status_code == 404


def test_a_failed_email_is_sent_again(
    app, client, db, signed_in_admin, patient, queue, clock, smtp_server
):
    message_id = queue(
        "weekly:a",
        OutboxStatus.FAILED,
        user=patient,
        kind="weekly",
        attempts=5,
        last_error="421 try later",
    )
    path = f"/admin/outbox/{message_id}"
    assert "Send again" in client.get(path).get_data(as_text=True)
    assert client.post(f"{path}/retry").status_code == 400  # no CSRF token
    assert fresh(db).get(OutboxEmail, message_id).status == OutboxStatus.FAILED

    response = post_form(client, f"{path}/retry", {}, page=path, follow_redirects=True)
    assert response.status_code == 200
    assert "The email is waiting to be sent again." in response.get_data(as_text=True)
    row = fresh(db).get(OutboxEmail, message_id)
    assert (row.status, row.attempts, row.next_attempt_at) == (OutboxStatus.PENDING, 0, clock())
    assert audit_rows(db, "retry_outbox_message")[0].subject_id == patient.id

    app.config["SMTP"] = parse_smtp_url(f"smtp://127.0.0.1:{smtp_server.port}")
    assert deliver_outbox(app, clock()).sent == 1
    assert fresh(db).get(OutboxEmail, message_id).status == OutboxStatus.SENT
    # Only a failed email goes back: a second click changes nothing.
    again = post_form(client, f"{path}/retry", {}, page="/admin/outbox")
    assert again.status_code == 409
    assert "Only an email that failed can be sent again." in again.get_data(as_text=True)
    assert fresh(db).get(OutboxEmail, message_id).status == OutboxStatus.SENT


def test_an_email_past_its_deadline_is_not_sent_again(client, db, signed_in_admin, queue, clock):
    message_id = queue("daily:a", OutboxStatus.FAILED, not_after=clock() - timedelta(hours=1))
    response = post_form(client, f"/admin/outbox/{message_id}/retry", {}, page="/admin/outbox")
    assert response.status_code == 409
    assert fresh(db).get(OutboxEmail, message_id).status == OutboxStatus.FAILED
