"""New training days and reminder time from a chosen date: the days before keep the old ones.

The physio changes the plan on Wednesday 25 November, from Monday 30 November: every day at
08:00 becomes Monday, Wednesday and Friday at 18:00. This week's adherence and reminders
stay on every day at 08:00; from Monday they follow the new days and time.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from scheduler.jobs import tick
from tests.support.plans import ex, fresh
from webapp.domain.adherence import Share
from webapp.domain.schedule import ALL_DAYS, mask_from_weekdays
from webapp.domain.timetable import Schedule
from webapp.models import OutboxEmail, Plan, PlanSchedule, SessionStatus
from webapp.services.care.logbook import record_session
from webapp.services.care.reminder_settings import SettingsChange, change_settings, settings_for
from webapp.services.care.today import today_for
from webapp.services.plans import plan_admin, plan_edits
from webapp.services.plans.graded import planned_sessions
from webapp.services.plans.plan_checks import ItemChoice
from webapp.services.plans.plan_edits import ItemEdit
from webapp.services.workspace.dashboard import adherence

MONDAY = date(2026, 11, 23)  # the plan's first day
WEDNESDAY = date(2026, 11, 25)  # the conftest clock's day: the change is made today
NEXT_MONDAY = date(2026, 11, 30)  # ... and holds from here
OLD = Schedule(ALL_DAYS, time(8, 0))
NEW = Schedule(mask_from_weekdays([0, 2, 4]), time(18, 0))
NOTE = "Drie dagen per week, met een rustdag ertussen."


@pytest.fixture
def changed(app, db, patient, physio, catalogue, clock):
    """A plan from Monday, every day at 08:00, changed today to Mon/Wed/Fri 18:00 from Monday."""
    with app.test_request_context():
        plan = plan_admin.assign_plan(
            db,
            physio=physio,
            patient=patient,
            start_date=MONDAY,
            now=clock(),
            items=[ItemChoice(ex(db, "walking"), 1, 20)],
            weekdays=OLD.weekdays,
            reminder_time=OLD.reminder_time,
        )
        db.flush()
        plan_edits.change_plan(
            db,
            physio=physio,
            plan=plan,
            from_date=NEXT_MONDAY,
            edits=[ItemEdit(i.id, i.sets, i.amount) for i in plan.items],
            weekdays=NEW.weekdays,
            reminder_time=NEW.reminder_time,
            note=NOTE,
            now=clock(),
        )
        settings_for(db, patient).weekly_enabled = False  # only the daily reminders here
    db.commit()
    fresh(db)
    return db.get(Plan, plan.id)


def test_this_week_counts_its_old_days_and_next_week_the_new_ones(changed):
    assert planned_sessions(changed, MONDAY, MONDAY + timedelta(days=6)) == 7
    assert planned_sessions(changed, NEXT_MONDAY, NEXT_MONDAY + timedelta(days=6)) == 3
    # Adherence over the 7 days up to Wednesday 2 December (today not logged yet):
    # Thursday to Sunday by the old days (4), Monday by the new ones (Tuesday is not one).
    shares = {NEXT_MONDAY: Share.FULL}
    found = adherence(changed, shares, date(2026, 12, 2), 7)
    assert (found.planned, found.full) == (5, 1)


def test_the_today_page_before_the_change_shows_the_old_days(app, db, changed, patient, clock):
    with app.app_context():
        saturday = today_for(db, patient, clock(), date(2026, 11, 28))
        tuesday = today_for(db, patient, clock(), date(2026, 12, 1))
        wednesday = today_for(db, patient, clock(), date(2026, 12, 2))
    assert saturday.planned  # every day, until Sunday
    assert not tuesday.planned  # not one of the new days
    assert wednesday.planned


def _daily_keys(db) -> set[str]:
    db.rollback()
    return {
        key for key in db.scalars(select(OutboxEmail.idempotency_key)) if key.startswith("daily:")
    }


def test_reminders_go_by_the_old_days_until_monday_and_by_the_new_ones_from_it(
    app, db, changed, patient
):
    sent_at: dict[str, datetime] = {}
    day = WEDNESDAY
    while day <= date(2026, 12, 4):
        # 07:01 and 17:01 UTC: just after 08:00 and 18:00 in Amsterdam.
        for hour in (7, 17):
            instant = datetime.combine(day, time(hour, 1), tzinfo=UTC)
            tick(app, instant)
            for key in _daily_keys(db) - sent_at.keys():
                sent_at[key] = instant
        with app.app_context():  # the patient logs, so no reminder is held back as ignored
            record_session(
                db,
                patient=patient,
                plan=db.get(Plan, changed.id),
                day=day,
                status=SessionStatus.DONE,
                pain=2,
                note="",
                now=datetime.combine(day, time(20, 0), tzinfo=UTC),
            )
        db.commit()
        day += timedelta(days=1)
    by_day = {date.fromisoformat(key.rsplit(":", 1)[1]): at.hour for key, at in sent_at.items()}
    assert by_day == {
        date(2026, 11, 25): 7,
        date(2026, 11, 26): 7,
        date(2026, 11, 27): 7,
        date(2026, 11, 28): 7,
        date(2026, 11, 29): 7,
        date(2026, 11, 30): 17,
        date(2026, 12, 2): 17,
        date(2026, 12, 4): 17,
    }


def test_the_patient_sees_the_coming_change_with_the_note(client, auth, changed):
    auth.login("patient@example.org")
    text = client.get("/today").get_data(as_text=True)
    assert "Vanaf maandag 30 november: ma, wo, vr om 18:00" in text
    assert NOTE in text
    # The change's own line says when it holds, never "now" for a change still to come.
    assert "gewijzigd vanaf 30 november" in text
    assert "Uw oefendagen vanaf dan: maandag, woensdag, vrijdag." in text and "zijn nu" not in text
    assert "Uw herinnering vanaf dan: om 18:00." in text and "komt nu" not in text


def test_the_patients_own_time_holds_from_today_and_for_the_coming_change(
    app, db, changed, patient, clock
):
    with app.app_context():
        change_settings(
            db,
            user=patient,
            plan=changed,
            change=SettingsChange(
                reminder_time=time(9, 0),
                weekdays=ALL_DAYS,
                daily_enabled=True,
                followup_enabled=False,
                weekly_enabled=False,
                quiet_start=time(21, 30),
                quiet_end=time(7, 30),
                paused_until=None,
                locale="nl",
                timezone="Europe/Amsterdam",
            ),
            today=WEDNESDAY,
            now=clock(),
        )
    db.commit()
    fresh(db)
    plan = db.get(Plan, changed.id)
    assert plan.schedule_on(MONDAY) == OLD  # the days before today keep theirs
    assert plan.schedule_on(WEDNESDAY) == Schedule(ALL_DAYS, time(9, 0))
    # The physio's new days still come on Monday, at the time the patient chose.
    assert plan.schedule_on(NEXT_MONDAY) == Schedule(NEW.weekdays, time(9, 0))
    assert plan.next_reminder_at == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def test_a_second_change_on_the_same_day_replaces_the_first(app, db, changed, physio, clock):
    later = Schedule(mask_from_weekdays([1, 3]), time(18, 0))
    with app.test_request_context():
        plan_edits.change_plan(
            db,
            physio=physio,
            plan=changed,
            from_date=NEXT_MONDAY,
            edits=[ItemEdit(i.id, i.sets, i.amount) for i in changed.items],
            weekdays=later.weekdays,
            reminder_time=later.reminder_time,
            note="",
            now=clock(),
        )
    db.commit()
    fresh(db)
    rows = db.scalars(select(PlanSchedule).where(PlanSchedule.plan_id == changed.id)).all()
    assert [(r.starts_on, r.weekdays) for r in rows] == [(NEXT_MONDAY, later.weekdays)]
