"""The time zone picker: a short list of likely zones, and any other real zone still accepted."""

from __future__ import annotations

import re

from sqlalchemy import select

from tests.support.client import csrf_token
from webapp.models import User
from webapp.zone_field import LIKELY_ZONES

SETTINGS = {
    "reminder_time": "19:15",
    "weekdays": ["0", "2"],
    "daily_enabled": "y",
    "quiet_start": "22:00",
    "quiet_end": "07:00",
    "locale": "nl",
}


def _zone_options(body: str) -> list[str]:
    """The values of the time zone picker's options, in order."""
    picker = re.search(r'<select[^>]*name="timezone".*?</select>', body, re.S).group(0)
    return re.findall(r'<option[^>]*value="([^"]+)"', picker)


def test_the_picker_is_a_short_list_without_repeats(client, auth, patient):
    for page in ("/register",):
        options = _zone_options(client.get(page).get_data(as_text=True))
        assert options == [zone for zone, _ in LIKELY_ZONES]
    auth.login("patient@example.org")
    body = client.get("/reminders").get_data(as_text=True)
    options = _zone_options(body)
    assert len(options) == len(set(options)) == len(LIKELY_ZONES) < 20
    assert options[0] == "Europe/Amsterdam"
    assert '<option selected value="Europe/Amsterdam">Nederland</option>' in body
    assert "data-use-zone" in body  # the device's own zone, offered by timezone.js


def test_a_zone_from_outside_the_list_is_kept_and_shown(client, auth, db, patient, plan):
    auth.login("patient@example.org")
    # "Use my device's zone" on a phone in Japan posts a zone the short list lacks.
    response = client.post(
        "/reminders",
        data={**SETTINGS, "timezone": "Asia/Tokyo", "csrf_token": csrf_token(client, "/reminders")},
    )
    assert response.status_code == 302
    assert db.scalar(select(User.timezone).where(User.id == patient.id)) == "Asia/Tokyo"
    body = client.get("/reminders").get_data(as_text=True)
    assert _zone_options(body)[-1] == "Asia/Tokyo"
    assert '<option selected value="Asia/Tokyo">Asia/Tokyo</option>' in body


def test_a_made_up_zone_is_refused_with_a_message(client, auth, db, patient, plan):
    auth.login("patient@example.org")
    response = client.post(
        "/reminders",
        data={
            **SETTINGS,
            "timezone": "Mars/Olympus",
            "csrf_token": csrf_token(client, "/reminders"),
        },
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "Kies een tijdzone uit de lijst." in body
    assert "Mars/Olympus" not in _zone_options(body)
    assert db.scalar(select(User.timezone).where(User.id == patient.id)) == "Europe/Amsterdam"
