"""Time travel from 2026-03-20 to 2026-11-05: one reminder per chosen local day, at its instant.

Five patients in four zones, two of them across both DST switches of their hemisphere with a
02:30 reminder (inside the spring gap, ambiguous in the autumn), one on chosen weekdays with
01:30 in New York (ambiguous on 2026-11-01). The planning pass is ticked minute by minute
around every expected instant and hourly in between, so a reminder at any wrong time would
be created at a wrong time. Expected instants are computed here from the zone rules
(zoneinfo offsets, explicit gap and fold handling), not with webapp.domain.schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from webapp.db import new_session
from webapp.domain.schedule import ALL_DAYS, mask_from_weekdays
from webapp.models import OutboxEmail, Plan, SessionStatus
from webapp.services.care.logbook import record_session
from webapp.services.care.reminder_settings import settings_for
from webapp.services.plans.plans import ItemSpec, create_plan
from webapp.services.reminders.planning import plan_due_reminders
from webapp.wiring import mailroom, secret

WALK_START = datetime(2026, 3, 20, 0, 0, tzinfo=UTC)
WALK_END = datetime(2026, 11, 6, 0, 0, tzinfo=UTC)
WINDOW = range(-2, 3)  # minutes around each expected instant, ticked one by one
COARSE = timedelta(hours=3)
NIGHT_QUIET = (time(12, 0), time(13, 0))  # so that 02:30 is an allowed reminder time
MON_WED_FRI_SUN = mask_from_weekdays([0, 2, 4, 6])


@dataclass(frozen=True)
class Patient:
    """Who is reminded, where, at what wall time and on which weekdays."""

    email: str
    zone: str
    at: time
    weekdays: int = ALL_DAYS
    quiet: tuple[time, time] | None = None


PATIENTS = (
    Patient("amsterdam.morning@example.org", "Europe/Amsterdam", time(8, 0)),
    Patient("amsterdam.night@example.org", "Europe/Amsterdam", time(2, 30), quiet=NIGHT_QUIET),
    # Monday, Wednesday, Friday and Sunday: 2026-11-01, the ambiguous day, is a Sunday.
    Patient("new.york@example.org", "America/New_York", time(1, 30), MON_WED_FRI_SUN, NIGHT_QUIET),
    Patient("kolkata@example.org", "Asia/Kolkata", time(9, 15)),
    Patient("sydney@example.org", "Australia/Sydney", time(2, 30), quiet=NIGHT_QUIET),
)


def wall_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant a wall time is due by the design's DST rules, from the zone's offsets.

    Every UTC instant showing that wall time is a candidate: one on a normal day, two on
    the autumn day (the first one counts), none in the spring gap (then the wall time read
    with the offset from before the jump, which is the wall time shifted forward by the gap).
    """
    wall = datetime.combine(day, at)
    candidates = {wall.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1)}
    showing = sorted(c for c in candidates if c.astimezone(zone).replace(tzinfo=None) == wall)
    if showing:
        return showing[0]
    offset_before = (wall - timedelta(hours=3)).replace(tzinfo=zone).utcoffset()
    return (wall - offset_before).replace(tzinfo=UTC)


def expected_instants(patient: Patient) -> list[tuple[date, datetime]]:
    """Each chosen local day of the walk with the instant its reminder is due."""
    zone = ZoneInfo(patient.zone)
    day, found = WALK_START.astimezone(zone).date(), []
    while day <= WALK_END.astimezone(zone).date():
        due = wall_to_utc(day, patient.at, zone)
        if patient.weekdays & (1 << day.weekday()) and WALK_START < due < WALK_END:
            found.append((day, due))
        day += timedelta(days=1)
    return found


def utc(*fields: int) -> datetime:
    """A UTC instant."""
    return datetime(*fields, tzinfo=UTC)


