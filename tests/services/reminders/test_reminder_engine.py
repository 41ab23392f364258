"""The reminder engine's rules: what goes out, when, and what stops it.

Follow-ups, quiet hours, pausing, the switch to weekly-only after ignored reminders, the
weekly summary, one-click unsubscribe and logging from an email's link.
"""

from datetime import UTC, datetime, time, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import select

from scheduler.jobs import deliver_outbox, plan_reminders
from tests.support.client import csrf_token
from webapp.models import OutboxEmail, ReminderSettings, SessionLog
from webapp.services.care.logbook import record_session
from webapp.services.care.reminder_settings import settings_for
from webapp.services.reminders.tokens import log_token, unsubscribe_token
from webapp.wiring import secret

AT_0800 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 08:00 in Amsterdam, a Wednesday


def outbox(db):
    db.rollback()
    db.expire_all()
    return db.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()


def keys(db) -> list[str]:
    return [
        row.idempotency_key.rsplit(":", 2)[0] + ":" + row.idempotency_key.rsplit(":", 1)[1]
        for row in outbox(db)
    ]


def kinds(db) -> list[tuple[str, str]]:
    return [(row.kind, row.idempotency_key.rsplit(":", 1)[1]) for row in outbox(db)]


@pytest.fixture
def settings(app, db, patient, plan):
    with app.app_context():
        found = settings_for(db, patient)
        found.weekly_enabled = False  # these tests look at daily reminders unless they say so
        db.commit()
    return found


def tick(app, at: datetime):
    """A planning pass as of ``at``."""
    plan_reminders(app, at)


def log_day(app, db, patient, plan, clock):
    """The patient logs today, as the log page would (a fresh writing transaction)."""
    from webapp.db import begin_write

    db.rollback()
    begin_write(db)
    with app.app_context():
        record_session(
            db,
            patient=patient,
            plan=plan,
            day=clock().date(),
            status="done",
            pain=2,
            note="",
            now=clock(),
        )
    db.commit()


def fresh(db, obj):
    """Reload an object outside any old snapshot."""
    db.rollback()
    db.refresh(obj)
    return obj


def test_every_reminder_has_one_click_unsubscribe_headers(app, db, plan, settings):
    tick(app, AT_0800)
    row = outbox(db)[0]
    assert '"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"' in row.headers
    assert "/unsubscribe/" in row.headers and "List-Unsubscribe" in row.headers


def test_the_email_shows_quotas_and_log_links(app, db, plan, settings, tmp_path):
    tick(app, AT_0800)
    deliver_outbox(app, AT_0800)
    message = message_from_bytes(
        next(Path(tmp_path / "outbox").glob("*.eml")).read_bytes(), policy=policy.default
    )
    text = message.get_body(("plain",)).get_content()
    assert "Wandelen: 10 minuten" in text
    assert "/log/" in text and "status=partial" in text
    # The link opens a page with a button: two steps, so no promise of "one click".
    assert "één klik" not in text and "bevestig dan op de pagina die opent" in text
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_follow_up_two_hours_later_only_when_nothing_was_logged(
    app, db, patient, plan, settings, clock
):
    settings.followup_enabled = True
    db.commit()
    tick(app, AT_0800)
    tick(app, AT_0800 + timedelta(hours=1, minutes=59))
    assert [k for k, _ in kinds(db)] == ["daily"]
    tick(app, AT_0800 + timedelta(hours=2))
    assert [k for k, _ in kinds(db)] == ["daily", "followup"]
    # Next day: logged before the follow-up, so no follow-up.
    tick(app, AT_0800 + timedelta(days=1))
    clock.set(AT_0800 + timedelta(days=1, hours=1))
    log_day(app, db, patient, plan, clock)
    tick(app, AT_0800 + timedelta(days=1, hours=2))
    assert [k for k, _ in kinds(db)] == ["daily", "followup", "daily"]


def test_a_reminder_time_inside_quiet_hours_is_not_sent(app, db, plan, settings):
    settings.quiet_start, settings.quiet_end = time(7, 0), time(9, 0)
    db.commit()
    tick(app, AT_0800)
    assert outbox(db) == []


def test_pause_until_a_date(app, db, plan, settings):
    settings.paused_until = AT_0800.date() + timedelta(days=1)
    db.commit()
    for day in range(3):
        tick(app, AT_0800 + timedelta(days=day))
    assert [day for _, day in kinds(db)] == [str(AT_0800.date() + timedelta(days=2))]


def test_three_ignored_reminders_switch_to_weekly_only_and_a_log_switches_back(
    app, db, patient, plan, settings, clock
):
    for day in range(5):
        tick(app, AT_0800 + timedelta(days=day))
    # Reminders on days 0, 1, 2 were ignored; from day 3 none (weekly only).
    assert len(outbox(db)) == 3
    fresh(db, settings)
    assert settings.weekly_only and settings.ignored_in_row == 3
    clock.set(AT_0800 + timedelta(days=5, hours=-6))
    log_day(app, db, patient, plan, clock)
    fresh(db, settings)
    assert not settings.weekly_only
    tick(app, AT_0800 + timedelta(days=5))  # already logged today: nothing to remind
    tick(app, AT_0800 + timedelta(days=6))
    assert len(outbox(db)) == 4


