"""Access-matrix cases for the physio's pages: a patient's page, plans, invitations."""

from __future__ import annotations

from tests.support.access_matrix import (
    LOGIN,
    PHYSIO_PAGE,
    SKIP,
    Case,
    expect,
    physio_post,
)
from webapp.services.plans import plan_checks

PHYSIO_CASES: list[Case] = [
    # The physio's patient page and everything under it.
    Case(
        "/physio/patients/<id:patient_id>",
        "GET",
        lambda w: f"/physio/patients/{w.owner}",
        PHYSIO_PAGE,
    ),
    Case(
        "/physio/patients/<id:patient_id>/logs.csv",
        "GET",
        lambda w: f"/physio/patients/{w.owner}/logs.csv",
        PHYSIO_PAGE,
    ),
    Case(
        "/physio/patients/<id:patient_id>/messages",
        "GET",
        lambda w: f"/physio/patients/{w.owner}/messages",
        PHYSIO_PAGE,
    ),
    Case(
        "/physio/patients/<id:patient_id>/messages",
        "POST",
        lambda w: f"/physio/patients/{w.owner}/messages",
        physio_post(302),
        form=lambda w: {"body": "Hoe gaat het met de oefeningen?"},
    ),
    Case(
        "/physio/patients/<id:patient_id>/messages/read",
        "POST",
        lambda w: f"/physio/patients/{w.owner}/messages/read",
        physio_post(302),
    ),
    Case(
        "/physio/patients/<id:patient_id>/flags/<id:flag_id>/clear",
        "POST",
        lambda w: f"/physio/patients/{w.owner}/flags/{w.flag}/clear",
        physio_post(302),
    ),
    # Someone else's flag under one's own patient: the pair must match.
    Case(
        "/physio/patients/<id:patient_id>/flags/<id:flag_id>/clear",
        "POST",
        lambda w: f"/physio/patients/{w.owner}/flags/{w.other_flag}/clear",
        physio_post(404),
        changes_nothing=True,
        label="clear another patient's flag via the own patient",
    ),
    Case(
        "/physio/patients/<id:patient_id>/plan/new",
        "GET",
        lambda w: f"/physio/patients/{w.owner}/plan/new",
        PHYSIO_PAGE,
    ),
    # Saving a plan for the own patient would replace the dataset's plan (test_plan_admin).
    Case(
        "/physio/patients/<id:patient_id>/plan/new",
        "POST",
        lambda w: f"/physio/patients/{w.owner}/plan/new",
        expect(403, SKIP, 403, 404, 403, LOGIN),
        form=lambda w: {
            "mode": "template",
            "template": "stay_active",
            "weekdays": ["0", "2"],
            "reminder_time": "08:00",
            "end_current": "y",
        },
    ),
    # The owner has not answered the intake: a refusal proves the physio got past the check.
    Case(
        "/physio/patients/<id:patient_id>/profile",
        "POST",
        lambda w: f"/physio/patients/{w.owner}/profile",
        physio_post(400),
        form=lambda w: {"profile": "raised"},
    ),
    Case(
        "/physio/patients/<id:patient_id>/episode/<any(closing, close):step>",
        "POST",
        lambda w: f"/physio/patients/{w.owner}/episode/close",
        physio_post(400),
        form=lambda w: {"reason": "goal_reached"},
    ),
    Case(
        "/physio/patients/<id:patient_id>/fhir.json",
        "GET",
        lambda w: f"/physio/patients/{w.owner}/fhir.json",
        PHYSIO_PAGE,
    ),
    # The owner has no closed episode: even their physio finds none under this number.
    Case(
        "/physio/patients/<id:patient_id>/episodes/<id:episode_id>/fhir.json",
        "GET",
        lambda w: f"/physio/patients/{w.owner}/episodes/1/fhir.json",
        expect(403, 404, 403, 404, 403, LOGIN),
    ),
    Case(
        "/physio/patients/<id:patient_id>/episodes/<id:episode_id>",
        "GET",
        lambda w: f"/physio/patients/{w.owner}/episodes/1",
        expect(403, 404, 403, 404, 403, LOGIN),
    ),
    Case(
        "/physio/patients/<id:patient_id>/scores",
        "POST",
        lambda w: f"/physio/patients/{w.owner}/scores",
        physio_post(400),
        form=lambda w: {"instrument": "odi", "total": "30", "measured_on": "2026-11-20"},
    ),
    # Plans: a preview or a refused form proves the owner's physio got past the access check.
    Case(
        "/physio/plans/<id:plan_id>/edit",
        "GET",
        lambda w: f"/physio/plans/{w.plan}/edit",
        PHYSIO_PAGE,
    ),
    Case(
        "/physio/plans/<id:plan_id>/edit",
        "POST",
        lambda w: f"/physio/plans/{w.plan}/edit",
        physio_post(200),
        form=lambda w: {"item_id": str(w.graded_item), "q0": "6", "goal": "20", "weeks": "8"},
        label="preview a new build-up",
    ),
    Case(
        "/physio/plans/<id:plan_id>/edit",
        "POST",
        lambda w: f"/physio/plans/{w.plan}/edit",
        physio_post(404),
        changes_nothing=True,
        form=lambda w: {
            "item_id": str(w.other_graded_item),
            "q0": "6",
            "goal": "20",
            "weeks": "8",
            "action": "save",
        },
        label="adjust another plan's item through the own plan",
    ),
    Case(
        "/physio/plans/<id:plan_id>/pause",
        "POST",
        lambda w: f"/physio/plans/{w.plan}/pause",
        physio_post(400),
        form=lambda w: {"note": "x" * (plan_checks.MAX_NOTE + 1)},
    ),
    Case(
        "/physio/plans/<id:plan_id>/change",
        "POST",
        lambda w: f"/physio/plans/{w.plan}/change",
        physio_post(400),
        form=lambda w: {"from_date": "", "reminder_time": "08:00", "weekdays": ["0"]},
        label="change a running plan without a date",
    ),
    Case(
        "/physio/plans/<id:plan_id>/agree-flare",
        "POST",
        lambda w: f"/physio/plans/{w.plan}/agree-flare",
        physio_post(400),
        form=lambda w: {"note": "x" * (plan_checks.MAX_NOTE + 1)},
    ),
    Case(
        "/physio/patients/<id:patient_id>/send-to-gp",
        "GET",
        lambda w: f"/physio/patients/{w.owner}/send-to-gp",
        PHYSIO_PAGE,
    ),
    Case(
        "/physio/patients/<id:patient_id>/send-to-gp",
        "POST",
        lambda w: f"/physio/patients/{w.owner}/send-to-gp",
        physio_post(400),
        form=lambda w: {"note": "", "confirm": "y"},
        label="send to the GP without a note",
    ),
    Case(
        "/physio/plans/<id:plan_id>/resume",
        "POST",
        lambda w: f"/physio/plans/{w.plan}/resume",
        physio_post(400),
        form=lambda w: {"note": "Weer verder"},
    ),
    Case(
        "/physio/plans/<id:plan_id>/end",
        "POST",
        lambda w: f"/physio/plans/{w.plan}/end",
        physio_post(400),
        form=lambda w: {"note": "Klaar"},
    ),  # no confirm tick
    Case(
        "/physio/plans/<id:plan_id>/end",
        "POST",
        lambda w: f"/physio/plans/{w.plan}/end",
        expect(403, SKIP, 403, 404, 403, LOGIN),
        form=lambda w: {"note": "Klaar", "confirm": "y"},
        label="end with the tick",
    ),
    # Invitations: the owner's own, already used, cannot be withdrawn (409) by its physio.
    Case(
        "/physio/invitations/<id:invitation_id>/revoke",
        "POST",
        lambda w: f"/physio/invitations/{w.used_invitation}/revoke",
        physio_post(409),
    ),
    Case(
        "/physio/invitations/<id:invitation_id>/revoke",
        "POST",
        lambda w: f"/physio/invitations/{w.pending_invitation}/revoke",
        expect(403, SKIP, 403, 404, 403, LOGIN),
        label="revoke a pending invitation",
    ),
]
