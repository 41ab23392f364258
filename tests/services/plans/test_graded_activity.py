"""Graded activity through the services: a patient's twelve-plus weeks, day by day.

Baseline week, confirmation, weeks advanced and held by their logs, a flare, the goal and
maintenance; quotas, caps and escalation flags at every step.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from webapp.domain.progression import Decision
from webapp.domain.templates import MON_WED_FRI
from webapp.models import SessionStatus
from webapp.services.care.logbook import record_session
from webapp.services.core.errors import ServiceError
from webapp.services.core.flags import open_flags, update_escalations
from webapp.services.library.catalogue import load_catalogue
from webapp.services.plans.graded import (
    close_due_weeks,
    confirm_ramp,
    declare_flare,
    proposals,
    quota,
    weeks_to_close,
)
from webapp.services.plans.plans import create_from_template

MONDAY = date(2026, 1, 5)


def noon(day: date) -> datetime:
    """11:00 UTC is 12:00 in Amsterdam in winter."""
    return datetime.combine(day, time(11), tzinfo=UTC)


@pytest.fixture
def build_up(app, db, patient, clock):
    with app.app_context():
        load_catalogue(db, app.config["CATALOGUE_DIR"])
        clock.set(noon(MONDAY))
        plan = create_from_template(
            db,
            patient=patient,
            author=patient,
            template_key="build_up",
            start_date=MONDAY,
            now=clock(),
        )
    db.commit()
    return plan


class Patient:
    """Drives one patient's plan through the services, as the pages and scheduler would."""

    def __init__(self, app, db, patient, plan, clock):
        self.app, self.db, self.patient, self.plan, self.clock = app, db, patient, plan, clock

    def on(self, day: date):
        self.clock.set(noon(day))
        with self.app.app_context():
            close_due_weeks(self.db, self.plan, day, self.clock())
            update_escalations(self.db, self.plan, day, self.clock())
        self.db.commit()
        return self

    def quotas(self, day: date) -> list[int | None]:
        return [quota(self.plan, item, day) for item in self.plan.items]

    def log(self, day: date, amounts: list[int] | None = None, status=SessionStatus.DONE):
        self.on(day)
        given = (
            dict(zip([i.id for i in self.plan.items], amounts, strict=True)) if amounts else None
        )
        with self.app.app_context():
            result = record_session(
                self.db,
                patient=self.patient,
                plan=self.plan,
                day=day,
                status=status,
                pain=3,
                note="",
                now=self.clock(),
                amounts=given,
            )
        self.db.commit()
        return result

    def week_decision(self, week: int) -> str | None:
        return next(w.decision for w in self.plan.weeks if w.week == week)

    def flags(self) -> set[str]:
        return {f.kind for f in open_flags(self.db, self.patient.id)}


def days(start: date, *offsets: int) -> list[date]:
    return [start + timedelta(days=o) for o in offsets]


