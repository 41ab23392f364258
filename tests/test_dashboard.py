"""The physio's dashboard, patient page, flag clearing and CSV export.

Most data is put in the database directly (patients, plans, logs, flags) so each test states
exactly what the dashboard sees; the clock stands on Wednesday 25 November 2026, 07:00 in
Amsterdam. The physio reads English so page text can be matched.
"""

import contextlib
import csv
import io
import re
from datetime import date, time, timedelta

import pytest
from sqlalchemy import event, select

from tests.conftest import START
from tests.helpers import post_form
from webapp.db import new_session
from webapp.domain.schedule import ALL_DAYS, mask_from_weekdays
from webapp.models import (
    AuditEvent,
    Comparison,
    Feeling,
    Flag,
    FunctioningActivity,
    FunctioningScore,
    ItemLog,
    Plan,
    PlanItem,
    PlanStatus,
    Role,
    SessionLog,
    SessionStatus,
    User,
    WeeklyCheck,
)
from webapp.services.dashboard import PainTrend, adherence, dashboard, pain_trend
from webapp.services.logbook import record_session

TODAY = date(2026, 11, 25)  # a Wednesday: START in Amsterdam
MON_WED_FRI = mask_from_weekdays({0, 2, 4})
DONE, PARTIAL, SKIPPED = SessionStatus.DONE, SessionStatus.PARTIAL, SessionStatus.SKIPPED
ROW_NAME = re.compile(r'<th scope="row"><a href="/physio/patients/\d+">([^<]+)</a></th>')


# -- arranging data -------------------------------------------------------------------------


def add_patient(db, physio, name: str) -> User:
    """A patient linked to ``physio`` (no password: these never log in)."""
    user = User(email=f"{name.lower()}@example.org", password_hash="-", role=Role.PATIENT,
                name=name, physio_id=physio.id, created_at=START)  # fmt: skip
    db.add(user)
    db.flush()
    return user


def add_plan(db, patient, exercises, start=TODAY - timedelta(days=35), weekdays=ALL_DAYS,
             status=PlanStatus.ACTIVE) -> Plan:  # fmt: skip
    """A fixed plan of the given exercises, 10 of each a day."""
    plan = Plan(patient_id=patient.id, status=status, start_date=start, weekdays=weekdays,
                reminder_time=time(18, 30), created_at=START)  # fmt: skip
    plan.items = [PlanItem(exercise=e, position=i, amount=10) for i, e in enumerate(exercises)]
    db.add(plan)
    db.flush()
    return plan


def add_log(db, plan, day, status=DONE, pain=3, note="", amounts=None, feeling=None):
    """A log of a plan day with an amount per item (default: the plan's amount)."""
    amounts = amounts or [item.amount for item in plan.items]
    log = SessionLog(patient_id=plan.patient_id, plan_id=plan.id, local_date=day, status=status,
                     pain=pain, note=note, feeling=feeling, created_at=START,
                     updated_at=START)  # fmt: skip
    log.items = [
        ItemLog(plan_item_id=item.id, amount=amount, quota=item.amount)
        for item, amount in zip(plan.items, amounts, strict=True)
    ]
    db.add(log)
    db.flush()
    return log


def add_flag(db, patient, kind: str, detail: str = "") -> Flag:
    """An open flag."""
    flag = Flag(patient_id=patient.id, kind=kind, detail=detail, raised_at=START)
    db.add(flag)
    db.flush()
    return flag


def every_day_logged(db, plan, days: int = 28) -> None:
    """Done logs on each of the last ``days`` days before today."""
    for back in range(1, days + 1):
        add_log(db, plan, TODAY - timedelta(days=back))


@pytest.fixture
def physio_in(client, auth, physio, db):
    """The physio, reading English, logged in; requests come from a known address."""
    physio.locale = "en"
    db.commit()
    client.environ_base["REMOTE_ADDR"] = "203.0.113.7"
    auth.login("physio@example.org")
    return client


