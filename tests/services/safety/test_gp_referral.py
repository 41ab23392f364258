"""The physio sends a patient to the GP ("niet-pluis") from the patient page, with a note.

The plan pauses, the patient reads why and whom to call, the dashboard shows it first among
the reasons after a red flag, it is audited, and only the physio resumes the plan.
"""

import pytest
from sqlalchemy import select

from tests.support.client import post_form
from tests.support.plans import fresh
from webapp.models import AuditEvent, Flag, Plan, PlanChange, PlanStatus, Role
from webapp.services.core.errors import NotFound
from webapp.services.safety.referral import send_to_gp
from webapp.services.workspace.dashboard import dashboard

ACCESS_LOG = "/account/access-log"
NOTE = "Uw pijn 's nachts wil ik eerst door de huisarts laten bekijken."


def _url(patient) -> str:
    return f"/physio/patients/{patient.id}/send-to-gp"


def test_sending_to_the_gp_pauses_the_plan_and_tells_the_patient_whom_to_call(
    client, auth, db, plan, patient, physio, english, clock
):
    patient.gp_phone, patient.out_of_hours_phone = "020 123 4567", "0900 1234"
    db.commit()
    auth.login("physio@example.org")
    assert "Send to the GP (niet-pluis)" in client.get(f"/physio/patients/{patient.id}").get_data(
        as_text=True
    )
    response = post_form(client, _url(patient), {"note": NOTE, "confirm": "y"})
    assert response.status_code == 302
    fresh(db)
    stored = db.get(Plan, plan.id)
    assert (stored.status, stored.next_reminder_at) == (PlanStatus.PAUSED, None)
    change = db.scalar(select(PlanChange).where(PlanChange.kind == "referred"))
    assert (change.note, change.author_id) == (NOTE, physio.id)
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "send_to_gp")) is not None
    flag = db.scalar(select(Flag).where(Flag.kind == "sent_to_gp"))
    assert flag.cleared_at is None and flag.detail == NOTE
    row = next(r for r in dashboard(db, physio, clock()) if r.patient.id == patient.id)
    assert row.reasons[0] == "sent_to_gp"
    page = client.get("/physio/").get_data(as_text=True)
    assert "Sent to the GP by you" in page

    auth.logout()
    auth.login("patient@example.org")
    today = client.get("/today").get_data(as_text=True)
    assert "Please see your GP" in today and "huisarts laten bekijken" in today
    assert 'href="tel:0201234567"' in today and 'href="tel:09001234"' in today
    assert 'href="tel:112"' in today
    assert "Your physiotherapist starts the plan again." in today
    log = client.get(ACCESS_LOG).get_data(as_text=True)
    assert "Asked you to see your GP and paused your plan" in log


def test_only_the_physio_resumes_and_resuming_closes_the_referral(
    app, client, auth, db, plan, patient, physio, english, clock
):
    with app.test_request_context():
        send_to_gp(db, physio=physio, patient=patient, note=NOTE, now=clock())
    db.commit()
    auth.login("physio@example.org")
    resumed = post_form(
        client,
        f"/physio/plans/{plan.id}/resume",
        {"note": "De huisarts zag niets ernstigs."},
        page=f"/physio/plans/{plan.id}/edit",
    )
    assert resumed.status_code == 302
    fresh(db)
    assert db.get(Plan, plan.id).status == PlanStatus.ACTIVE
    assert db.scalar(select(Flag).where(Flag.kind == "sent_to_gp")).cleared_at is not None
    auth.logout()
    auth.login("patient@example.org")
    assert "Please see your GP" not in client.get("/today").get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": "", "confirm": "y"}, "Write a short note: the patient reads why you ask this."),
        ({"note": NOTE}, "Tick the box to confirm."),
        ({"note": "x" * 501, "confirm": "y"}, "Field cannot be longer than 500 characters."),
    ],
)
def test_a_referral_needs_a_note_and_a_confirmation(
    client, auth, db, plan, patient, english, data, message
):
    auth.login("physio@example.org")
    response = post_form(client, _url(patient), data)
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    fresh(db)
    assert db.get(Plan, plan.id).status == PlanStatus.ACTIVE
    assert db.scalar(select(Flag).where(Flag.kind == "sent_to_gp")) is None


def test_nobody_else_sends_the_patient_to_the_gp(app, client, auth, db, plan, patient, make_user):
    make_user("other@example.org", role=Role.PHYSIO)
    auth.login("other@example.org")
    assert client.get(_url(patient)).status_code == 404
    other = make_user("third@example.org", role=Role.PHYSIO)
    with app.test_request_context(), pytest.raises(NotFound):
        send_to_gp(db, physio=other, patient=patient, note=NOTE, now=plan.created_at)
    auth.logout()
    auth.login("patient@example.org")
    assert client.get(_url(patient)).status_code in (403, 404)
