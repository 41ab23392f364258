"""Invitations: a physio invites by email, the link registers or links the patient once."""

import hashlib
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support.client import PASSWORD, post_form
from tests.support.invitations import (
    EN,
    LINK_RE,
    NEW_PERSON,
    audit_actions,
    count,
    deliver,
    fresh,
    link_from,
    path_of,
    send_invitation,
    signed_in,
)
from webapp.models import AuditEvent, Invitation, OutboxEmail, Role, User
from webapp.services.core import access
from webapp.services.core.errors import NotFound
from webapp.services.workspace.invitations import InvitationState, InvitationUnusable, accept


@pytest.fixture
def english_physio(db, physio):
    physio.locale = "en"
    db.commit()
    return physio


# The whole flow over SMTP ---------------------------------------------------------------


def test_invite_email_register_and_link(app, db, client, english_physio, smtp_server, clock):
    physio_browser = signed_in(app, "physio@example.org")
    form = {"email": "Noor@Example.org", "name": "Noor Visser", "locale": "en"}
    response = post_form(physio_browser, "/physio/invite", form)
    assert response.status_code == 302
    invitation = fresh(db).scalar(select(Invitation))
    assert invitation.email == "noor@example.org"
    assert invitation.expires_at == clock() + timedelta(days=7)
    row = db.scalar(select(OutboxEmail))
    assert row.idempotency_key == f"invite:{invitation.id}" and row.kind == "invitation"
    page = physio_browser.get("/physio/invite").get_data(as_text=True)
    assert "goes out by email" in page and "waiting to go out" in page

    assert deliver(app, smtp_server, clock).sent == 1
    message = smtp_server.messages[0]
    assert message["To"] == "noor@example.org"
    assert message["Subject"] == "Fysio Jansen invites you to Rugcoach"
    text = message.get_body(("plain",)).get_content()
    assert "Hello Noor Visser" in text and "works once and for 7 days" in text
    assert "ignore it" in text
    link = link_from(message)
    token = LINK_RE.search(link).group(1)
    # Once sent, the outbox keeps no copy of the link.
    sent = fresh(db).get(OutboxEmail, row.id)
    assert sent.status == "sent" and sent.text_body == sent.html_body == ""
    assert token not in sent.headers
    # Only the hash is kept on the invitation; the token has 256 bits.
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in invitation.token_hash

    page = client.get(path_of(link))
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    assert "Fysio Jansen invites you to Rugcoach" in body
    assert 'value="noor@example.org" readonly' in body
    assert f'href="/login?next=/invite/{token}"' in body  # the log-in link comes back here

    registered = post_form(client, path_of(link) + "/register", NEW_PERSON, page=path_of(link))
    assert registered.status_code == 302
    patient = fresh(db).scalar(select(User).where(User.email == "noor@example.org"))
    assert patient.role == Role.PATIENT and patient.locale == "en"
    assert patient.physio_id == english_physio.id
    used = db.get(Invitation, invitation.id)
    assert used.used_at == clock() and used.used_by_id == patient.id
    assert audit_actions(db, patient.id) == ["physio.linked"]
    mine = client.get("/my-physio")
    assert mine.status_code == 200 and "Your physiotherapist is Fysio Jansen" in mine.get_data(
        as_text=True
    )
    assert access.patient_for(db, english_physio, patient.id) == patient

    again = app.test_client().get(path_of(link), headers=EN)
    assert again.status_code == 410
    assert "already been used" in again.get_data(as_text=True)


def test_dutch_invitation_is_rendered_in_dutch_layout(app, db, physio, smtp_server, clock):
    send_invitation(app, db, physio, "jan@example.org", name="Jan <b>&</b>", locale="nl")
    deliver(app, smtp_server, clock)
    message = smtp_server.messages[0]
    html = message.get_body(("html",)).get_content()
    assert '<html lang="nl">' in html
    assert "Jan &lt;b&gt;&amp;&lt;/b&gt;" in html  # names are escaped in the HTML part
    link_from(message)


def test_existing_patient_logs_in_from_the_link_and_accepts(app, db, client, physio, make_user):
    anna = make_user("anna@example.org", name="Anna Smit", locale="en")
    _, token = send_invitation(app, db, physio, "ANNA@example.org")
    login_url = re.search(r'href="(/login\?next=[^"]+)"', client.get(f"/invite/{token}").text)
    credentials = {"email": "anna@example.org", "password": PASSWORD}
    logged_in = post_form(client, login_url.group(1), credentials, page="/login")
    assert logged_in.location == f"/invite/{token}"
    page = client.get(f"/invite/{token}")
    assert page.status_code == 200
    assert "Accept the invitation" in page.get_data(as_text=True)
    response = post_form(client, f"/invite/{token}/accept", {}, page=f"/invite/{token}")
    assert response.status_code == 302 and response.location.endswith("/my-physio")
    assert fresh(db).get(User, anna.id).physio_id == physio.id
    assert audit_actions(db, anna.id) == ["invitation.sent", "physio.linked"]
    assert client.get(f"/invite/{token}").status_code == 410