def test_a_patient_through_baseline_ramp_flare_goal_and_maintenance(
    app, db, patient, build_up, clock
):
    p = Patient(app, db, patient, build_up, clock)
    walking, bridge, bird_dog = build_up.items
    assert build_up.weekdays == MON_WED_FRI and build_up.in_baseline

    # Baseline week: measured, not capped; no proposal before the third session.
    for day, amounts in zip(
        days(MONDAY, 0, 2, 4), ([10, 10, 8], [12, 10, 9], [11, 10, 10]), strict=True
    ):
        assert proposals(db, build_up) is None
        result = p.log(day, amounts)
        assert result.capped == [] and result.log.baseline
    proposal = proposals(db, build_up)
    assert (proposal[walking.id].baseline, proposal[walking.id].q0) == (11.0, 9)  # 0.8 x B
    assert (proposal[bridge.id].q0, proposal[bird_dog.id].q0) == (8, 7)
    assert proposal[walking.id].goal == 30 and proposal[walking.id].advice is None

    # Confirmation: the patient keeps the walking goal, agrees 20 s bridges over 11 weeks.
    ramp_start = MONDAY + timedelta(days=7)
    p.on(ramp_start)
    with app.app_context():
        confirm_ramp(
            db,
            build_up,
            {walking.id: (30, 11), bridge.id: (20, 11), bird_dog.id: (18, 11)},
            ramp_start,
            clock(),
        )
    db.commit()
    assert p.quotas(ramp_start) == [9, 8, 7]

    week = lambda n: ramp_start + timedelta(days=7 * n)  # noqa: E731
    expected_walking = []

    # Week 0: all three sessions at the quota -> advanced.
    for day in days(week(0), 0, 2, 4):
        p.log(day)
    # Doing more on a good day is capped at the quota.
    capped = p.log(week(0) + timedelta(days=4), [25, 8, 7])
    assert capped.capped == [walking.id] and capped.log.amount_for(walking.id) == 9
    p.on(week(1))
    assert p.week_decision(0) == Decision.ADVANCED
    expected_walking.append(9)

    # Week 1: one session only -> held; week 2 keeps week 1's quota.
    p.log(week(1))
    p.on(week(2))
    assert p.week_decision(1) == Decision.HELD
    assert p.quotas(week(2)) == p.quotas(week(1))
    # Week 2: two of three planned, one of them partial (below 90%) -> held again -> flag.
    p.log(week(2), [p.quotas(week(2))[0] - 5, 9, 8], status=SessionStatus.PARTIAL)
    p.log(week(2) + timedelta(days=2))
    p.on(week(3))
    assert p.week_decision(2) == Decision.HELD
    assert "two_held" in p.flags()

    # Week 3: a flare-up: this week steps back one level, then the plan continues.
    before = p.quotas(week(3))
    with app.app_context():
        declare_flare(db, build_up, week(3), clock())
    db.commit()
    stepped_back = p.quotas(week(3))
    assert stepped_back[0] < before[0] and stepped_back[0] >= 9 - 3
    with app.app_context(), pytest.raises(ServiceError):
        p.on(week(4))
        declare_flare(db, build_up, week(4), clock())  # not two weeks in a row
    for day in days(week(3), 0, 2, 4):
        p.log(day)
    p.on(week(4))
    assert p.week_decision(3) == Decision.FLARE
    assert p.quotas(week(4)) == before  # back where it was, no progress lost or gained
    # Three weeks without a step up (held, held, flare): the physio is asked to look.
    assert p.flags() == {"no_increase_3_weeks"}

    # From week 4: every session done -> a step up every week, then a week at the goal.
    n = 4
    while build_up.goal_reached_on is None:
        expected_walking.append(p.quotas(week(n))[0])
        for day in days(week(n), 0, 2, 4):
            p.log(day)
        n += 1
        p.on(week(n))
        assert p.week_decision(n - 1) == Decision.ADVANCED
        assert not p.flags() & {"two_held", "no_increase_3_weeks"}
        assert n < 20, "the goal should be reached within the planned weeks"
    # 11 levels: a step up in week 0 and from week 4 on; week 13 holds the goal.
    assert n == 14 and build_up.goal_reached_on == week(14)
    assert expected_walking == [9, 11, 13, 15, 17, 20, 22, 24, 26, 28, 30]
    assert p.quotas(week(n)) == [30, 20, 18]

    # Maintenance: the quota stays at the goal.
    for day in days(week(n), 0, 2, 4):
        p.log(day)
    p.on(week(n + 1))
    assert p.quotas(week(n + 1)) == [30, 20, 18]
    # A quiet week raises the no-log flag for the physio.
    p.on(week(n + 2) + timedelta(days=3))
    assert "no_log_7_days" in p.flags()


def test_confirming_before_three_baseline_sessions_is_refused(app, db, patient, build_up, clock):
    p = Patient(app, db, patient, build_up, clock)
    p.log(MONDAY, [10, 10, 8])
    with app.app_context(), pytest.raises(ServiceError):
        confirm_ramp(db, build_up, {}, MONDAY + timedelta(days=7), clock())


def test_a_goal_below_the_start_is_refused(app, db, patient, build_up, clock):
    p = Patient(app, db, patient, build_up, clock)
    for day in days(MONDAY, 0, 2, 4):
        p.log(day, [10, 10, 8])
    walking = build_up.items[0]
    with app.app_context(), pytest.raises(ServiceError):
        confirm_ramp(db, build_up, {walking.id: (2, 11)}, MONDAY + timedelta(days=7), clock())
    with app.app_context(), pytest.raises(ServiceError):
        confirm_ramp(db, build_up, {walking.id: (30, 40)}, MONDAY + timedelta(days=7), clock())


@pytest.mark.parametrize("offset,message", [(1, "nog moet komen"), (-8, "dagen terug")])
def test_logs_for_the_future_or_long_ago_are_refused(
    app, db, patient, build_up, clock, offset, message
):
    clock.set(noon(MONDAY))
    with app.app_context(), pytest.raises(ServiceError, match=message) as refused:
        record_session(
            db,
            patient=patient,
            plan=build_up,
            day=MONDAY + timedelta(days=offset),
            status=SessionStatus.DONE,
            pain=1,
            note="",
            now=clock(),
        )
    assert refused.value.field == "day"


def test_negative_and_huge_amounts_are_refused(app, db, patient, build_up, clock):
    p = Patient(app, db, patient, build_up, clock)
    for bad in ([-1, 10, 8], [10, 100_000, 8]):
        with pytest.raises(ServiceError) as refused:
            p.log(MONDAY, bad)
        assert refused.value.field.startswith("amount_")


