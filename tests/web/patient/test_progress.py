"""The progress page, the printable plan and the calendar feed, for a plan driven through weeks.

The plan is driven day by day through the services, as in test_graded_activity.py: a
baseline week, then ramp weeks advanced or held by what was logged.
"""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from tests.support.progress import MON_WED_FRI, MONDAY, RAMP, Driver, noon
from webapp.domain.schedule import mask_from_weekdays
from webapp.models import Plan, SessionStatus, User, Video, VideoSource, VideoStatus
from webapp.services.care.progress import current_streak, progress_for
from webapp.services.plans.graded import confirm_ramp
from webapp.services.plans.plans import create_from_template

SVG_RE = re.compile(r"<svg class=\"chart\".*?</svg>", re.S)


@pytest.fixture
def driven(app, db, patient, clock, catalogue):
    """A build-up plan: baseline week, week 0 advanced, week 1 held, week 2 under way.

    Today is Wednesday of ramp week 2 (28 January 2026), not yet logged.
    """
    clock.set(noon(MONDAY))
    with app.app_context():
        plan = create_from_template(
            db,
            patient=patient,
            author=patient,
            template_key="build_up",
            start_date=MONDAY,
            now=clock(),
        )
    db.commit()
    p = Driver(app, db, patient, plan, clock)
    for offset, amounts in ((0, [10, 10, 8]), (2, [12, 10, 9]), (4, [11, 10, 10])):
        p.log(MONDAY + timedelta(days=offset), amounts, pain=5)
    p.on(RAMP)
    walking, bridge, bird_dog = plan.items
    with app.app_context():
        confirm_ramp(
            db,
            plan,
            {walking.id: (30, 11), bridge.id: (20, 11), bird_dog.id: (18, 11)},
            RAMP,
            clock(),
        )
    db.commit()
    for offset in (0, 2, 4):  # week 0: every session at the quota -> advanced
        p.log(RAMP + timedelta(days=offset), pain=4)
    week1 = RAMP + timedelta(days=7)
    p.log(week1, pain=3)  # week 1: one done, one partial, Friday missed -> held
    p.log(week1 + timedelta(days=2), [5, 9, 8], status=SessionStatus.PARTIAL, pain=6)
    week2 = RAMP + timedelta(days=14)
    p.log(week2, pain=2)
    p.on(week2 + timedelta(days=2))
    return p


def test_service_numbers_per_ramp_week(app, db, patient, driven):
    with app.app_context():
        report = progress_for(db, patient, driven.clock())
    assert (report.phase, report.week, report.today) == ("ramp", 2, date(2026, 1, 28))
    walking = report.items[0]
    rows = [(w.week, w.quota, w.planned, w.logged, w.done) for w in walking.weeks]
    # Week 2 so far: Monday planned and done; today (Wednesday) is not logged yet.
    assert rows == [(0, 9, 3, 3, 27), (1, 11, 3, 2, 16), (2, 11, 1, 1, 11)]
    assert [round(w.per_planned, 2) for w in walking.weeks] == [9.0, 5.33, 11.0]
    assert [w.starts_on for w in walking.weeks] == [RAMP + timedelta(days=7 * n) for n in range(3)]
    bridge = report.items[1]
    assert [(w.quota, w.done) for w in bridge.weeks] == [(8, 24), (9, 18), (9, 9)]
    # The ramp ahead: past and current weeks as decided, then a step a week to the goal.
    assert walking.ramp.quotas == [9, 11, 11, 13, 15, 17, 20, 22, 24, 26, 28, 30]
    assert (walking.ramp.current, walking.ramp.goal, walking.ramp.first_week) == (2, 30, 0)
    assert walking.ramp.quotas[-1] == 30 and walking.ramp.quotas[-2] < 30
    # Pain: every log of the last 8 weeks, baseline included, oldest first.
    assert [(p.day, p.pain) for p in report.pain][:2] == [(MONDAY, 5), (MONDAY + timedelta(2), 5)]
    assert len(report.pain) == 9 and report.pain[-1].pain == 2
    assert report.streak == 1  # Monday; Friday of week 1 was missed


def test_logging_today_counts_for_the_week_and_the_streak(app, db, patient, driven):
    driven.log(driven.clock().date(), pain=3)
    with app.app_context():
        report = progress_for(db, patient, driven.clock())
    current = report.items[0].weeks[-1]
    assert (current.planned, current.logged, current.done) == (2, 2, 22)
    assert report.streak == 2


