"""The physio's patient page: flags, plan, charts, logs, clearing flags, audit and CSV.

Data is arranged with tests/support/dashboard.py; the physio reads English so page text
can be matched.
"""

import csv
import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.support.client import post_form
from tests.support.clock import START
from tests.support.dashboard import (
    PARTIAL,
    SKIPPED,
    TODAY,
    add_flag,
    add_log,
    add_patient,
)
from webapp.models import (
    AuditEvent,
    Comparison,
    Episode,
    Feeling,
    FunctioningActivity,
    FunctioningScore,
    WeeklyCheck,
)

# -- the patient page -----------------------------------------------------------------------


@pytest.fixture
def followed(db, patient, plan):
    """The patient's fixed plan with logs, a weekly check, scores and two open flags."""
    add_log(
        db,
        plan,
        TODAY - timedelta(days=1),
        PARTIAL,
        pain=8,
        note="Back stiff after work",
        amounts=[5, 10, 10],
        feeling=Feeling.HARD,
    )
    add_log(db, plan, TODAY, pain=4, note="Went well")
    db.add(
        WeeklyCheck(
            patient_id=patient.id,
            plan_id=plan.id,
            week=0,
            pain=5,
            comparison=Comparison.BETTER,
            note="Slept better",
            created_at=START,
        )
    )
    episode = Episode(patient_id=patient.id, started_on=TODAY, created_at=START)
    db.add(episode)
    db.flush()
    activity = FunctioningActivity(
        patient_id=patient.id,
        episode_id=episode.id,
        position=1,
        name="Putting on socks",
        created_at=START,
    )
    activity.scores = [FunctioningScore(moment="intake", score=3, recorded_on=TODAY)]
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


def test_patient_page_charts_match_the_patients_own(
    client, auth, db, physio, patient, plan, followed
):
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
    rows = [
        (e.actor_id, e.actor_role, e.subject_id, e.action, e.ip) for e in events if e.action in ours
    ]
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
    add_log(
        db,
        plan,
        TODAY - timedelta(days=1),
        PARTIAL,
        pain=5,
        amounts=[5, 0, 10],
        note="-1+2, then @SUM\nsecond line",
        feeling=Feeling.OK,
    )
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
    assert rows[0] == [
        "Date",
        "Status",
        "Counts as",
        "Pain (0 to 10)",
        "Feeling",
        "Note",
        "Walking (minutes)",
        "Pelvic tilt (seconds held each time)",
        "Cat-camel (times per set)",
    ]
    assert rows[1] == [
        "2026-11-23",
        "Done",
        "In full",
        "2",
        "",
        '\'=HYPERLINK("http://x","y")',
        "10",
        "10",
        "10",
    ]
    assert rows[2] == [
        "2026-11-24",
        "Partly done",
        "Partly",
        "5",
        "All right",
        "'-1+2, then @SUM\nsecond line",
        "5",
        "0",
        "10",
    ]
    assert rows[3][:6] == ["2026-11-25", "Skipped", "Not done", "7", "", "'+31 6 12345678"]
    assert len(rows) == 4
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
