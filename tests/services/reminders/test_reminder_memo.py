"""Reminders rendered once per pass for patients who share them read exactly as rendered alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from webapp.services.reminders import content
from webapp.services.reminders.snapshot import PatientRow, active_plans
from webapp.services.reminders.tokens import log_token, unsubscribe_token
from webapp.wiring import mailroom, secret


def rendered_alone(room, key, plan, day, now, followup):
    """The reminder rendered straight from its templates for this one patient and their links."""
    patient = plan.patient
    token = log_token(key, patient.id, plan.id, day, now)
    kind = "followup" if followup else "daily"
    return content._render_daily(
        room,
        patient,
        day,
        followup,
        content.reminder_lines(plan, day),
        log_urls={s: room.links.log_from_email(token, s) for s in ("done", "partial", "skipped")},
        stop=room.links.unsubscribe(unsubscribe_token(key, patient.id, kind)),
    )


def test_a_shared_rendering_gives_each_patient_the_same_email(
    app, db, plan, patient, make_user, clock
):
    other = make_user("o.neil@example.org", name='Ann "<b>&amp;" O\'Neil')
    with app.app_context():
        room, key = mailroom(), secret()
        ours = active_plans(db, [patient.id], {})[patient.id]  # as the planning pass reads it
        them = PatientRow(other.id, other.email, other.name, other.locale, other.timezone, None)
        theirs = replace(ours, patient=them)
        for followup in (False, True):
            writer = content.Writer(room, key)
            for row in (ours, theirs, ours):
                for day in (date(2026, 11, 25), date(2026, 12, 9)):
                    alone = rendered_alone(room, key, row, day, clock(), followup)
                    shared = content.daily_email(writer, row, day, clock(), followup)
                    assert shared == alone
                    assert "\x00" not in shared.text + shared.html
            # One rendering per distinct reminder (two days), however many patients.
            assert len([k for k in writer.memo if k[0] == "daily"]) == 2
