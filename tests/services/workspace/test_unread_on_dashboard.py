"""A patient's unread message is a reason for attention: on the list, first, until read."""

from datetime import timedelta

from sqlalchemy import select

from tests.support.clock import START
from tests.support.dashboard import add_flag, add_patient, add_plan
from webapp.models import Message
from webapp.services.workspace import messages as thread
from webapp.services.workspace.dashboard import ATTENTION_ORDER, dashboard
from webapp.wiring import mailroom

QUESTION = "Mag ik ook fietsen in plaats van wandelen?"


def ask(app, db, patient, body=QUESTION, when=START):
    """The patient writes to their physio."""
    with app.test_request_context():
        thread.post_message(
            db, author=patient, patient=patient, body=body, now=when, mailroom=mailroom()
        )
    db.commit()


def test_an_unread_question_puts_the_patient_first_with_count_and_waiting_time(
    app, db, physio, exercises, clock
):
    anna = add_patient(db, physio, "Anna")
    add_flag(db, anna, "red_flag")
    zoe = add_patient(db, physio, "Zoe")
    for person in (anna, zoe):
        add_plan(db, person, exercises)
    db.commit()
    ask(app, db, zoe, when=START - timedelta(hours=3))
    ask(app, db, zoe, body="En mag ik zwemmen?", when=START - timedelta(hours=1))
    with app.app_context():
        rows = dashboard(db, physio, START)
    assert [row.patient.name for row in rows] == ["Zoe", "Anna"]
    first = rows[0]
    assert first.reasons[0] == "unread_message" == ATTENTION_ORDER[0]
    assert (first.unread, first.unread_since) == (2, START - timedelta(hours=3))
    assert first.needs_attention


def test_the_physios_own_messages_are_no_reason(app, db, physio, patient, exercises):
    add_plan(db, patient, exercises)
    db.commit()
    with app.test_request_context():
        thread.post_message(
            db, author=physio, patient=patient, body="Hoe gaat het?", now=START, mailroom=mailroom()
        )
    db.commit()
    with app.app_context():
        row = dashboard(db, physio, START)[0]
    assert row.unread == 0 and "unread_message" not in row.reasons


def test_the_dashboard_says_it_and_reading_the_thread_clears_it(
    app, db, physio_in, patient, exercises, clock
):
    add_plan(db, patient, exercises)
    db.commit()
    ask(app, db, patient, when=clock() - timedelta(hours=2))
    page = physio_in.get("/physio/").get_data(as_text=True)
    assert "Nobody needs attention" not in page
    assert "1 unread message, waiting 2 hours" in page
    assert '<main id="main" class="wrap wide"' in page  # a data table gets a desktop's width
    assert f'href="/physio/patients/{patient.id}/messages"' in page
    thread_page = physio_in.get(f"/physio/patients/{patient.id}/messages")
    assert QUESTION in thread_page.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(Message.read_at)) is not None
    page = physio_in.get("/physio/").get_data(as_text=True)
    assert "unread message, waiting" not in page
    assert f'href="/physio/patients/{patient.id}/messages"' not in page