def test_accepting_replaces_the_current_physio_and_says_so(
    app, db, client, auth, patient, physio, other_physio
):
    patient.locale = "en"
    db.commit()
    _, token = send_invitation(app, db, other_physio, patient.email)
    auth.login(patient.email)
    body = client.get(f"/invite/{token}").get_data(as_text=True)
    assert "At the moment you are linked to Fysio Jansen" in body
    assert "Fysio Jansen can no longer see your data" in body
    post_form(client, f"/invite/{token}/accept", {}, page=f"/invite/{token}")
    assert fresh(db).get(User, patient.id).physio_id == other_physio.id
    assert audit_actions(db, patient.id) == ["invitation.sent", "physio.unlinked", "physio.linked"]
    with pytest.raises(NotFound):
        access.patient_for(db, physio, patient.id)
    assert access.patient_for(db, other_physio, patient.id).id == patient.id


def test_a_token_links_only_once_even_when_used_twice(app, db, physio, make_user, clock):
    anna = make_user("anna@example.org")
    _, token = send_invitation(app, db, physio, "anna@example.org")
    with app.app_context():
        accept(db, token=token, patient=anna, now=clock())
        with pytest.raises(InvitationUnusable) as raised:
            accept(db, token=token, patient=anna, now=clock())
    assert raised.value.state == InvitationState.USED


# Links that no longer work -------------------------------------------------------------


def _break(kind, app, db, physio, clock, token):
    """Make the invitation's link unusable in one of the ways a real link can be."""
    if kind == "expired":
        clock.advance(days=7, minutes=1)
    elif kind == "used":
        with app.app_context():
            accept(
                db,
                token=token,
                patient=db.scalar(select(User).where(User.name == "Kim")),
                now=clock(),
            )
        db.commit()
    elif kind == "revoked":
        invitation = db.scalar(select(Invitation))
        response = post_form(
            signed_in(app, physio.email),
            f"/physio/invitations/{invitation.id}/revoke",
            {},
            page="/physio/invite",
        )
        assert response.status_code == 302
    elif kind == "tampered":
        token = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    elif kind == "unknown":
        token = "x" * 43
    elif kind == "garbage":
        token = "not-a-token%00" + "y" * 300
    return token


@pytest.mark.parametrize(
    ("kind", "status", "text"),
    [
        ("expired", 410, "has expired"),
        ("used", 410, "already been used"),
        ("revoked", 410, "was withdrawn"),
        ("tampered", 404, "is not valid"),
        ("unknown", 404, "is not valid"),
        ("garbage", 404, "is not valid"),
    ],
)
def test_unusable_links_get_a_clear_page_and_change_nothing(
    app, db, client, physio, make_user, clock, kind, status, text
):
    make_user("kim@example.org", name="Kim", locale="en")
    _, token = send_invitation(app, db, physio, "kim@example.org")
    token = _break(kind, app, db, physio, clock, token)
    before = (count(db, User), count(db, AuditEvent), db.scalar(select(Invitation)).used_at)

    page = client.get(f"/invite/{token}", headers=EN)
    body = page.get_data(as_text=True)
    assert page.status_code == status
    assert text in body and "Traceback" not in body
    register = post_form(
        client, f"/invite/{token}/register", dict(NEW_PERSON), page="/login", headers=EN
    )
    assert register.status_code == status
    kim_browser = signed_in(app, "kim@example.org")
    accepted = post_form(kim_browser, f"/invite/{token}/accept", {}, page="/my-physio")
    assert accepted.status_code == status
    kim = fresh(db).scalar(select(User).where(User.email == "kim@example.org"))
    after = (count(db, User), count(db, AuditEvent), db.scalar(select(Invitation)).used_at)
    assert after == before
    assert (kim.physio_id is None) == (kind != "used")


def test_inviting_again_replaces_the_earlier_link(app, db, client, physio):
    _, first = send_invitation(app, db, physio, "kim@example.org")
    _, second = send_invitation(app, db, physio, "kim@example.org")
    assert client.get(f"/invite/{first}").status_code == 410
    assert client.get(f"/invite/{second}").status_code == 200