def test_the_scheduler_closes_weeks_and_raises_flags(app, db, patient, build_up, clock):
    from scheduler.jobs import tick

    p = Patient(app, db, patient, build_up, clock)
    for day in days(MONDAY, 0, 2, 4):
        p.log(day, [10, 10, 8])
    ramp_start = MONDAY + timedelta(days=7)
    p.on(ramp_start)
    with app.app_context():
        confirm_ramp(db, build_up, {}, ramp_start, clock())
    db.commit()
    # Nothing logged in week 0; the scheduler's pass on the next Monday closes it as held.
    report = tick(app, noon(ramp_start + timedelta(days=7)))
    assert report.weeks_closed == 1
    db.rollback()
    db.expire_all()  # see what the scheduler's own session committed
    assert p.week_decision(0) == Decision.HELD
    assert "no_log_7_days" in p.flags()


def confirmed_after_baseline(app, db, plan, clock) -> date:
    """Three measured baseline sessions, then the ramp confirmed; returns its first day."""
    for day, amounts in zip(
        days(MONDAY, 0, 2, 4), ([10, 10, 8], [12, 10, 9], [11, 10, 10]), strict=True
    ):
        log_quietly(app, db, plan, day, amounts, clock)
    ramp_start = MONDAY + timedelta(days=7)
    clock.set(noon(ramp_start))
    with app.app_context():
        confirm_ramp(db, plan, {}, ramp_start, clock())
    db.commit()
    return ramp_start


def log_quietly(app, db, plan, day: date, amounts: list[int], clock) -> None:
    """Log a session as the log page does, without the page's own week close."""
    clock.set(noon(day))
    with app.app_context():
        record_session(
            db,
            patient=plan.patient,
            plan=plan,
            day=day,
            status=SessionStatus.DONE,
            pain=2,
            note="",
            now=clock(),
            amounts=dict(zip([i.id for i in plan.items], amounts, strict=True)),
        )
    db.commit()


def test_the_week_close_has_work_once_a_ramp_week_has_ended_and_until_it_is_closed(
    app, db, patient, build_up, clock
):
    from webapp.services.reminders.snapshot import active_plans

    def both_shapes(day: date) -> set[bool]:
        """The rule's answer for the stored plan and for the planning pass's record of it."""
        db.expire_all()
        record = active_plans(db, [patient.id], {})[patient.id]
        return {weeks_to_close(build_up, day), weeks_to_close(record, day)}

    assert both_shapes(MONDAY + timedelta(days=5)) == {False}  # the baseline week: no ramp
    ramp_start = confirmed_after_baseline(app, db, build_up, clock)
    assert both_shapes(ramp_start + timedelta(days=6)) == {False}  # week 0 is still running
    assert both_shapes(ramp_start + timedelta(days=7)) == {True}  # week 0 ended, not decided
    with app.app_context():
        close_due_weeks(db, build_up, ramp_start + timedelta(days=7), clock())
    db.commit()
    assert both_shapes(ramp_start + timedelta(days=7)) == {False}
    assert both_shapes(ramp_start + timedelta(days=14)) == {True}  # and week 1 ends


def test_the_weekly_summary_closes_the_week_it_tells_about(app, db, patient, build_up, clock):
    from sqlalchemy import select

    from scheduler.jobs import plan_reminders
    from webapp.models import OutboxEmail, PlanWeek
    from webapp.services.care.reminder_settings import settings_for

    patient.locale = "en"
    with app.app_context():
        settings_for(db, patient).weekly_enabled = True
    db.commit()
    ramp_start = confirmed_after_baseline(app, db, build_up, clock)
    for day in days(ramp_start, 0, 2, 4):  # every session of ramp week 0 done as asked
        asked = [quota(build_up, item, day) for item in build_up.items]
        log_quietly(app, db, build_up, day, asked, clock)
    # Only the planning pass runs (no nightly week close), at 18:30 in Amsterdam each day.
    for offset in range(15):
        plan_reminders(app, datetime.combine(MONDAY + timedelta(days=offset), time(17, 30), UTC))
    db.rollback()
    db.expire_all()
    week_1 = ramp_start + timedelta(days=7)
    summary = db.scalar(
        select(OutboxEmail).where(OutboxEmail.idempotency_key == f"weekly:{patient.id}:{week_1}")
    )
    assert "this week your plan goes up a little" in summary.text_body
    weeks = db.scalars(select(PlanWeek).where(PlanWeek.plan_id == build_up.id))
    stored = {week.week: week for week in weeks}
    assert stored[0].decision == Decision.ADVANCED
    assert stored[0].closed_at == datetime.combine(week_1, time(17, 30), UTC)
    assert stored[1].closed_at is None  # the week the summary starts is open
    walking = build_up.items[0]
    assert f"(last week {quota(build_up, walking, ramp_start)})" in summary.text_body
