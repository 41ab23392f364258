"""The access matrix as data: each URL rule that names a private object, who asks, what they get.

tests/test_access_matrix.py builds the dataset these cases point into (through ``World``) and
sends every case as every actor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from webapp.services.plans import plan_checks

ACTORS = ("owner", "owner_physio", "other_patient", "other_physio", "admin", "anonymous")
LOGIN = "login"  # a redirect to the login page
SKIP = None  # not sent: it would change the shared dataset, and other tests cover it

# Rules with arguments that need no entry: anyone may fetch them, they name nothing private.
PUBLIC_RULES = {
    "/static/<path:filename>",  # the site's own CSS, JS and images
    "/learn/<slug>",  # the information pages about back pain, the same for everyone
    "/static/videos/<name>",  # the catalogue's rendered videos: a drawn figure, no patient data
}

# Distinctive names, so a leak cannot hide behind a common word on the page.
OWNER = ("Philippa Kwakernaak", "philippa.kwakernaak@example.org")
OTHER = ("Bartholomeus Ottevanger", "b.ottevanger@example.net")
PHYSIO_A = ("Fysio Adelheid Eerste", "adelheid.eerste@praktijk-a.example")
PHYSIO_B = ("Fysio Bonifatius Tweede", "bonifatius.tweede@praktijk-b.example")
ADMIN = ("Beheerder Cornelis", "cornelis.beheer@example.org")
PENDING = ("Noud Nieuwkomer", "noud.nieuwkomer@example.org")


@dataclass
class World:
    """The app on one backend, a signed-in test client per actor, and the ids of the data."""

    app: object
    clients: dict
    ids: dict = field(default_factory=dict)

    def __getattr__(self, name: str):
        try:
            return self.__dict__["ids"][name]
        except KeyError:
            raise AttributeError(name) from None


def expect(owner, owner_physio, other_patient, other_physio, admin, anonymous) -> dict:
    """The expected answer per actor, in ACTORS order."""
    found = (owner, owner_physio, other_patient, other_physio, admin, anonymous)
    return dict(zip(ACTORS, found, strict=True))


@dataclass(frozen=True)
class Case:
    """One request against one of the owner's objects and what each actor must get."""

    rule: str
    method: str
    url: Callable[[World], str]
    statuses: dict
    form: Callable[[World], dict] = lambda w: {}
    # Who, besides the owner and their physio, may see the owner's name or address here.
    owner_shown_to: tuple[str, ...] = ()
    # Nobody, whatever the status, may change anything with this request.
    changes_nothing: bool = False
    label: str = ""

    @property
    def name(self) -> str:
        return f"{self.method} {self.label or self.rule}"


# The token in the URL is the authority: whoever holds it sees what it opens.
TOKEN = ACTORS

# Physio-only pages: a patient or an admin gets 403, a stranger physio 404, a visitor the login.
PHYSIO_PAGE = expect(403, 200, 403, 404, 403, LOGIN)


def _physio_post(ok):
    return expect(403, ok, 403, 404, 403, LOGIN)


def _changed(token: str) -> str:
    """The token with its last character replaced by another one."""
    return token[:-1] + ("B" if token.endswith("A") else "A")


MATRIX: list[Case] = [
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
        _physio_post(302),
        form=lambda w: {"body": "Hoe gaat het met de oefeningen?"},
    ),
    Case(
        "/physio/patients/<id:patient_id>/messages/read",
        "POST",
        lambda w: f"/physio/patients/{w.owner}/messages/read",
        _physio_post(302),
    ),
    Case(
        "/physio/patients/<id:patient_id>/flags/<id:flag_id>/clear",
        "POST",
        lambda w: f"/physio/patients/{w.owner}/flags/{w.flag}/clear",
        _physio_post(302),
    ),
    # Someone else's flag under one's own patient: the pair must match.
    Case(
        "/physio/patients/<id:patient_id>/flags/<id:flag_id>/clear",
        "POST",
        lambda w: f"/physio/patients/{w.owner}/flags/{w.other_flag}/clear",
        _physio_post(404),
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
        _physio_post(400),
        form=lambda w: {"profile": "raised"},
    ),
    Case(
        "/physio/patients/<id:patient_id>/episode/<any(closing, close):step>",
        "POST",
        lambda w: f"/physio/patients/{w.owner}/episode/close",
        _physio_post(400),
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
        _physio_post(400),
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
        _physio_post(200),
        form=lambda w: {"item_id": str(w.graded_item), "q0": "6", "goal": "20", "weeks": "8"},
        label="preview a new build-up",
    ),
    Case(
        "/physio/plans/<id:plan_id>/edit",
        "POST",
        lambda w: f"/physio/plans/{w.plan}/edit",
        _physio_post(404),
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
        _physio_post(400),
        form=lambda w: {"note": "x" * (plan_checks.MAX_NOTE + 1)},
    ),
    Case(
        "/physio/plans/<id:plan_id>/change",
        "POST",
        lambda w: f"/physio/plans/{w.plan}/change",
        _physio_post(400),
        form=lambda w: {"from_date": "", "reminder_time": "08:00", "weekdays": ["0"]},
        label="change a running plan without a date",
    ),
    Case(
        "/physio/plans/<id:plan_id>/agree-flare",
        "POST",
        lambda w: f"/physio/plans/{w.plan}/agree-flare",
        _physio_post(400),
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
        _physio_post(400),
        form=lambda w: {"note": "", "confirm": "y"},
        label="send to the GP without a note",
    ),
    Case(
        "/physio/plans/<id:plan_id>/resume",
        "POST",
        lambda w: f"/physio/plans/{w.plan}/resume",
        _physio_post(400),
        form=lambda w: {"note": "Weer verder"},
    ),
    Case(
        "/physio/plans/<id:plan_id>/end",
        "POST",
        lambda w: f"/physio/plans/{w.plan}/end",
        _physio_post(400),
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
        _physio_post(409),
    ),
    Case(
        "/physio/invitations/<id:invitation_id>/revoke",
        "POST",
        lambda w: f"/physio/invitations/{w.pending_invitation}/revoke",
        expect(403, SKIP, 403, 404, 403, LOGIN),
        label="revoke a pending invitation",
    ),
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
        _physio_post(302),
        form=lambda w: {"title": "Eigen opname"},
    ),
    Case(
        "/physio/videos/<id:video_id>/audience",
        "POST",
        lambda w: f"/physio/videos/{w.video}/audience",
        _physio_post(302),
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
        lambda w: f"/calendar/{_changed(w.calendar_token)}.ics",
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
        _physio_post(302),
        changes_nothing=True,
    ),
    Case(
        "/safety/checks/<id:screening_id>/pause-again",
        "POST",
        lambda w: f"/safety/checks/{w.screening}/pause-again",
        _physio_post(400),
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
