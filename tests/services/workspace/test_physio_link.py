"""After the invitation: the physio's list and withdrawing, and the patient's "My physio" page."""

import pytest

from tests.support.client import post_form
from tests.support.invitations import (
    audit_actions,
    fresh,
    send_invitation,
    signed_in,
)
from webapp.models import Invitation, User
from webapp.services.core import access
from webapp.services.core.errors import NotFound
from webapp.services.workspace.invitations import accept

# The physio's list and withdrawing -------------------------------------------------------


def test_another_physio_cannot_revoke(app, db, client, auth, physio, other_physio):
    invitation, token = send_invitation(app, db, physio, "kim@example.org")
    auth.login(other_physio.email)
    response = post_form(
        client, f"/physio/invitations/{invitation.id}/revoke", {}, page="/physio/invite"
    )
    assert response.status_code == 404
    assert fresh(db).get(Invitation, invitation.id).revoked_at is None
    assert client.get(f"/invite/{token}").status_code == 403  # a physio; but still valid
    with pytest.raises(NotFound):
        access.invitation_for(db, other_physio, invitation.id)


def test_a_used_invitation_cannot_be_withdrawn(app, db, client, auth, physio, make_user, clock):
    kim = make_user("kim@example.org")
    invitation, token = send_invitation(app, db, physio, "kim@example.org")
    with app.app_context():
        accept(db, token=token, patient=kim, now=clock())
    db.commit()
    auth.login(physio.email)
    path = f"/physio/invitations/{invitation.id}/revoke"
    assert post_form(client, path, {}, page="/physio/invite").status_code == 409
    assert fresh(db).get(Invitation, invitation.id).revoked_at is None


def test_a_physio_sees_only_their_own_invitations(app, db, client, auth, physio, other_physio):
    send_invitation(app, db, physio, "mine@example.org")
    send_invitation(app, db, other_physio, "theirs@example.org")
    auth.login(other_physio.email)
    body = client.get("/physio/invite").get_data(as_text=True)
    assert "theirs@example.org" in body and "mine@example.org" not in body


def test_patients_cannot_open_the_invite_page(client, auth, patient):
    auth.login(patient.email)
    assert client.get("/physio/invite").status_code == 403


# My physio -------------------------------------------------------------------------------


def test_patient_sees_their_physio_and_the_menu_entry(client, auth, patient, db):
    patient.locale = "en"
    db.commit()
    auth.login(patient.email)
    body = client.get("/my-physio").get_data(as_text=True)
    assert "Your physiotherapist is Fysio Jansen" in body
    assert "What your physiotherapist can see" in body
    assert '<a href="/my-physio" aria-current="page">My physio</a>' in body


def test_ending_the_link_needs_confirmation_and_removes_access(
    app, db, client, auth, patient, physio
):
    assert access.patient_for(db, physio, patient.id).id == patient.id
    auth.login(patient.email)
    unconfirmed = post_form(client, "/my-physio/end", {}, page="/my-physio")
    assert unconfirmed.status_code == 400
    assert fresh(db).get(User, patient.id).physio_id == physio.id

    ended = post_form(client, "/my-physio/end", {"confirm": "y"}, page="/my-physio")
    assert ended.status_code == 302
    assert fresh(db).get(User, patient.id).physio_id is None
    assert "physio.unlinked" in audit_actions(db, patient.id)
    with pytest.raises(NotFound):
        access.patient_for(db, physio, patient.id)
    assert not access.can_see_patient(physio, db.get(User, patient.id))
    physio_browser = signed_in(app, physio.email)
    assert physio_browser.get(f"/physio/patients/{patient.id}").status_code == 404
    again = post_form(client, "/my-physio/end", {"confirm": "y"}, page="/my-physio")
    assert again.status_code == 409
