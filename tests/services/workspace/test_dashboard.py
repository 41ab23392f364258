"""The physio's dashboard: the list, its order and flags, adherence and pain, who sees it.

Data is arranged with tests/support/dashboard.py; the physio reads English so page text
can be matched.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from tests.support.client import post_form
from tests.support.clock import START
from tests.support.dashboard import (
    DONE,
    MON_WED_FRI,
    PARTIAL,
    ROW_NAME,
    SKIPPED,
    TODAY,
    add_flag,
    add_log,
    add_patient,
    add_plan,
    counted,
    every_day_logged,
)
from webapp.db import new_session
from webapp.domain.adherence import Share
from webapp.domain.schedule import ALL_DAYS, mask_from_weekdays
from webapp.models import (
    AuditEvent,
    Plan,
    Role,
    User,
)
from webapp.services.care.logbook import record_session
from webapp.services.workspace.dashboard import PainTrend, adherence, dashboard, pain_trend

# -- the list -------------------------------------------------------------------------------


@pytest.fixture
def caseload(db, physio, exercises):
    """Patients with every kind of reason, one with nothing, one without plan."""
    names = {}
    for name, kinds in (
        ("Bram", ["red_flag"]),
        ("Aart", ["no_log_7_days", "red_flag"]),
        ("Carla", ["pain_high"]),
        ("Daan", ["mail_bouncing"]),
        ("Eva", ["two_held", "no_log_7_days"]),
        ("Ilse", ["two_held"]),
        ("Fenna", ["no_increase_3_weeks"]),
        ("Hans", []),
    ):
        names[name] = add_patient(db, physio, name)
        for kind in kinds:
            add_flag(db, names[name], kind)
    names["Gijs"] = add_patient(db, physio, "Gijs")
    add_plan(db, names["Gijs"], exercises)  # nothing logged: low adherence
    names["Anna"] = add_patient(db, physio, "Anna")
    every_day_logged(db, add_plan(db, names["Anna"], exercises))
    db.commit()
    return names


def test_the_list_puts_who_needs_attention_first(app, db, physio, caseload):
    with app.app_context():
        rows = dashboard(db, physio, START)
    order = ["Aart", "Bram", "Carla", "Daan", "Eva", "Ilse", "Fenna", "Gijs", "Anna", "Hans"]
    assert [r.patient.name for r in rows] == order
    scores = [r.attention for r in rows]
    assert scores == sorted(scores, reverse=True) and scores[-2:] == [0, 0]
    aart, gijs, anna = rows[0], rows[7], rows[8]
    assert aart.reasons == ["red_flag", "no_log_7_days"]  # most urgent first
    assert gijs.reasons == ["low_adherence"] and gijs.adherence_7.percent == 0
    assert not anna.needs_attention and anna.adherence_7.percent == 100
    assert rows[-1].phase == "none" and rows[-1].adherence_7 is None


def test_the_page_shows_the_order_labels_and_filter(physio_in, caseload):
    body = physio_in.get("/physio/").get_data(as_text=True)
    names = ROW_NAME.findall(body)
    assert names[:3] == ["Aart", "Bram", "Carla"] and names[-2:] == ["Anna", "Hans"]
    assert "8 of 10 patients need attention." in body
    for label in (
        "Red-flag answer",
        "Pain 8 or higher",
        "Reminder mail bounces",
        "Two held weeks in a row",
        "Nothing logged for 7 days",
        "No increase in 3 weeks",
        "Low adherence (last 7 days)",
    ):
        assert label in body
    assert 'data-label="Needs attention"' in body and "css/dashboard.css" in body
    assert '<form method="get" action="/physio/"' in body
    filtered = physio_in.get("/physio/?attention=1").get_data(as_text=True)
    assert "Anna" not in ROW_NAME.findall(filtered) and len(ROW_NAME.findall(filtered)) == 8
    assert "checked" in filtered


def test_a_high_pain_log_raises_a_flag_that_puts_the_patient_first(
    app, db, physio, patient, plan, caseload, clock
):
    with app.app_context():
        record_session(
            db, patient=patient, plan=plan, day=TODAY, status=DONE, pain=9, note="", now=clock()
        )
        db.commit()
        rows = dashboard(db, physio, clock())
    sanne = next(r for r in rows if r.patient.id == patient.id)
    assert sanne.reasons == ["pain_high"] and "9/10" in sanne.flags[0].detail
    assert rows.index(sanne) == 3  # after the two red flags and Carla (pain_high, by name)


def test_empty_dashboard_points_to_the_invite_page(app, physio_in):
    body = physio_in.get("/physio/").get_data(as_text=True)
    assert "No patients are linked to you yet." in body
    if "physio.invite" in app.view_functions:
        assert 'href="/physio/invite"' in body
    else:
        assert "/physio/invite" not in body


# -- numbers --------------------------------------------------------------------------------


def test_adherence_of_a_known_week(app, db, physio, exercises):
    sanne = add_patient(db, physio, "Sanne")
    plan = add_plan(db, sanne, exercises, start=date(2026, 11, 2), weekdays=MON_WED_FRI)
    for day in (date(2026, 11, 2), date(2026, 11, 4), date(2026, 11, 9), date(2026, 11, 18)):
        add_log(db, plan, day)
    add_log(db, plan, date(2026, 11, 20), PARTIAL)  # Friday: partly done, not in full
    add_log(db, plan, date(2026, 11, 21))  # Saturday is no plan day: does not count
    add_log(db, plan, date(2026, 11, 23), SKIPPED)  # Monday: planned, not done
    db.commit()
    with app.app_context():
        row = dashboard(db, physio, START)[0]
    # Last 7 days: Friday and Monday planned (today not logged yet, so not counted).
    seven = row.adherence_7
    assert (seven.full, seven.partial, seven.planned, seven.percent) == (0, 1, 2, 0)
    # Since the start on 2 November: 10 planned days, 4 in full and 1 partly.
    twenty_eight = row.adherence_28
    assert (twenty_eight.full, twenty_eight.partial, twenty_eight.planned) == (4, 1, 10)
    assert twenty_eight.percent == 40
    assert row.low_adherence
    add_log(db, plan, TODAY)
    db.commit()
    with app.app_context():
        row = dashboard(db, physio, START)[0]
    seven = row.adherence_7
    assert (seven.full, seven.partial, seven.planned, seven.percent) == (1, 1, 3, 33)
    assert (row.phase, row.week, row.last_log) == ("fixed", 3, TODAY)


def test_adherence_counts_nothing_before_the_start_or_when_nothing_was_planned():
    plan = Plan(start_date=TODAY - timedelta(days=2), weekdays=ALL_DAYS)
    shares = {TODAY - timedelta(days=1): Share.FULL}
    assert adherence(plan, shares, TODAY, 28) == adherence(plan, shares, TODAY, 7)
    assert adherence(plan, shares, TODAY, 7).percent == 50  # 2 planned days before today
    weekend = Plan(start_date=TODAY, weekdays=mask_from_weekdays({5, 6}))
    assert adherence(weekend, {}, TODAY, 7) is None


def test_pain_trend_compares_the_last_7_days_with_the_7_before():
    def days(*pairs):
        return [(TODAY - timedelta(days=back), pain) for back, pain in pairs]

    up = pain_trend(days((0, 6), (3, 7), (7, 3), (13, 4), (14, 10)), TODAY)
    assert (up.recent, up.before, up.direction) == (6.5, 3.5, "up")
    down = pain_trend(days((1, 2), (8, 5)), TODAY)
    assert down.direction == "down"
    assert pain_trend(days((1, 4), (2, 5), (8, 4)), TODAY).direction == "same"  # 4.5 vs 4
    assert pain_trend(days((1, 4)), TODAY) == PainTrend(4.0, None)
    assert pain_trend([], TODAY).direction is None


def test_pain_trend_on_the_page(db, physio, exercises, physio_in):
    sanne = add_patient(db, physio, "Sanne")
    plan = add_plan(db, sanne, exercises)
    for back, pain in ((1, 6), (2, 7), (8, 3), (9, 4)):
        add_log(db, plan, TODAY - timedelta(days=back), pain=pain)
    db.commit()
    body = physio_in.get("/physio/").get_data(as_text=True)
    assert "Up from 3.5 to 6.5" in body and 'class="trend trend-up"' in body


def test_the_list_costs_the_same_queries_for_3_and_30_patients(
    app, db, physio, exercises, physio_in
):
    engine = app.extensions["rugcoach.engine"]

    def grow_to(count: int) -> None:
        for n in range(
            len(db.scalars(select(User).where(User.physio_id == physio.id)).all()), count
        ):
            someone = add_patient(db, physio, f"Patient{n:02d}")
            plan = add_plan(db, someone, exercises)
            add_log(db, plan, TODAY - timedelta(days=n % 5), pain=n % 10)
            add_flag(db, someone, ("pain_high", "two_held", "no_log_7_days")[n % 3])
        db.commit()

    def service_statements() -> list[str]:
        with app.app_context(), new_session(app) as session:
            me = session.get(User, physio.id)
            with counted(engine) as statements:
                rows = dashboard(session, me, START)
                # Everything the page reads from a row, so lazy loads would be counted too.
                [(r.plan and r.plan.items, r.flags, r.patient.name) for r in rows]
        return [s for s in statements if s.lstrip().upper().startswith("SELECT")]

    def page_statements() -> int:
        with counted(engine) as statements:
            assert physio_in.get("/physio/").status_code == 200
        return len(statements)

    grow_to(3)
    few, few_page = service_statements(), page_statements()
    grow_to(30)
    many, many_page = service_statements(), page_statements()
    # patients, plans, plan schedules, plan items, logs, amounts, last logs, flags, unread
    assert len(many) == len(few) == 9
    assert many_page == few_page
    assert len(ROW_NAME.findall(physio_in.get("/physio/").get_data(as_text=True))) == 30


# -- who may see what -----------------------------------------------------------------------


@pytest.fixture
def strangers(db, make_user, exercises):
    """Another physio's patient with a plan, a log and an open flag."""
    other = make_user("other.physio@example.org", Role.PHYSIO, name="Other Physio")
    zoe = add_patient(db, other, "Zoe")
    add_log(db, add_plan(db, zoe, exercises), TODAY - timedelta(days=1))
    flag = add_flag(db, zoe, "pain_high")
    db.commit()
    return zoe, flag


