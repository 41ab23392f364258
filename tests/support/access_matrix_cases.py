"""The access matrix as data: each URL rule that names a private object, who asks, what they get.

The physio's pages are in access_matrix_physio.py; here are the rest: devices, links in
emails, uploads, the admin's outbox and safety checks, and the whole ``MATRIX``.
"""

from __future__ import annotations

from tests.support.access_matrix import (
    LOGIN,
    SKIP,
    TOKEN,
    Case,
    changed,
    expect,
    physio_post,
)
from tests.support.access_matrix_physio import PHYSIO_CASES

MATRIX: list[Case] = [
    *PHYSIO_CASES,
    # One of the owner's logged-in devices: only the owner may log it out (not sent as the
    # owner, which would end the owner's session for the cases after it).
    Case(
        "/account/sessions/<id:session_id>/end",
        "POST",
        lambda w: f"/account/sessions/{w.owner_session}/end",
        expect(SKIP, 302, 302, 302, 302, LOGIN),
        changes_nothing=True,
    ),
    # The invitation link: the token invites a new address, so no account here may take it.
    Case(
        "/invite/<token>",
        "GET",
        lambda w: f"/invite/{w.invite_token}",
        expect(403, 403, 403, 403, 403, 200),
    ),
    Case(
        "/invite/<token>/accept",
        "POST",
        lambda w: f"/invite/{w.invite_token}/accept",
        expect(403, 403, 403, 403, 403, 302),
        changes_nothing=True,
    ),
    Case(
        "/invite/<token>/register",
        "POST",
        lambda w: f"/invite/{w.invite_token}/register",
        expect(302, 302, 302, 302, 302, 400),
        changes_nothing=True,
        form=lambda w: {
            "name": "Noud",
            "password": "a long enough password",
            "password_confirm": "a different password",
            "timezone": "Europe/Amsterdam",
        },
    ),
    # The owner's uploaded video and the physio's own exercise it belongs to.
    Case(
        "/media/<id:video_id>/<name>",
        "GET",
        lambda w: f"/media/{w.video}/{w.video_file}",
        expect(200, 200, 404, 404, 404, 404),
    ),
    # The physio's upload library: only the uploading physio may change or delete a video.
    Case(
        "/physio/videos/<id:video_id>/title",
        "POST",
        lambda w: f"/physio/videos/{w.video}/title",
        physio_post(302),
        form=lambda w: {"title": "Eigen opname"},
    ),
    Case(
        "/physio/videos/<id:video_id>/audience",
        "POST",
        lambda w: f"/physio/videos/{w.video}/audience",
        physio_post(302),
        form=lambda w: {"audience": "chosen", "patients": str(w.owner)},
    ),
    Case(
        "/physio/videos/<id:video_id>/delete",
        "POST",
        lambda w: f"/physio/videos/{w.video}/delete",
        expect(403, SKIP, 403, 404, 403, LOGIN),
    ),
    Case(
        "/exercises/<slug>",
        "GET",
        lambda w: f"/exercises/{w.own_exercise}",
        expect(200, 200, 404, 404, 404, LOGIN),
    ),
    Case(
        "/exercises/<slug>",
        "GET",
        lambda w: "/exercises/pelvic-tilt",
        expect(200, 200, 200, 200, 200, LOGIN),
        label="a catalogue exercise",
    ),
    # Email-link tokens: the token is the authority, but never over another signed-in account.
    Case(
        "/log/<token>",
        "GET",
        lambda w: f"/log/{w.log_token}",
        expect(200, 403, 403, 403, 403, 200),
        owner_shown_to=TOKEN,
    ),
    Case(
        "/log/<token>",
        "POST",
        lambda w: f"/log/{w.log_token}",
        expect(200, 403, 403, 403, 403, 200),
        owner_shown_to=TOKEN,
        form=lambda w: {"status": "done", "pain": "3"},
    ),
    # A push's "Later" takes only its own signed token: an email link's token is unknown to it.
    Case(
        "/push/later/<token>",
        "POST",
        lambda w: f"/push/later/{w.log_token}",
        expect(404, 404, 404, 404, 404, 404),
        label="a log link's token sent as a push's Later",
    ),
    Case(
        "/unsubscribe/<token>",
        "GET",
        lambda w: f"/unsubscribe/{w.unsubscribe_token}",
        expect(200, 200, 200, 200, 200, 200),
        owner_shown_to=TOKEN,
    ),
    Case(
        "/calendar/<token>.ics",
        "GET",
        lambda w: f"/calendar/{w.calendar_token}.ics",
        expect(200, 200, 200, 200, 200, 200),
        owner_shown_to=TOKEN,
    ),
    Case(
        "/calendar/<token>.ics",
        "GET",
        lambda w: f"/calendar/{changed(w.calendar_token)}.ics",
        expect(404, 404, 404, 404, 404, 404),
        label="a calendar token with one letter changed",
    ),
    # The admin's outbox: an email's recipient and content, for the admin only (audited).
    Case(
        "/admin/outbox/<id:message_id>",
        "GET",
        lambda w: f"/admin/outbox/{w.outbox}",
        expect(403, 403, 403, 403, 200, LOGIN),
        owner_shown_to=("admin",),
    ),
    # Retrying an email that was not refused is itself refused (409), changing nothing.
    Case(
        "/admin/outbox/<id:message_id>/retry",
        "POST",
        lambda w: f"/admin/outbox/{w.outbox}/retry",
        expect(403, 403, 403, 403, 409, LOGIN),
        owner_shown_to=("admin",),
    ),
    # A safety check's answers: the patient and their physio only.
    Case(
        "/safety/checks/<id:screening_id>",
        "GET",
        lambda w: f"/safety/checks/{w.screening}",
        expect(200, 200, 404, 404, 403, LOGIN),
    ),
    # The physio's actions on a check; this one is clear, so there is nothing to confirm
    # (said with a redirect) and nothing to pause again (refused).
    Case(
        "/safety/checks/<id:screening_id>/confirm-seen",
        "POST",
        lambda w: f"/safety/checks/{w.screening}/confirm-seen",
        physio_post(302),
        changes_nothing=True,
    ),
    Case(
        "/safety/checks/<id:screening_id>/pause-again",
        "POST",
        lambda w: f"/safety/checks/{w.screening}/pause-again",
        physio_post(400),
        changes_nothing=True,
    ),
    Case(
        "/password/reset/<token>",
        "GET",
        lambda w: f"/password/reset/{w.reset_token}",
        expect(200, 200, 200, 200, 200, 200),
        owner_shown_to=TOKEN,
    ),
]