@contextlib.contextmanager
def counted(engine):
    """Collect the SQL statements sent on an engine."""
    statements = []

    def listener(_conn, _cursor, statement, _params, _context, _many):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


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
    for label in ("Red-flag answer", "Pain 8 or higher", "Reminder mail bounces",
                  "Two held weeks in a row", "Nothing logged for 7 days",
                  "No increase in 3 weeks", "Low adherence (last 7 days)"):  # fmt: skip
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
        record_session(db, patient=patient, plan=plan, day=TODAY, status=DONE, pain=9, note="",
                       now=clock())  # fmt: skip
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
    for day in (date(2026, 11, 2), date(2026, 11, 4), date(2026, 11, 9)):
        add_log(db, plan, day)
    add_log(db, plan, date(2026, 11, 20), PARTIAL)  # Friday: partly done counts
    add_log(db, plan, date(2026, 11, 21))  # Saturday is no plan day: does not count
    add_log(db, plan, date(2026, 11, 23), SKIPPED)  # Monday: planned, not done
    db.commit()
    with app.app_context():
        row = dashboard(db, physio, START)[0]
    # Last 7 days: Friday and Monday planned (today not logged yet, so not counted).
    assert (row.adherence_7.done, row.adherence_7.planned, row.adherence_7.percent) == (1, 2, 50)
    # Since the start on 2 November: 10 planned days, 4 done or partly done.
    assert (row.adherence_28.done, row.adherence_28.planned, row.adherence_28.percent) == (
        4,
        10,
        40,
    )
    assert not row.low_adherence
    add_log(db, plan, TODAY, PARTIAL)
    db.commit()
    with app.app_context():
        row = dashboard(db, physio, START)[0]
    assert (row.adherence_7.done, row.adherence_7.planned, row.adherence_7.percent) == (2, 3, 67)
    assert (row.phase, row.week, row.last_log) == ("fixed", 3, TODAY)


def test_adherence_counts_nothing_before_the_start_or_when_nothing_was_planned():
    plan = Plan(start_date=TODAY - timedelta(days=2), weekdays=ALL_DAYS)
    statuses = {TODAY - timedelta(days=1): DONE}
    assert adherence(plan, statuses, TODAY, 28) == adherence(plan, statuses, TODAY, 7)
    assert adherence(plan, statuses, TODAY, 7).percent == 50  # 2 planned days before today
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


def test_the_list_costs_the_same_queries_for_3_and_30_patients(app, db, physio, exercises,
                                                               physio_in):  # fmt: skip
    engine = app.extensions["rugcoach.engine"]

    def grow_to(count: int) -> None:
        for n in range(len(db.scalars(select(User).where(User.physio_id == physio.id)).all()),
                       count):  # fmt: skip
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
    assert len(many) == len(few) == 6  # patients, plans, plan items, logs, last logs, flags
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
    for path in (f"/physio/patients/{zoe.id}", f"/physio/patients/{zoe.id}/logs.csv",
                 "/physio/patients/99999", "/physio/patients/99999/logs.csv"):  # fmt: skip
        assert physio_in.get(path).status_code == 404, path
    page = f"/physio/patients/{patient.id}"
    for path in (f"/physio/patients/{zoe.id}/flags/{flag.id}/clear",
                 f"{page}/flags/{flag.id}/clear", f"{page}/flags/99999/clear"):  # fmt: skip
        assert post_form(physio_in, path, {}, page=page).status_code == 404, path
    db.refresh(flag)
    assert flag.cleared_at is None
    subjects = db.scalars(select(AuditEvent.subject_id).where(AuditEvent.subject_id == zoe.id))
    assert list(subjects) == []


@pytest.mark.parametrize(("who", "allowed"), [("admin@example.org", (403, 404)),
                                              ("patient@example.org", (403,))])  # fmt: skip
def test_admins_and_patients_are_refused(client, auth, admin, patient, who, allowed):
    auth.login(who)
    for path in ("/physio/", f"/physio/patients/{patient.id}",
                 f"/physio/patients/{patient.id}/logs.csv"):  # fmt: skip
        assert client.get(path).status_code in allowed, path