def test_weekly_summary_on_the_first_day_of_the_plan_week_replaces_that_days_reminder(
    app, db, patient, plan, settings
):
    settings.weekly_enabled = True
    db.commit()
    for day in range(8):
        tick(app, AT_0800 + timedelta(days=day))
    found = kinds(db)
    week_start = str(plan.start_date + timedelta(days=7))
    assert ("weekly", week_start) in found
    assert ("daily", week_start) not in found
    weekly = next(r for r in outbox(db) if r.kind == "weekly")
    assert "van de 7 geplande keren" in weekly.text_body
    assert "wekelijkse overzicht" in weekly.text_body or "Wandelen" in weekly.text_body


def test_one_click_unsubscribe_works_without_cookies_and_a_get_changes_nothing(
    app, db, patient, plan, settings
):
    with app.app_context():
        token = unsubscribe_token(secret(), patient.id, "daily")
    anonymous = app.test_client(use_cookies=False)
    page = anonymous.get(f"/unsubscribe/{token}")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    # Before the button is pressed the page says what it will do, not that it is done.
    assert "Druk op de knop om de dagelijkse herinneringen te stoppen." in body
    assert "geen dagelijkse herinneringen meer" not in body
    assert fresh(db, settings).daily_enabled
    response = anonymous.post(f"/unsubscribe/{token}", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not fresh(db, settings).daily_enabled
    tick(app, AT_0800)
    assert outbox(db) == []


def test_a_forged_unsubscribe_link_is_refused(client):
    assert client.post("/unsubscribe/not-a-real-token").status_code == 404


def test_logging_from_the_email_needs_the_confirm_post(
    app, client, db, patient, plan, settings, clock
):
    with app.app_context():
        token = log_token(secret(), patient.id, plan.id, AT_0800.date(), clock())
    page = client.get(f"/log/{token}?status=partial")
    assert page.status_code == 200 and db.scalar(select(SessionLog)) is None
    response = client.post(
        f"/log/{token}",
        data={"status": "partial", "pain": "4", "csrf_token": csrf_token(client, f"/log/{token}")},
    )
    assert response.status_code == 200
    db.rollback()
    log = db.scalar(select(SessionLog))
    assert (log.status.value, log.pain, log.source) == ("partial", 4, "email")


def test_expired_forged_and_other_patients_log_links_are_refused(
    app, client, auth, db, patient, plan, settings, clock, make_user
):
    with app.app_context():
        token = log_token(secret(), patient.id, plan.id, AT_0800.date(), clock())
    assert client.get(f"/log/{token[:-3]}xyz").status_code == 404
    other = make_user("other@example.org")
    auth.login(other.email)
    assert client.get(f"/log/{token}").status_code == 403
    client.post("/logout", data={"csrf_token": csrf_token(client, "/today")})
    clock.advance(days=8)
    assert client.get(f"/log/{token}").status_code == 410


def test_settings_page_changes_time_days_and_quiet_hours(
    app, client, auth, db, patient, plan, settings
):
    auth.login("patient@example.org")
    data = {
        "reminder_time": "19:15",
        "weekdays": ["0", "2"],
        "daily_enabled": "y",
        "weekly_enabled": "y",
        "quiet_start": "22:00",
        "quiet_end": "07:00",
        "locale": "en",
        "timezone": "Europe/London",
    }
    response = client.post(
        "/reminders", data={**data, "csrf_token": csrf_token(client, "/reminders")}
    )
    assert response.status_code == 302
    fresh(db, plan)
    today = plan.schedule_on(AT_0800.date())  # from today on; earlier days keep theirs
    assert today.reminder_time == time(19, 15) and today.weekdays == 0b101
    assert plan.next_reminder_at.astimezone().tzinfo is not None
    bad = client.post(
        "/reminders",
        data={**data, "reminder_time": "23:00", "csrf_token": csrf_token(client, "/reminders")},
    )
    assert bad.status_code == 400  # inside the quiet hours
    for field, value in (
        ("timezone", "Mars/Olympus"),
        ("reminder_time", "25:00"),
        ("paused_until", "2030-01-01"),
        ("quiet_end", "22:00"),
    ):
        bad = client.post(
            "/reminders",
            data={**data, field: value, "csrf_token": csrf_token(client, "/reminders")},
        )
        assert bad.status_code == 400, field


def test_a_refused_address_flags_the_patient_for_the_physio(
    app, db, patient, plan, settings, smtp_server
):
    from config import parse_smtp_url
    from webapp.services.core.flags import open_flags

    app.config["SMTP"] = parse_smtp_url(smtp_server.url)
    smtp_server.handler.reply = lambda n: "550 No such mailbox"
    tick(app, AT_0800)
    deliver_outbox(app, AT_0800)
    assert [f.kind for f in open_flags(db, patient.id)] == ["mail_bouncing"]
    smtp_server.handler.reply = lambda n: None
    tick(app, AT_0800 + timedelta(days=1))
    deliver_outbox(app, AT_0800 + timedelta(days=1))
    db.rollback()
    assert open_flags(db, patient.id) == []
    assert db.get(ReminderSettings, patient.id) is not None