def test_progress_is_a_pure_read(app, db, patient, driven):
    before = db.execute(select(User.calendar_token)).all()
    weeks = [(w.week, w.decision, w.closed_at) for w in driven.plan.weeks]
    with app.app_context():
        progress_for(db, patient, driven.clock())
    assert not db.new and not db.dirty and not db.deleted
    assert [(w.week, w.decision, w.closed_at) for w in driven.plan.weeks] == weeks
    assert db.execute(select(User.calendar_token)).all() == before


def test_a_plan_without_build_up_counts_plan_weeks_with_the_fixed_dose(
    app, db, patient, plan, clock
):
    start = plan.start_date
    p = Driver(app, db, patient, plan, clock)
    p.log(start, pain=7)
    p.log(start + timedelta(days=1), [5, 5, 10], status=SessionStatus.PARTIAL, pain=6)
    later = start + timedelta(days=60)  # week 8, day 4
    p.log(later - timedelta(days=1), pain=2)
    p.log(later, pain=1)
    with app.app_context():
        report = progress_for(db, patient, clock())
    assert report.phase == "fixed" and report.week == 8
    assert [ip.item.exercise.slug for ip in report.items] == ["walking", "pelvic-tilt", "cat-camel"]
    walking = report.items[0]
    assert all(w.quota == 10 for w in walking.weeks) and walking.ramp is None
    assert (walking.weeks[0].planned, walking.weeks[0].logged, walking.weeks[0].done) == (7, 2, 15)
    assert walking.weeks[1].per_planned == 0
    assert (walking.weeks[8].planned, walking.weeks[8].done) == (5, 20)
    # Only the last 8 weeks of pain: the first week's scores are out of the window.
    assert [(p.day, p.pain) for p in report.pain] == [(later - timedelta(1), 2), (later, 1)]
    assert report.streak == 2


def test_streak_counts_planned_days_done_or_partly_done():
    plan = Plan(start_date=date(2026, 1, 5), weekdays=mask_from_weekdays(MON_WED_FRI))
    done, partial, skipped = SessionStatus.DONE, SessionStatus.PARTIAL, SessionStatus.SKIPPED
    wed = date(2026, 1, 14)
    logs = {date(2026, 1, 9): done, date(2026, 1, 10): done, date(2026, 1, 12): partial}
    # Today (Wednesday) not logged yet: it does not break the streak; Saturday is no plan day.
    assert current_streak(plan, logs, wed) == 2
    assert current_streak(plan, {**logs, wed: done}, wed) == 3
    assert current_streak(plan, {**logs, wed: skipped}, wed) == 0
    # Thursday: Wednesday was the last planned day and was missed.
    assert current_streak(plan, logs, wed + timedelta(days=1)) == 0
    # Nothing before the plan's start counts, and it does not loop past it.
    assert current_streak(plan, {date(2026, 1, 5): done}, date(2026, 1, 6)) == 1


def _svgs(body: str) -> list[ET.Element]:
    return [ET.fromstring(svg) for svg in SVG_RE.findall(body)]


def test_progress_page_shows_charts_with_title_desc_and_tables(client, auth, patient, db, driven):
    patient.locale = "en"
    db.commit()
    auth.login("patient@example.org")
    response = client.get("/progress")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    svgs = _svgs(body)
    # Per build-up exercise: weeks so far and the ramp ahead; plus the pain trend.
    assert len(svgs) == 7
    ns = "{http://www.w3.org/2000/svg}"
    for svg in svgs:
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{ns}title"), svg.find(f"{ns}desc")
        assert title.text and desc.text
        assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    walking = next(s for s in svgs if s.get("id") == f"weeks-{driven.plan.items[0].id}")
    assert walking.find(f"{ns}title").text == "Walking: what your plan asked and what you did"
    assert walking.find(f"{ns}desc").text.startswith(
        "In week 3 your plan asks 11. So far you did 11 per planned session."
    )
    assert len(walking.findall(f"{ns}rect")) == 3
    pain = next(s for s in svgs if s.get("id") == "pain")
    ticks = [t.text for t in pain.iter(f"{ns}text") if t.get("class") == "tick"]
    assert ticks == ["0", "2", "4", "6", "8", "10"]
    assert body.count("<table") == 7 and body.count("<caption") == 7
    assert 'scope="col"' in body and 'scope="row"' in body
    assert "5.3" in body  # week 2 walking: 16 done over 3 planned sessions
    assert "You did your exercises on your last planned day." in body
    assert "The line shows what your plan asked each week." in body
    assert 'href="/progress" aria-current="page"' in body
    assert "css/progress.css" in body
    # The charts need no script: the only ones are the site-wide app and menu scripts.
    assert re.findall(r'<script src="([^"]+)"', body) == ["/static/js/app.js", "/static/js/menu.js"]
    assert 'style="' not in body  # the CSP allows no inline styles


