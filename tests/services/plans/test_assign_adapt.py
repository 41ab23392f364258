"""'Adapt it first' on the assign page keeps what the physio typed: start date, time, note."""

from sqlalchemy import func, select

from tests.support.client import post_form
from webapp.models import Plan, PlanChange


def test_adapting_a_template_keeps_the_typed_note_date_and_time(as_physio, db, patient):
    page = f"/physio/patients/{patient.id}/plan/new"
    form = as_physio.get(page).get_data(as_text=True)
    assert 'name="adapt" value="build_up"' in form and "?from=build_up" not in form
    typed = {
        "mode": "template",
        "adapt": "build_up",
        "start_date": "2026-11-30",
        "reminder_time": "07:15",
        "note": "Rustig beginnen, ook op een goede dag.",
    }
    response = post_form(as_physio, page, typed)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    own = body[body.index('id="plan-form"') :]
    assert "Rustig beginnen, ook op een goede dag.</textarea>" in own
    assert 'value="2026-11-30"' in own and 'value="07:15"' in own
    assert "Walking" in own[: own.index('id="start_date"')]  # the template's exercises
    assert db.scalar(select(func.count()).select_from(Plan)) == 0  # nothing saved yet


def test_the_assign_page_asks_start_date_time_and_note_once(as_physio, patient):
    page = as_physio.get(f"/physio/patients/{patient.id}/plan/new").get_data(as_text=True)
    for name in ("start_date", "reminder_time", "note", "end_current"):
        assert page.count(f'name="{name}"') <= 1
    for name in ("start_date", "reminder_time", "note"):
        assert page.count(f'name="{name}"') == 1
    assert page.count('form="plan-form" name="template"') == 3  # each template sends that form


def test_a_template_takes_the_typed_date_and_note_but_keeps_its_own_days(as_physio, db, patient):
    typed = {
        "template": "build_up",
        "start_date": "2026-11-30",
        "note": "Drie keer per week.",
        "weekdays": ["0", "1", "2", "3", "4", "5", "6"],  # the plan form's days, not the template's
        "items-0-exercise": "1",
        "items-0-amount": "veel",  # a half-typed own plan does not stop a template
    }
    response = post_form(as_physio, f"/physio/patients/{patient.id}/plan/new", typed)
    assert response.status_code == 302
    plan = db.scalars(select(Plan)).one()
    change = db.scalars(select(PlanChange).where(PlanChange.plan_id == plan.id)).one()
    assert (plan.start_date.isoformat(), change.note) == ("2026-11-30", "Drie keer per week.")
    assert plan.weekdays != 0b1111111
