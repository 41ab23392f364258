"""A flare-up step back tells the physio, and a second one within 3 weeks needs their word.

CLINICAL.md: the flare-up button steps back one week. Used every other week it hid a
pattern from the physio; now each step back flags the patient and emails the physio, and
the patient may step back at most once in 3 weeks unless the physio agrees to another.
"""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.support.client import post_form
from tests.support.plans import fresh, walking_build_up
from webapp.domain.progression import FLARE_GAP, flare_within_limit
from webapp.models import Flag, OutboxEmail, PlanChange, PlanWeek
from webapp.services.core.errors import ServiceError
from webapp.services.plans import flares

WEDNESDAY = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # week 1 of the build-up (index 0)


@pytest.fixture
def walking(app, db, patient, physio, catalogue, english, clock):
    """A build-up from the physio's baseline, started on Monday; the patient did the check."""
    with app.test_request_context():
        plan = walking_build_up(db, patient, physio)
    db.commit()
    clock.set(WEDNESDAY)
    return plan


def _flare(client):
    return post_form(client, "/plan/flare", {}, page="/today")


def test_the_rule_allows_one_step_back_in_three_weeks_unless_the_physio_agreed():
    assert flare_within_limit(None, WEDNESDAY, agreed=False)
    assert not flare_within_limit(WEDNESDAY, WEDNESDAY + timedelta(days=14), agreed=False)
    assert flare_within_limit(WEDNESDAY, WEDNESDAY + timedelta(days=14), agreed=True)
    assert flare_within_limit(WEDNESDAY, WEDNESDAY + FLARE_GAP, agreed=False)


def test_a_step_back_flags_the_patient_and_emails_the_physio(
    client, auth, db, walking, physio, patient
):
    auth.login("patient@example.org")
    assert _flare(client).status_code == 302
    fresh(db)
    flag = db.scalar(select(Flag).where(Flag.kind == "flare_declared"))
    assert flag is not None and flag.cleared_at is None
    mail = db.scalar(select(OutboxEmail).where(OutboxEmail.user_id == physio.id))
    assert mail is not None and mail.to_address == physio.email
    assert "A patient stepped back a week" in mail.subject
    auth.logout()
    auth.login("physio@example.org")
    assert "Stepped back a week (flare-up)" in client.get("/physio/").get_data(as_text=True)


def test_a_second_step_back_within_three_weeks_waits_for_the_physio(
    app, client, auth, db, walking, physio, clock
):
    auth.login("patient@example.org")
    assert _flare(client).status_code == 302
    clock.set(WEDNESDAY + timedelta(days=14))  # week 3: not the week after, but within 3 weeks
    page = client.get("/today").get_data(as_text=True)
    assert "You stepped back less than 3 weeks ago." in page
    refused = _flare(client)
    assert refused.status_code == 302
    assert "Talk to your physiotherapist" in client.get("/today").get_data(as_text=True)
    fresh(db)
    assert [w.week for w in db.scalars(select(PlanWeek)) if w.decision == "flare"] == [0]
    auth.logout()
    auth.login("physio@example.org")
    agreed = post_form(
        client,
        f"/physio/plans/{walking.id}/agree-flare",
        {"note": "Goed, nog een week rustiger."},
        page=f"/physio/plans/{walking.id}/edit",
    )
    assert agreed.status_code == 302
    auth.logout()
    auth.login("patient@example.org")
    today = client.get("/today").get_data(as_text=True)
    assert "agrees that you may step back one more week" in today
    assert _flare(client).status_code == 302
    fresh(db)
    assert sorted(w.week for w in db.scalars(select(PlanWeek)) if w.decision == "flare") == [0, 2]
    assert db.scalar(select(PlanChange).where(PlanChange.kind == "flare_agreed")) is not None


def test_after_three_weeks_the_patient_steps_back_on_their_own(
    app, client, auth, db, walking, clock
):
    auth.login("patient@example.org")
    assert _flare(client).status_code == 302
    clock.set(WEDNESDAY + FLARE_GAP)
    auth.login("patient@example.org")  # three weeks on, the idle session has ended
    assert "You stepped back less than 3 weeks ago." not in client.get("/today").get_data(True)
    assert _flare(client).status_code == 302
    fresh(db)
    assert sorted(w.week for w in db.scalars(select(PlanWeek)) if w.decision == "flare") == [0, 3]


def test_the_physio_agrees_only_when_the_limit_holds(app, db, walking, physio, clock):
    with app.test_request_context(), pytest.raises(ServiceError):
        flares.agree(db, physio=physio, plan=walking, note="", now=clock())