# Who may use a link --------------------------------------------------------------------


def test_another_signed_in_patient_cannot_accept(app, db, client, auth, physio, make_user):
    make_user("kim@example.org")
    make_user("eve@example.org", locale="en")
    _, token = send_invitation(app, db, physio, "kim@example.org")
    auth.login("eve@example.org")
    page = client.get(f"/invite/{token}")
    assert page.status_code == 403
    body = page.get_data(as_text=True)
    assert "sent to a different email address" in body and "kim@example.org" not in body
    response = post_form(client, f"/invite/{token}/accept", {}, page="/my-physio")
    assert response.status_code == 403
    assert fresh(db).scalar(select(User).where(User.email == "eve@example.org")).physio_id is None
    assert db.scalar(select(Invitation)).used_at is None


@pytest.mark.parametrize("role", [Role.PHYSIO, Role.ADMIN])
def test_staff_opening_a_link_get_a_clear_message(app, db, client, auth, physio, make_user, role):
    make_user("staff@example.org", role, locale="en")
    _, token = send_invitation(app, db, physio, "anna@example.org")
    auth.login("staff@example.org")
    page = client.get(f"/invite/{token}")
    assert page.status_code == 403
    assert "logged in as a physiotherapist or admin" in page.get_data(as_text=True)
    path = f"/invite/{token}"
    assert post_form(client, path + "/accept", {}, page=path).status_code == 403
    assert fresh(db).scalar(select(Invitation)).used_at is None


@pytest.mark.parametrize("role", [Role.PHYSIO, Role.ADMIN])
def test_inviting_a_staff_address_is_refused_up_front(
    app, db, client, auth, physio, make_user, role
):
    make_user("staff@example.org", role)
    physio.locale = "en"
    db.commit()
    auth.login("physio@example.org")
    data = {"email": "Staff@example.org", "name": "Staff", "locale": "nl"}
    response = post_form(client, "/physio/invite", data)
    assert response.status_code == 400
    assert "belongs to a physiotherapist or admin account" in response.get_data(as_text=True)
    assert "Invitation sent" not in response.get_data(as_text=True)
    assert count(db, Invitation) == 0


def test_registering_with_an_email_that_has_an_account_points_to_login(
    app, db, client, physio, make_user
):
    make_user("kim@example.org")
    _, token = send_invitation(app, db, physio, "kim@example.org")
    before = count(db, User)
    response = post_form(client, f"/invite/{token}/register", NEW_PERSON, page=f"/invite/{token}")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "already exists" in body and "Log in to accept the invitation" in body
    assert count(db, User) == before
    assert db.scalar(select(Invitation)).used_at is None


# Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        {"email": "not-an-email"},
        {"email": ""},
        {"email": "a@" + "b" * 300 + ".org"},
        {"name": ""},
        {"name": "   "},
        {"name": "x" * 500},
        {"locale": "de"},
        {"locale": ""},
    ],
)
def test_bad_invite_input_gives_messages_and_400(db, client, auth, english_physio, bad):
    auth.login("physio@example.org")
    form = dict({"email": "noor@example.org", "name": "Noor", "locale": "en"}, **bad)
    response = post_form(client, "/physio/invite", form)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in body and "Please correct the fields" in body
    assert count(db, Invitation) == 0 and count(db, OutboxEmail) == 0


def test_inviting_your_own_patient_says_so(db, client, auth, english_physio, patient):
    auth.login("physio@example.org")
    form = {"email": "Patient@example.org", "name": "Sanne", "locale": "nl"}
    response = post_form(client, "/physio/invite", form)
    assert response.status_code == 400
    assert "Sanne de Vries is already one of your patients" in response.get_data(as_text=True)
    assert count(db, Invitation) == 0


@pytest.mark.parametrize(
    "bad",
    [
        {"password": "short", "password_confirm": "short"},
        {"password_confirm": "something else entirely"},
        {"password": "p" * 300, "password_confirm": "p" * 300},
        {"name": ""},
        {"name": "x" * 500},
        {"timezone": "Mars/Olympus"},
    ],
)
def test_bad_registration_input_gives_messages_and_400(app, db, client, physio, bad):
    _, token = send_invitation(app, db, physio, "noor@example.org")
    before = count(db, User)
    path = f"/invite/{token}"
    response = post_form(client, path + "/register", dict(NEW_PERSON, **bad), page=path)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert count(db, User) == before
    assert db.scalar(select(Invitation)).used_at is None
