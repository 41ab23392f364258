"""Dates and times are written the way each language writes them (Babel, not strftime)."""

from __future__ import annotations

import pytest

DATES = {
    "nl": "woensdag 25 november 2026",
    "en": "Wednesday, November 25, 2026",
}


@pytest.mark.parametrize("locale", ["nl", "en"])
@pytest.mark.parametrize("path", ["/today", "/progress"])
def test_patient_pages_show_the_date_in_the_patients_language(
    client, auth, plan, patient, db, locale, path
):
    patient.locale = locale
    db.commit()
    auth.login("patient@example.org")
    body = client.get(path).get_data(as_text=True)
    assert f'<html lang="{locale}">' in body
    assert DATES[locale] in body
    other = DATES["en" if locale == "nl" else "nl"]
    assert other not in body


# CLDR puts a narrow no-break space before AM/PM.
@pytest.mark.parametrize(("locale", "expected"), [("nl", "08:00"), ("en", "8:00\u202fAM")])
def test_physio_sees_the_reminder_time_in_their_language(
    client, auth, plan, patient, physio, db, locale, expected
):
    physio.locale = locale
    db.commit()
    auth.login("physio@example.org")
    body = client.get(f"/physio/plans/{plan.id}/edit").get_data(as_text=True)
    assert expected in body