def test_another_physios_patient_never_shows(db, physio, patient, strangers, physio_in):
    zoe, flag = strangers
    body = physio_in.get("/physio/").get_data(as_text=True)
    assert ROW_NAME.findall(body) == ["Sanne de Vries"]
    for path in (
        f"/physio/patients/{zoe.id}",
        f"/physio/patients/{zoe.id}/logs.csv",
        "/physio/patients/99999",
        "/physio/patients/99999/logs.csv",
    ):
        assert physio_in.get(path).status_code == 404, path
    page = f"/physio/patients/{patient.id}"
    for path in (
        f"/physio/patients/{zoe.id}/flags/{flag.id}/clear",
        f"{page}/flags/{flag.id}/clear",
        f"{page}/flags/99999/clear",
    ):
        assert post_form(physio_in, path, {}, page=page).status_code == 404, path
    db.refresh(flag)
    assert flag.cleared_at is None
    subjects = db.scalars(select(AuditEvent.subject_id).where(AuditEvent.subject_id == zoe.id))
    assert list(subjects) == []


@pytest.mark.parametrize(
    ("who", "allowed"), [("admin@example.org", (403, 404)), ("patient@example.org", (403,))]
)
def test_admins_and_patients_are_refused(client, auth, admin, patient, who, allowed):
    auth.login(who)
    for path in (
        "/physio/",
        f"/physio/patients/{patient.id}",
        f"/physio/patients/{patient.id}/logs.csv",
    ):
        assert client.get(path).status_code in allowed, path


def test_anonymous_visitors_are_sent_to_login(client, patient):
    response = client.get(f"/physio/patients/{patient.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
