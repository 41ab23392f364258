"""The LDF opt-in: asked once, no until the patient says yes, changeable."""

from sqlalchemy import select

from tests.support.client import post_form
from tests.support.measures import answered_intake
from webapp.models import LdfChoice


def test_asked_after_the_intake_and_no_until_answered(db, patient, clock, client, auth, english):
    answered_intake(db, patient, clock)
    auth.login("patient@example.org")
    assert "May your practice share your scores" in client.get("/today").get_data(as_text=True)
    assert db.scalar(select(LdfChoice)) is None
    page = client.get("/ldf").get_data(as_text=True)
    assert '<input checked id="share-1" name="share" required type="radio" value="no">' in page


def test_yes_then_no_is_stored_and_not_asked_again(db, patient, clock, client, auth, english):
    answered_intake(db, patient, clock)
    auth.login("patient@example.org")
    assert post_form(client, "/ldf", {"share": "yes"}).status_code == 302
    db.rollback()
    assert db.scalar(select(LdfChoice.opted_in)) is True
    assert "May your practice share" not in client.get("/today").get_data(as_text=True)
    assert post_form(client, "/ldf", {"share": "no"}).status_code == 302
    db.rollback()
    assert db.scalar(select(LdfChoice.opted_in)) is False


def test_an_answer_not_on_offer_is_refused(db, patient, clock, client, auth, english):
    auth.login("patient@example.org")
    assert post_form(client, "/ldf", {"share": "maybe"}).status_code == 400
    db.rollback()
    assert db.scalar(select(LdfChoice)) is None