def test_the_expectation_follows_the_dst_rules():
    amsterdam, sydney = ZoneInfo("Europe/Amsterdam"), ZoneInfo("Australia/Sydney")
    night = time(2, 30)
    # Spring gap: 02:30 does not exist and is due at 03:30 summer time.
    assert wall_to_utc(date(2026, 3, 29), night, amsterdam) == utc(2026, 3, 29, 1, 30)
    assert wall_to_utc(date(2026, 10, 4), night, sydney) == utc(2026, 10, 3, 16, 30)
    # Autumn: 02:30 happens twice and is due at the first, still in summer time.
    assert wall_to_utc(date(2026, 10, 25), night, amsterdam) == utc(2026, 10, 25, 0, 30)
    assert wall_to_utc(date(2026, 4, 5), night, sydney) == utc(2026, 4, 4, 15, 30)
    new_york = ZoneInfo("America/New_York")
    assert wall_to_utc(date(2026, 11, 1), time(1, 30), new_york) == utc(2026, 11, 1, 5, 30)
    # Ordinary days either side of the spring gap.
    assert wall_to_utc(date(2026, 3, 28), night, amsterdam) == utc(2026, 3, 28, 1, 30)
    assert wall_to_utc(date(2026, 3, 30), night, amsterdam) == utc(2026, 3, 30, 0, 30)


@pytest.fixture
def walkers(request, app, db, make_user, exercises, clock):
    """The five patients with plans from the walk's first day, weekly summaries off."""
    # A single-writer walk of ~11,000 passes: the DST arithmetic is the same on PostgreSQL
    # (timestamps are stored in UTC on both), and running it twice would double the suite.
    if "postgresql" in request.node.callspec.id:
        pytest.skip("the time walk runs on SQLite only; PostgreSQL adds no DST logic")
    clock.set(WALK_START)
    found = []
    with app.app_context():
        for spec in PATIENTS:
            user = make_user(spec.email, timezone=spec.zone)
            plan = create_plan(
                db,
                patient=user,
                author=user,
                items=[ItemSpec(e, e.default_sets, e.default_amount) for e in exercises],
                weekdays=spec.weekdays,
                reminder_time=spec.at,
                start_date=WALK_START.astimezone(ZoneInfo(spec.zone)).date(),
                now=WALK_START,
            )
            settings = settings_for(db, user)
            settings.weekly_enabled = False
            if spec.quiet:
                settings.quiet_start, settings.quiet_end = spec.quiet
            found.append((spec, user, plan))
        db.commit()
    return found


def test_one_reminder_per_chosen_local_day_at_its_instant(app, db, walkers):
    due_at: dict[datetime, list] = {}  # instant -> [(patient, user, plan, day)]
    expected_keys = {}
    for spec, user, plan in walkers:
        instants = expected_instants(spec)
        nexts = [due for _, due in instants[1:]] + [None]
        for (day, due), following in zip(instants, nexts, strict=True):
            due_at.setdefault(due, []).append((user, plan, day, following))
            expected_keys[f"daily:{user.id}:{day.isoformat()}"] = due
    ticks = {due + timedelta(minutes=m) for due in due_at for m in WINDOW}
    instant = WALK_START
    while instant < WALK_END:
        ticks.add(instant)
        instant += COARSE

    mistakes = []
    with app.app_context(), new_session(app) as scheduler:
        for tick in sorted(ticks):
            queued = plan_due_reminders(scheduler, tick, mailroom=mailroom(app), secret=secret(app))
            firing = due_at.get(tick, [])
            if queued != len(firing):
                mistakes.append(f"{tick:%Y-%m-%d %H:%M}Z: {queued} queued, {len(firing)} due")
            for user, plan, day, following in firing:
                db.rollback()  # see the scheduler's commit
                planned = db.scalar(select(Plan.next_reminder_at).where(Plan.id == plan.id))
                if following is not None and planned != following:
                    mistakes.append(f"{user.email} after {day}: next {planned}, not {following}")
                # The patient does the exercises, so three ignored reminders never add up.
                record_session(
                    db,
                    patient=user,
                    plan=plan,
                    day=day,
                    status=SessionStatus.DONE,
                    pain=2,
                    note="",
                    now=tick + timedelta(minutes=3),
                )
                db.commit()
    assert mistakes == [], "\n".join(mistakes[:20])

    db.rollback()
    created = {row.idempotency_key: row.created_at for row in db.scalars(select(OutboxEmail))}
    assert created.keys() == expected_keys.keys()
    late_or_early = {k: (created[k], due) for k, due in expected_keys.items() if created[k] != due}
    assert late_or_early == {}
    assert len(created) > 900  # 5 patients, ~230 days: the walk really covered the period
