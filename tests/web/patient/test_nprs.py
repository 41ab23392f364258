"""Every log asks the NPRS: the average pain over the last 24 hours, and stores that it did."""

from sqlalchemy import select

from tests.support.client import post_form
from webapp.models import SessionLog

LOG = {"day": "2026-11-25", "status": "done", "pain": "4", "note": ""}


def test_the_log_form_asks_the_average_pain_over_the_last_24_hours(client, auth, plan, english):
    auth.login("patient@example.org")
    body = client.get("/today").get_data(as_text=True)
    assert "Your average pain over the last 24 hours" in body
    assert "Pain now" not in body


def test_the_dutch_log_form_asks_it_too(client, auth, plan):
    auth.login("patient@example.org")
    body = client.get("/today").get_data(as_text=True)
    assert "gemiddelde pijn in de afgelopen 24 uur" in body


def test_a_log_stores_that_it_answered_the_24_hour_question(client, auth, plan, db):
    auth.login("patient@example.org")
    assert post_form(client, "/today/log", LOG, page="/today").status_code == 302
    log = db.scalar(select(SessionLog))
    assert (log.pain, log.pain_question) == (4, "avg_24h")


def test_an_old_pain_now_score_stays_until_the_day_is_logged_again(client, auth, plan, db):
    auth.login("patient@example.org")
    post_form(client, "/today/log", LOG, page="/today")
    log = db.scalar(select(SessionLog))
    log.pain_question = "now"
    db.commit()
    assert db.scalar(select(SessionLog.pain_question)) == "now"
    post_form(client, "/today/log", dict(LOG, pain="2"), page="/today")
    db.rollback()
    db.expire_all()
    assert db.scalar(select(SessionLog.pain_question)) == "avg_24h"
