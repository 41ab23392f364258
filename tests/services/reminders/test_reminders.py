"""Daily reminders: planned once per local day, delivered from the outbox, never from a request."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

from sqlalchemy import select

from config import (
    ROOT,
    parse_smtp_url,
)
from scheduler.jobs import tick
from webapp.models import OutboxEmail, OutboxStatus, SessionStatus
from webapp.services.care.logbook import record_session

AT_0800 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 08:00 in Amsterdam


def outbox(db):
    db.rollback()  # end the old snapshot: see what the scheduler committed
    return db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()


def test_no_reminder_before_the_local_time(app, db, plan):
    report = tick(app, datetime(2026, 11, 25, 6, 59, tzinfo=UTC))
    assert report.planned == 0
    assert outbox(db) == []


def test_exactly_one_reminder_for_the_day_however_often_we_tick(app, db, plan):
    for minute in range(0, 120, 7):
        tick(app, AT_0800 + timedelta(minutes=minute))
    rows = outbox(db)
    assert len(rows) == 1
    assert rows[0].idempotency_key == f"daily:{plan.patient_id}:2026-11-25"
    assert rows[0].status == OutboxStatus.SENT


def test_next_day_gets_its_own_reminder(app, db, plan):
    tick(app, AT_0800)
    tick(app, AT_0800.replace(day=26))
    keys = [r.idempotency_key for r in outbox(db)]
    assert keys == [f"daily:{plan.patient_id}:2026-11-25", f"daily:{plan.patient_id}:2026-11-26"]


def test_no_reminder_when_today_is_already_logged(app, db, plan, patient, clock):
    with app.app_context():
        record_session(
            db,
            patient=patient,
            plan=plan,
            day=clock().date(),
            status=SessionStatus.DONE,
            pain=2,
            note="",
            now=clock(),
        )
    db.commit()
    tick(app, AT_0800)
    assert outbox(db) == []


def test_reminder_is_multipart_in_the_patients_language_with_the_link(app, db, plan, tmp_path):
    tick(app, AT_0800)
    files = list((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 1
    message = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert message["Subject"] == "Tijd voor uw rugoefeningen"
    assert message["To"] == "patient@example.org"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Hallo Sanne de Vries" in text and "Bekken kantelen" in text
    assert "http://127.0.0.1:5000/today" in text
    assert 'href="http://127.0.0.1:5000/today"' in html
    assert message["Message-ID"] == outbox(db)[0].message_id


def test_english_patient_gets_english_mail(app, db, plan, patient):
    patient.locale = "en"
    db.commit()
    tick(app, AT_0800)
    row = outbox(db)[0]
    assert row.subject == "Time for your back exercises"
    assert "Walking: 10 minutes" in row.text_body


def test_reminder_not_sent_after_the_evening(app, db, plan):
    # The scheduler was down all day: at 22:00 local the day's reminder is too late.
    report = tick(app, datetime(2026, 11, 25, 21, 0, tzinfo=UTC))
    assert report.planned == 0
    assert outbox(db) == []


def test_queued_reminder_expires_rather_than_going_out_at_night(app, db, plan, monkeypatch):
    from scheduler.jobs import deliver_outbox, plan_reminders

    plan_reminders(app, AT_0800)
    # SMTP down all evening: nothing is delivered before the deadline (21:30 local).
    report = deliver_outbox(app, datetime(2026, 11, 25, 21, 0, tzinfo=UTC))
    assert report.expired == 1
    assert outbox(db)[0].status == OutboxStatus.EXPIRED


def test_smtp_delivery_through_tick_command(app, db, plan, smtp_server, database_url):
    """The operator's command, as a separate process, sends to a real SMTP server."""
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        SMTP_URL=smtp_server.url,
        MAIL_FROM="Rugcoach <noreply@rugcoach.example.org>",
        BASE_URL="https://rugcoach.example.org",
        RUGCOACH_ENV="development",
        SECRET_KEY="x" * 32,
    )
    result = subprocess.run(
        [sys.executable, "-m", "scheduler", "tick", "--at", "2026-11-25T08:00:00+01:00"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "1 planned, 1 sent" in result.stdout
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert smtp_server.handler.envelopes[0] == (
        "noreply@rugcoach.example.org",
        ["patient@example.org"],
    )
    assert message["Subject"] == "Tijd voor uw rugoefeningen"
    assert message["To"] == "patient@example.org"
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "https://rugcoach.example.org/today" in plain
    assert 'href="https://rugcoach.example.org/today"' in html
    # A second run the same day sends nothing more.
    again = subprocess.run(
        [sys.executable, "-m", "scheduler", "tick", "--at", "2026-11-25T09:00:00+01:00"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "0 planned, 0 sent" in again.stdout
    assert len(smtp_server.messages) == 1


def test_temporary_refusal_is_retried_and_permanent_is_not(app, db, plan, smtp_server):
    from scheduler.jobs import deliver_outbox, plan_reminders

    app.config["SMTP"] = parse_smtp_url(smtp_server.url)
    smtp_server.handler.reply = lambda n: "451 Try again later" if n == 1 else None
    plan_reminders(app, AT_0800)
    first = deliver_outbox(app, AT_0800)
    assert (first.sent, first.retried) == (0, 1)
    row = outbox(db)[0]
    assert row.status == OutboxStatus.PENDING and "451" in row.last_error
    second = deliver_outbox(app, AT_0800 + timedelta(minutes=5))
    assert second.sent == 1
    assert len(smtp_server.messages) == 1

    smtp_server.handler.reply = lambda n: "550 No such user"
    plan_reminders(app, AT_0800.replace(day=26))
    report = deliver_outbox(app, AT_0800.replace(day=26))
    assert report.failed == 1
    later = deliver_outbox(app, AT_0800.replace(day=26, hour=12))
    assert later.sent == later.retried == 0
    assert outbox(db)[1].status == OutboxStatus.FAILED


def test_tick_rejects_a_time_without_offset():
    result = subprocess.run(
        [sys.executable, "-m", "scheduler", "tick", "--at", "2026-11-25T08:00:00"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "no UTC offset" in result.stderr
    assert "Traceback" not in result.stderr


def test_after_an_hour_down_the_due_reminder_goes_once_and_missed_days_never(app, db, plan):
    # Down from 07:30 to 08:45 local: the 08:00 reminder goes out on restart, once.
    tick(app, AT_0800 - timedelta(minutes=30))
    for minute in (105, 106, 120):
        tick(app, AT_0800 + timedelta(minutes=minute))
    rows = outbox(db)
    assert [(r.idempotency_key, r.status) for r in rows] == [
        (f"daily:{plan.patient_id}:2026-11-25", OutboxStatus.SENT)
    ]
    assert rows[0].sent_at == AT_0800 + timedelta(minutes=105)
    # Then down for two whole days: on the third morning only that day's reminder goes.
    tick(app, AT_0800 + timedelta(days=3, hours=2))
    tick(app, AT_0800 + timedelta(days=3, hours=3))
    keys = [r.idempotency_key for r in outbox(db)]
    assert keys == [
        f"daily:{plan.patient_id}:2026-11-25",
        f"daily:{plan.patient_id}:2026-11-28",
    ]
