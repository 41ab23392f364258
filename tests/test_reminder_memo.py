"""Reminders rendered once per pass for patients who share them read exactly as rendered alone."""

from __future__ import annotations

from datetime import date

from webapp.services.reminders.content import daily_email
from webapp.wiring import mailroom, secret


def test_a_shared_rendering_gives_each_patient_the_same_email(
    app, db, plan, patient, make_user, clock
):
    other = make_user("o.neil@example.org", name='Ann "<b>&amp;" O\'Neil')
    with app.app_context():
        room, key = mailroom(), secret()
        for followup in (False, True):
            memo: dict = {}
            for user in (patient, other, patient):
                for day in (date(2026, 11, 25), date(2026, 12, 9)):
                    alone = daily_email(room, key, user, plan, day, clock(), followup)
                    shared = daily_email(room, key, user, plan, day, clock(), followup, memo=memo)
                    assert shared == alone
                    assert "\x00" not in shared.text + shared.html
            # One rendering per distinct reminder (two days), however many patients.
            assert len([k for k in memo if k[0] == "daily"]) == 2