def test_progress_in_dutch_uses_dutch_numbers(client, auth, driven):
    auth.login("patient@example.org")
    body = client.get("/progress").get_data(as_text=True)
    assert '<html lang="nl">' in body and "5,3" in body and "Wandelen" in body


def test_progress_without_plan_links_to_today(client, auth, patient):
    auth.login("patient@example.org")
    response = client.get("/progress")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="/today"' in body and "<svg" not in body


def test_progress_in_the_baseline_week_explains_when_charts_come(
    client, auth, app, db, patient, clock, catalogue
):
    with app.app_context():
        create_from_template(
            db,
            patient=patient,
            author=patient,
            template_key="build_up",
            start_date=clock().date(),
            now=clock(),
        )
    db.commit()
    auth.login("patient@example.org")
    body = client.get("/progress").get_data(as_text=True)
    assert 'class="notice"' in body and 'id="weeks-' not in body


def test_progress_before_a_plan_starts(client, auth, db, patient, plan, clock):
    plan.start_date = clock().date() + timedelta(days=3)
    patient.locale = "en"
    db.commit()
    auth.login("patient@example.org")
    body = client.get("/progress").get_data(as_text=True)
    assert "Your plan starts on Saturday, November 28, 2026." in body and 'id="weeks-' not in body


@pytest.mark.parametrize("path", ["/progress", "/plan/print"])
def test_anonymous_visitors_are_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


@pytest.mark.parametrize("path", ["/progress", "/plan/print"])
def test_physios_may_not_open_patient_pages(client, auth, physio, path):
    auth.login("physio@example.org")
    assert client.get(path).status_code == 403


def test_print_page(client, auth, patient, db, driven):
    patient.locale = "en"
    db.commit()
    auth.login("patient@example.org")
    response = client.get("/plan/print")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Sanne de Vries" in body and "January 28, 2026" in body
    assert "Monday, Wednesday, and Friday" in body
    assert re.search(r"<dd>6:30\sPM</dd>", body)  # the reminder time
    assert "Week 3 of your build-up" in body
    assert "11 minutes" in body  # walking's quota this week
    assert body.count('class="print-exercise"') == 3
    assert '<button type="button" class="button" id="print-button" hidden>' in body
    assert "js/print.js" in body and "css/print.css" in body
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)  # the CSP allows no inline code
    assert body.count('class="tick-box"') == 4 * 3  # 3 exercises + pain, Mon/Wed/Fri


def test_print_page_without_plan(client, auth, patient):
    auth.login("patient@example.org")
    body = client.get("/plan/print").get_data(as_text=True)
    assert 'href="/today"' in body and "print-exercise" not in body


def test_the_printed_plan_shows_posters_and_the_practice_contact(app, client, auth, db, driven):
    walking = driven.plan.items[0].exercise
    db.add(
        Video(
            exercise_id=walking.id,
            source=VideoSource.CATALOGUE,
            status=VideoStatus.READY,
            content_hash="b" * 64,
            mp4_file="walk.mp4",
            poster_file="walk.jpg",
            captions={},
            transcript={},
            created_at=driven.clock(),
            updated_at=driven.clock(),
        )
    )
    db.commit()
    auth.login("patient@example.org")
    body = client.get("/plan/print").get_data(as_text=True)
    assert body.count('class="print-poster"') == 1 and "/walk.jpg" in body
    assert "print-contact" not in body  # no contact line set: none printed
    app.config["PRACTICE_CONTACT"] = "Fysiotherapie De Brug · 020 123 45 67"
    body = client.get("/plan/print").get_data(as_text=True)
    assert (
        "Vragen over uw plan? Neem contact op met uw praktijk: "
        "Fysiotherapie De Brug · 020 123 45 67" in body
    )
