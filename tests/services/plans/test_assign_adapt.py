"""'Adapt it first' on the assign page keeps what the physio typed: start date, time, note."""

from sqlalchemy import func, select

from tests.support.client import post_form
from webapp.models import Plan


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
