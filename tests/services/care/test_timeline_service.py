"""Timeline checkpoints from the start of the back pain: on the today page and, once, by email."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from scheduler.jobs import plan_reminders
from webapp.domain.timeline import Checkpoint
from webapp.models import CheckpointMention, OutboxEmail, PlanWeek, SessionLog, SessionStatus
from webapp.services.care.reminder_settings import settings_for
from webapp.services.care.timeline import activity_rising, set_onset, timeline_for

GP, PHYSIO, CHRONIC = Checkpoint.GP_STEP_PLAN, Checkpoint.PHYSIO_REVIEW, Checkpoint.CHRONIC_CARE
AT_0800 = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # 08:00 in Amsterdam


def arrange(db, patient, plan, clock, *, onset_weeks, onset_days=0, plan_weeks=6):
    """Pain that began some weeks ago, and a plan that started some weeks ago."""
    today = clock().date()
    patient.onset_date = today - timedelta(weeks=onset_weeks, days=onset_days)
    plan.start_date = today - timedelta(weeks=plan_weeks)
    db.commit()
    return today


def found(app, db, patient, clock):
    with app.app_context():
        return timeline_for(db, patient, clock()).checkpoints


def log_pain(db, patient, plan, clock, days_ago: int, pain: int):
    now = clock()
    day = now.date() - timedelta(days=days_ago)
    db.add(
        SessionLog(
            patient_id=patient.id,
            plan_id=plan.id,
            local_date=day,
            status=SessionStatus.DONE,
            pain=pain,
            created_at=now,
            updated_at=now,
        )
    )
    db.commit()


def test_no_start_date_no_checkpoints(app, db, patient, plan, clock):
    with app.app_context():
        timeline = timeline_for(db, patient, clock())
    assert (timeline.onset, timeline.weeks, timeline.checkpoints) == (None, None, [])


@pytest.mark.parametrize(
    ("weeks", "days", "expected"),
    [
        (0, 3, []),
        (2, 6, []),
        (3, 0, [PHYSIO]),
        (3, 6, [PHYSIO]),
        (4, 0, [GP, PHYSIO]),
        (11, 6, [GP, PHYSIO]),
        (12, 0, [CHRONIC, GP, PHYSIO]),
    ],
)
def test_checkpoints_at_the_right_weeks(app, db, patient, plan, clock, weeks, days, expected):
    # A fixed plan of six weeks and no pain scores: no rise in activity, no improvement seen.
    arrange(db, patient, plan, clock, onset_weeks=weeks, onset_days=days)
    assert found(app, db, patient, clock) == expected


def test_a_plan_younger_than_three_weeks_is_not_yet_judged_on_activity(
    app, db, patient, plan, clock
):
    arrange(db, patient, plan, clock, onset_weeks=5, plan_weeks=2)
    assert found(app, db, patient, clock) == [GP]


def test_clearly_less_pain_means_no_gp_checkpoint(app, db, patient, plan, clock):
    arrange(db, patient, plan, clock, onset_weeks=5)
    for days_ago in (30, 28, 26):
        log_pain(db, patient, plan, clock, days_ago, 7)
    for days_ago in (5, 3, 1):
        log_pain(db, patient, plan, clock, days_ago, 3)
    assert found(app, db, patient, clock) == [PHYSIO]


def test_pain_that_stays_the_same_keeps_the_gp_checkpoint(app, db, patient, plan, clock):
    arrange(db, patient, plan, clock, onset_weeks=5)
    log_pain(db, patient, plan, clock, 30, 6)
    log_pain(db, patient, plan, clock, 2, 5)
    assert found(app, db, patient, clock) == [GP, PHYSIO]


def test_scores_from_before_the_onset_do_not_count(app, db, patient, plan, clock):
    arrange(db, patient, plan, clock, onset_weeks=5)
    log_pain(db, patient, plan, clock, 40, 9)  # an earlier episode
    log_pain(db, patient, plan, clock, 2, 7)
    assert GP in found(app, db, patient, clock)


def ramp(db, plan, today, decisions):
    """Make the plan a build-up with these closed weeks, newest last."""
    plan.items[0].graded = True
    plan.ramp_start = today - timedelta(weeks=len(decisions))
    for week, decision in enumerate(decisions):
        plan.weeks.append(
            PlanWeek(
                week=week,
                starts_on=plan.ramp_start + timedelta(weeks=week),
                quotas={},
                decision=decision,
                closed_at=AT_0800,
            )
        )
    db.commit()


def test_a_build_up_that_stepped_up_lately_is_rising(app, db, patient, plan, clock):
    today = arrange(db, patient, plan, clock, onset_weeks=6)
    ramp(db, plan, today, ["held", "advanced", "held", "held"])
    assert activity_rising(plan, today)
    assert found(app, db, patient, clock) == [GP]


def test_a_build_up_held_three_weeks_asks_for_a_physio_review(app, db, patient, plan, clock):
    today = arrange(db, patient, plan, clock, onset_weeks=6)
    ramp(db, plan, today, ["advanced", "held", "flare", "held"])
    assert not activity_rising(plan, today)
    assert found(app, db, patient, clock) == [GP, PHYSIO]


def test_no_plan_shows_no_rise(app, db, patient, clock):
    patient.onset_date = clock().date() - timedelta(weeks=3)
    db.commit()
    assert found(app, db, patient, clock) == [PHYSIO]


def today_page(client, auth, db, patient):
    patient.locale = "en"
    db.commit()
    auth.login("patient@example.org")
    return client.get("/today").get_data(as_text=True)


def test_the_today_page_shows_the_checkpoints_that_apply(client, auth, db, patient, plan, clock):
    arrange(db, patient, plan, clock, onset_weeks=4, plan_weeks=1)
    body = today_page(client, auth, db, patient)
    assert "Your back pain started 4 weeks ago." in body
    assert "Talk to your GP about the step plan" in body
    assert 'href="/learn/step-plan"' in body
    assert "Ask your physiotherapist to look at your plan" not in body


def test_the_today_page_early_on_shows_no_checkpoint(client, auth, db, patient, plan, clock):
    arrange(db, patient, plan, clock, onset_weeks=1, plan_weeks=1)
    body = today_page(client, auth, db, patient)
    assert "Your back pain started 1 week ago." in body
    assert "most back pain is gone within 4 to 6 weeks" in body
    assert "Talk to your GP" not in body and "Help when back pain lasts longer" not in body


def test_the_today_page_after_twelve_weeks(client, auth, db, patient, plan, clock):
    arrange(db, patient, plan, clock, onset_weeks=13)
    body = today_page(client, auth, db, patient)
    assert body.index("Help when back pain lasts longer") < body.index("Talk to your GP")
    assert body.count('class="notice checkpoint"') == 3


def weekly_bodies(db):
    db.rollback()
    rows = db.scalars(
        select(OutboxEmail).where(OutboxEmail.kind == "weekly").order_by(OutboxEmail.id)
    ).all()
    return [(row.text_body, row.html_body) for row in rows]


def test_the_weekly_summary_mentions_a_checkpoint_once(app, db, patient, plan, clock):
    patient.locale = "en"
    patient.onset_date = plan.start_date - timedelta(weeks=5)
    with app.app_context():
        settings_for(db, patient).weekly_enabled = True
    db.commit()
    for day in range(15):
        plan_reminders(app, AT_0800 + timedelta(days=day))
    first, second = weekly_bodies(db)
    assert first[0].count("Talk to your GP about the step plan") == 1
    assert "make a step plan" in first[0]
    assert "Read more: http://" in first[0] and "/learn/step-plan" in first[0]
    assert "<strong>Talk to your GP about the step plan</strong>" in first[1]
    assert "Ask your physiotherapist to look at your plan" not in first[0]  # a new plan
    assert "step plan" not in second[0] and "step plan" not in second[1]
    mentions = db.scalars(select(CheckpointMention)).all()
    assert [(m.user_id, m.checkpoint) for m in mentions] == [(patient.id, "gp_step_plan")]


def test_a_new_start_date_lets_the_checkpoints_be_mentioned_again(app, db, patient, clock):
    today = clock().date()
    with app.app_context():
        set_onset(db, patient, today - timedelta(weeks=5), today)
        db.add(
            CheckpointMention(user_id=patient.id, checkpoint="gp_step_plan", mentioned_at=clock())
        )
        db.flush()
        set_onset(db, patient, today - timedelta(weeks=5), today)  # unchanged: kept
        assert len(db.scalars(select(CheckpointMention)).all()) == 1
        set_onset(db, patient, today - timedelta(days=2), today)
        assert db.scalars(select(CheckpointMention)).all() == []
    db.commit()
