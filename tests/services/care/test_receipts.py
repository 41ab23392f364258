"""The receipt of a log sent from the phone: one per patient and id, even when sends race."""

import threading

import pytest

from webapp.db import new_session
from webapp.models import User
from webapp.services.care.receipts import AlreadyReceived, claim_receipt, read_client_id
from webapp.services.core.errors import ServiceError

CLIENT_ID = "3e9a6c1d-7f0b-4a2e-8c5d-1b2a3c4d5e6f"


def test_a_second_claim_of_the_same_id_is_refused(app, db, patient, clock):
    claim_receipt(db, patient, CLIENT_ID, clock())
    db.commit()
    with new_session(app) as other, pytest.raises(AlreadyReceived):
        claim_receipt(other, other.get(User, patient.id), CLIENT_ID, clock())


def test_the_same_id_of_another_patient_is_its_own(db, patient, make_user, clock):
    someone = make_user("iemand@example.org")
    claim_receipt(db, patient, CLIENT_ID, clock())
    claim_receipt(db, someone, CLIENT_ID, clock())
    db.commit()


def test_two_sends_at_once_store_one_receipt(app, db, patient, clock, database_url):
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite lets one writer in at a time: the sends cannot overlap there")
    claim_receipt(db, patient, CLIENT_ID, clock())  # not committed yet: the first send
    outcome = []

    def second_send():
        with new_session(app) as other:
            try:
                claim_receipt(other, other.get(User, patient.id), CLIENT_ID, clock())
                other.commit()
                outcome.append("stored")
            except AlreadyReceived:
                outcome.append("refused")

    racer = threading.Thread(target=second_send)
    racer.start()
    racer.join(timeout=1)
    assert racer.is_alive()  # it waits on the first send's row
    db.commit()
    racer.join(timeout=10)
    assert outcome == ["refused"]


@pytest.mark.parametrize("raw", ["kort", "x" * 65, "a b c d e f", "../../etc/passwd"])
def test_a_malformed_id_is_refused(raw):
    with pytest.raises(ServiceError):
        read_client_id(raw)


def test_no_id_means_an_ordinary_form():
    assert read_client_id(None) is None and read_client_id("") is None
    assert read_client_id(CLIENT_ID) == CLIENT_ID