def test_anonymous_visitors_are_sent_to_login(client, patient):
    response = client.get(f"/physio/patients/{patient.id}")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# -- the patient page -----------------------------------------------------------------------


@pytest.fixture
def followed(db, patient, plan):
    """The patient's fixed plan with logs, a weekly check, scores and two open flags."""
    add_log(db, plan, TODAY - timedelta(days=1), PARTIAL, pain=8, note="Back stiff after work",
            amounts=[5, 10, 10], feeling=Feeling.HARD)  # fmt: skip
    add_log(db, plan, TODAY, pain=4, note="Went well")
    db.add(WeeklyCheck(patient_id=patient.id, plan_id=plan.id, week=0, pain=5,
                       comparison=Comparison.BETTER, note="Slept better",
                       created_at=START))  # fmt: skip
    activity = FunctioningActivity(patient_id=patient.id, position=1, name="Putting on socks",
                                   created_at=START)  # fmt: skip
    activity.scores = [FunctioningScore(week=0, score=3, recorded_on=TODAY)]
    db.add(activity)
    flags = [
        add_flag(db, patient, "pain_high", "2026-11-24: 8/10"),
        add_flag(db, patient, "red_flag"),
    ]
    db.commit()
    return flags


def test_patient_page_shows_flags_plan_charts_logs_checks_and_scores(
    physio_in, patient, plan, followed
):
    response = physio_in.get(f"/physio/patients/{patient.id}")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.index("Red-flag answer") < body.index("Pain 8 or higher")
    assert body.count("Seen, handled") == 2 and "2026-11-24: 8/10" in body
    assert "Fixed plan, week 1" in body and "Mon, Tue, Wed" in body
    # The patient's own charts: an exercise chart per item and the pain chart.
    ids = set(re.findall(r'<svg class="chart" id="([^"]+)"', body))
    assert ids == {f"weeks-{item.id}" for item in plan.items} | {"pain"}
    assert "Pain may go up a little" not in body  # the advice to the patient stays theirs
    assert body.index("Went well") < body.index("Back stiff after work")  # newest first
    text = re.sub(r"<[^>]+>", "", body)
    assert "Walking: 5 of 10" in text and "Partly done" in body and "Hard" in body
    assert "Slept better" in body and "Better" in body
    assert "Putting on socks" in body
    assert f'href="/physio/patients/{patient.id}/logs.csv"' in body
    assert 'style="' not in body  # the CSP allows no inline styles


def test_patient_page_charts_match_the_patients_own(client, auth, db, physio, patient, plan,
                                                    followed):  # fmt: skip
    svg = re.compile(r'<svg class="chart" id="([^"]+)"')
    auth.login("patient@example.org")
    own = svg.findall(client.get("/progress").get_data(as_text=True))
    auth.logout()
    auth.login("physio@example.org")
    seen = svg.findall(client.get(f"/physio/patients/{patient.id}").get_data(as_text=True))
    assert seen == own and own


@pytest.mark.parametrize("value", ["abc", "-1", "0", "1.5", "", "9" * 40, "%00", "٣", "2"])
def test_log_pages_take_any_page_value(db, patient, plan, physio_in, value):
    for back in range(25):
        add_log(db, plan, TODAY - timedelta(days=back), note=f"day {back}")
    db.commit()
    body = physio_in.get(f"/physio/patients/{patient.id}?page={value}").get_data(as_text=True)
    assert "25 logs, newest first" in body
    if value == "2":
        assert "day 24" in body and "Page 2 of 2" in body and "day 0<" not in body
    else:
        assert "day 0<" in body and "Page 1 of 2" in body


def test_a_page_past_the_end_shows_the_last(db, patient, plan, physio_in):
    add_log(db, plan, TODAY, note="only one")
    db.commit()
    response = physio_in.get(f"/physio/patients/{patient.id}?page=500")
    assert response.status_code == 200 and "only one" in response.get_data(as_text=True)


