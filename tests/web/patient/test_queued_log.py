"""A log made offline comes with the phone's own id: however often it is sent, it counts once."""

from sqlalchemy import func, select

from tests.support.client import post_form
from webapp.models import LogReceipt, SessionLog

QUEUED = {
    "day": "2026-11-25",
    "status": "done",
    "pain": "5",
    "note": "In de schuur gedaan",
    "client_id": "6f1c2a9e-4b7d-4c1e-9f0a-2d3b4c5d6e7f",
}


def logs(db) -> list[SessionLog]:
    db.rollback()
    db.expire_all()
    return db.scalars(select(SessionLog)).all()


def test_the_same_queued_log_sent_twice_is_stored_once(client, auth, plan, db):
    auth.login("patient@example.org")
    first = post_form(client, "/today/log", QUEUED, page="/today")
    assert first.status_code == 302
    # A replay carries the same id; even a changed copy of it must not change the log.
    replay = dict(QUEUED, pain="7")
    again = post_form(client, "/today/log", replay, page="/today", follow_redirects=True)
    assert again.status_code == 200
    assert "Dit logboek was al opgeslagen." in again.get_data(as_text=True)
    stored = logs(db)
    assert len(stored) == 1
    assert (stored[0].pain, stored[0].note) == (5, "In de schuur gedaan")
    receipt = db.scalar(select(LogReceipt))
    assert (receipt.client_id, receipt.session_log_id) == (QUEUED["client_id"], stored[0].id)


def test_a_late_replay_never_overwrites_a_newer_log_of_the_day(client, auth, plan, db):
    auth.login("patient@example.org")
    post_form(client, "/today/log", QUEUED, page="/today")
    newer = {k: v for k, v in QUEUED.items() if k != "client_id"}
    post_form(client, "/today/log", dict(newer, pain="4", note="Toch beter"), page="/today")
    post_form(client, "/today/log", QUEUED, page="/today")
    stored = logs(db)
    assert [(log.pain, log.note) for log in stored] == [(4, "Toch beter")]


def test_a_new_id_for_the_same_day_replaces_the_log_as_a_form_would(client, auth, plan, db):
    auth.login("patient@example.org")
    post_form(client, "/today/log", QUEUED, page="/today")
    other = dict(QUEUED, pain="2", client_id="0a1b2c3d-0000-4000-8000-000000000001")
    post_form(client, "/today/log", other, page="/today")
    assert [log.pain for log in logs(db)] == [2]
    assert db.scalar(select(func.count()).select_from(LogReceipt)) == 2


def test_a_malformed_id_gets_a_message_and_stores_nothing(client, auth, plan, db):
    auth.login("patient@example.org")
    for bad in ("kort", "x" * 65, "<script>alert(1)</script>", "a b c d e f g h"):
        response = post_form(client, "/today/log", dict(QUEUED, client_id=bad), page="/today")
        assert response.status_code == 400, bad
        assert "Dit logboek kon niet worden gekoppeld" in response.get_data(as_text=True)
    assert logs(db) == []
    assert db.scalar(select(func.count()).select_from(LogReceipt)) == 0