# -- clearing flags, audit ------------------------------------------------------------------


def test_clearing_a_flag(db, patient, plan, followed, physio_in, physio):
    pain_high, red = followed
    page = f"/physio/patients/{patient.id}"
    path = f"{page}/flags/{pain_high.id}/clear"
    assert physio_in.post(path).status_code == 400  # no CSRF token
    response = post_form(physio_in, path, {}, page=page)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{page}#flags")
    db.refresh(pain_high)
    db.refresh(red)
    assert pain_high.cleared_at == START and red.cleared_at is None
    body = physio_in.get(page).get_data(as_text=True)
    assert "Marked as handled: Pain 8 or higher." in body and body.count("Seen, handled") == 1
    again = post_form(physio_in, path, {}, page=page)
    assert again.status_code == 302
    assert "Already marked as handled" in physio_in.get(page).get_data(as_text=True)
    clears = db.scalars(select(AuditEvent).where(AuditEvent.action == "clear_flag")).all()
    assert [(e.actor_id, e.subject_id, e.ip, e.detail) for e in clears] == [
        (physio.id, patient.id, "203.0.113.7", f"pain_high #{pain_high.id}")
    ]


def test_every_view_and_export_is_audited(db, physio, patient, plan, followed, physio_in):
    other = add_patient(db, physio, "Other")
    db.commit()
    physio_in.get("/physio/")
    physio_in.get(f"/physio/patients/{patient.id}?page=1")
    physio_in.get(f"/physio/patients/{patient.id}/logs.csv")
    events = db.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    ours = ("view_dashboard", "view_patient", "export_logs")
    rows = [(e.actor_id, e.actor_role, e.subject_id, e.action, e.ip) for e in events
            if e.action in ours]  # fmt: skip
    mine = [(physio.id, "physio", patient.id), (physio.id, "physio", other.id)]
    assert sorted(r for r in rows if r[3] == "view_dashboard") == sorted(
        (*who, "view_dashboard", "203.0.113.7") for who in mine
    )
    assert (physio.id, "physio", patient.id, "view_patient", "203.0.113.7") in rows
    assert (physio.id, "physio", patient.id, "export_logs", "203.0.113.7") in rows
    assert all(e.created_at == START for e in events if e.action in ours)


# -- CSV ------------------------------------------------------------------------------------


def test_csv_export_has_every_log_and_item_and_is_injection_safe(
    db, physio, patient, plan, physio_in
):
    add_log(db, plan, TODAY - timedelta(days=2), pain=2, note='=HYPERLINK("http://x","y")')
    add_log(db, plan, TODAY - timedelta(days=1), PARTIAL, pain=5, amounts=[5, 0, 10],
            note="-1+2, then @SUM\nsecond line", feeling=Feeling.OK)  # fmt: skip
    add_log(db, plan, TODAY, SKIPPED, pain=7, amounts=[0, 0, 0], note="+31 6 12345678")
    db.commit()
    response = physio_in.get(f"/physio/patients/{patient.id}/logs.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(
        rf'attachment; filename="rugcoach-patient-{patient.id}-logs-2026-11-25\.csv"', disposition
    )
    raw = response.get_data()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Date", "Status", "Pain (0 to 10)", "Feeling", "Note",
                       "Walking (minutes)", "Pelvic tilt (seconds held each time)",
                       "Cat-camel (times per set)"]  # fmt: skip
    assert rows[1] == ["2026-11-23", "Done", "2", "", "'=HYPERLINK(\"http://x\",\"y\")",
                       "10", "10", "10"]  # fmt: skip
    assert rows[2] == ["2026-11-24", "Partly done", "5", "All right",
                       "'-1+2, then @SUM\nsecond line", "5", "0", "10"]  # fmt: skip
    assert rows[3][:5] == ["2026-11-25", "Skipped", "7", "", "'+31 6 12345678"]
    assert len(rows) == 4
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
