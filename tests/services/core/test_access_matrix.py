"""Who may open what: every URL rule that names a private object, tried by every kind of actor.

One dataset per database backend: two practices, each with a physio and a patient who came in
through an invitation, a plan with a build-up item, logs, messages, a flag, an uploaded video on
an exercise of the physio's own, a pending invitation and the patient's email-link tokens. Each
matrix entry builds the URL of one of the owner patient's objects and says what each actor gets.
A rule with arguments that has neither an entry nor a place in PUBLIC_RULES fails the run, so a
new route cannot skip this check.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
from datetime import time

import pytest
from sqlalchemy import create_engine, select
from werkzeug.datastructures import FileStorage

from tests.support.access_matrix import (
    ACTORS,
    ADMIN,
    LOGIN,
    OTHER,
    OWNER,
    PENDING,
    PHYSIO_A,
    PHYSIO_B,
    PUBLIC_RULES,
    SKIP,
    Case,
    World,
)
from tests.support.access_matrix_cases import MATRIX
from tests.support.client import PASSWORD, AuthActions, csrf_token
from tests.support.clock import START, FixedClock
from tests.support.database import BACKENDS, PG_URL, truncate_all
from webapp import create_app
from webapp.db import Base, new_session
from webapp.domain.safety import QUESTIONS, AgeBand
from webapp.domain.schedule import ALL_DAYS, local_date
from webapp.media.encode import ffmpeg_exe
from webapp.models import (
    LoginSession,
    OutboxEmail,
    PlanItem,
    Role,
    SessionStatus,
    User,
    Video,
    VideoStatus,
)
from webapp.services.accounts.passwords import issue_link
from webapp.services.accounts.users import create_user
from webapp.services.care.logbook import record_session
from webapp.services.care.progress import reset_calendar_token
from webapp.services.core import flags
from webapp.services.library.exercises import create_custom_exercise
from webapp.services.library.shelf import share_upload
from webapp.services.library.uploads import accept_upload, process_uploads
from webapp.services.ops.demo import demo_exercises
from webapp.services.plans import plan_admin, plan_checks
from webapp.services.plans.plans import user_zone
from webapp.services.reminders.tokens import log_token, unsubscribe_token
from webapp.services.safety.screening import record_screening
from webapp.services.workspace import invitations, messages
from webapp.wiring import mailroom, password_hasher, secret

# The dataset ---------------------------------------------------------------------------------


def _video_clip(path) -> bytes:
    """Two seconds of ffmpeg's test picture as MP4."""
    subprocess.run(
        [
            ffmpeg_exe(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            "testsrc=size=160x120:rate=10:duration=2",
            str(path),
        ],
        check=True,
    )
    return path.read_bytes()


def _invited_patient(db, physio, who, now):
    """A patient who registered from their physio's invitation; returns (patient, invitation)."""
    invitation, token = invitations.invite(
        db, physio=physio, email=who[1], name=who[0], locale="nl", now=now, mailroom=mailroom()
    )
    patient = invitations.register_from_invitation(
        db,
        token=token,
        name=who[0],
        password=PASSWORD,
        timezone="Europe/Amsterdam",
        now=now,
        hasher=password_hasher(),
    )
    return patient, invitation


def _practice(app, db, physio, patient, clock, tmp_path) -> dict:
    """A plan with a measured build-up item, a log, messages both ways, a flag and a video."""
    now, found = clock(), demo_exercises(db, app.config["CATALOGUE_DIR"])
    today = local_date(now, user_zone(patient))
    items = [plan_checks.ItemChoice(e, e.default_sets, e.default_amount) for e in found[1:]]
    items.insert(0, plan_checks.ItemChoice(found[0], 1, 10, graded=True, baseline=12, goal=30))
    plan = plan_admin.assign_plan(
        db,
        physio=physio,
        patient=patient,
        start_date=today,
        now=now,
        items=items,
        weekdays=ALL_DAYS,
        reminder_time=time(8, 0),
    )
    record_session(
        db,
        patient=patient,
        plan=plan,
        day=today,
        status=SessionStatus.DONE,
        pain=4,
        note=f"Notitie van {patient.name}",
        now=now,
    )
    for author, body in ((patient, "Vraag van mij"), (physio, "Antwoord")):
        messages.post_message(
            db, author=author, patient=patient, body=body, now=now, mailroom=mailroom()
        )
    flag = flags.raise_flag(db, patient_id=patient.id, kind="pain_high", now=now, plan_id=plan.id)
    own = create_custom_exercise(
        db,
        physio=physio,
        name_nl=f"Oefening van {physio.name}",
        name_en="",
        unit="reps",
        position="standing",
        category="mobility",
        sets=2,
        amount=8,
        steps_nl=["Sta rechtop."],
    )
    clip = _video_clip(tmp_path / f"clip-{physio.id}.mp4")
    video = accept_upload(
        db,
        physio=physio,
        exercise=own,
        upload=FileStorage(io.BytesIO(clip), filename="own.mp4"),
        upload_dir=app.config["UPLOAD_DIR"],
        max_seconds=600,
        now=now,
    )
    graded = db.scalar(select(PlanItem).where(PlanItem.plan_id == plan.id, PlanItem.graded))
    return {"plan": plan, "flag": flag, "exercise": own, "video": video, "graded": graded}


def _safety_check(db, patient, now) -> int:
    """A completed safety check with every answer "no"."""
    answers = dict.fromkeys(QUESTIONS, False)
    found = record_screening(
        db,
        patient=patient,
        answers=answers,
        age_band=AgeBand.FROM_20_TO_40.value,
        now=now,
        mailroom=mailroom(),
    )
    return found.id


@pytest.fixture(scope="module", params=BACKENDS)
def world(request, tmp_path_factory):
    """The app on one backend with the dataset, and a logged-in client per actor."""
    tmp_path = tmp_path_factory.mktemp(f"matrix-{request.param}")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'matrix.db'}"
        engine = create_engine(url)
        Base.metadata.create_all(engine)
        engine.dispose()
    else:
        truncate_all(request.getfixturevalue("pg_engine"))
        url = PG_URL
    clock = FixedClock(START)
    app = create_app(
        {
            "DATABASE_URL": url,
            "CLOCK": clock,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
            "VIDEO_DIR": str(tmp_path / "videos"),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
        }
    )
    world = World(app=app, clients={})
    with app.app_context(), new_session(app) as db:
        now = clock()
        physio_a, physio_b, _admin = (
            create_user(
                db,
                email=who[1],
                name=who[0],
                password=PASSWORD,
                role=role,
                now=now,
                hasher=password_hasher(),
            )
            for who, role in ((PHYSIO_A, Role.PHYSIO), (PHYSIO_B, Role.PHYSIO), (ADMIN, Role.ADMIN))
        )
        owner, used = _invited_patient(db, physio_a, OWNER, now)
        other, _other_used = _invited_patient(db, physio_b, OTHER, now)
        mine = _practice(app, db, physio_a, owner, clock, tmp_path)
        theirs = _practice(app, db, physio_b, other, clock, tmp_path)
        pending, invite_token = invitations.invite(
            db,
            physio=physio_a,
            email=PENDING[1],
            name=PENDING[0],
            locale="nl",
            now=now,
            mailroom=mailroom(),
        )
        _link, reset_token = issue_link(db, owner, now=now)
        screening = _safety_check(db, owner, now)
        _safety_check(db, other, now)
        db.commit()
        while process_uploads(db, app.config["UPLOAD_DIR"], now):
            db.commit()
        db.commit()
        video = db.get(Video, mine["video"].id)
        assert video.status == VideoStatus.READY, video.error
        # A processed upload is shown to nobody until its physio chooses: here, the owner.
        share_upload(db, physio_a, video, "chosen", [owner.id], now)
        db.commit()
        world.ids = {
            "owner": owner.id,
            "other": other.id,
            "plan": mine["plan"].id,
            "graded_item": mine["graded"].id,
            "other_graded_item": theirs["graded"].id,
            "flag": mine["flag"].id,
            "other_flag": theirs["flag"].id,
            "used_invitation": used.id,
            "pending_invitation": pending.id,
            "invite_token": invite_token,
            "video": video.id,
            "video_file": video.mp4_file,
            "own_exercise": mine["exercise"].slug,
            "reset_token": reset_token,
            "calendar_token": reset_calendar_token(db, owner),
            "log_token": log_token(
                secret(), owner.id, mine["plan"].id, local_date(now, user_zone(owner)), now
            ),
            "unsubscribe_token": unsubscribe_token(secret(), owner.id, "daily"),
            "outbox": db.scalar(
                select(OutboxEmail.id).where(
                    OutboxEmail.user_id == owner.id, OutboxEmail.kind == "message"
                )
            ),
            "screening": screening,
        }
        db.commit()
    emails = {
        "owner": OWNER[1],
        "owner_physio": PHYSIO_A[1],
        "other_patient": OTHER[1],
        "other_physio": PHYSIO_B[1],
        "admin": ADMIN[1],
    }
    for actor in ACTORS:
        client = app.test_client()
        if actor in emails:
            response = AuthActions(client, PASSWORD).login(emails[actor])
            assert response.status_code == 302, f"{actor} could not log in"
        world.clients[actor] = client
    with app.app_context(), new_session(app) as db:
        owner_id = db.scalar(select(User.id).where(User.email == OWNER[1]))
        world.ids["owner_session"] = db.scalar(
            select(LoginSession.id).where(LoginSession.user_id == owner_id)
        )
    yield world
    app.extensions["rugcoach.engine"].dispose()


# Checks --------------------------------------------------------------------------------------


def fingerprint(app) -> str:
    """A digest of every row in every table: equal digests mean nothing was written."""
    digest = hashlib.sha256()
    with app.app_context(), new_session(app) as db:
        for table in Base.metadata.sorted_tables:
            key = list(table.primary_key.columns) or list(table.columns)
            for row in db.execute(select(table).order_by(*key)):
                digest.update(repr(tuple(row)).encode())
            digest.update(table.name.encode())
    return digest.hexdigest()


def forbidden_words(actor: str, case: Case) -> list[str]:
    """The names and addresses this actor must never see in this answer."""
    owner_hidden = actor not in ("owner", "owner_physio", *case.owner_shown_to)
    other_hidden = actor != "other_patient" and actor != "other_physio"
    return [*(OWNER if owner_hidden else ()), *(OTHER if other_hidden else ())]


def _request(world: World, case: Case, actor: str):
    client = world.clients[actor]
    if case.method == "GET":
        return client.get(case.url(world))
    # Any page with a form carries the session's CSRF token (the login page for visitors).
    token = csrf_token(client, "/login" if actor == "anonymous" else "/account")
    data = dict(case.form(world), csrf_token=token)
    return client.post(case.url(world), data=data)


CASES = [
    pytest.param(case, actor, id=f"{case.name} as {actor}")
    for case in MATRIX
    for actor in ACTORS
    if case.statuses[actor] is not SKIP
]


@pytest.mark.parametrize(("case", "actor"), CASES)
def test_each_actor_gets_what_the_matrix_says(world, case, actor):
    registered = {(r.rule, m) for r in world.app.url_map.iter_rules() for m in r.methods}
    # A matrix entry whose route is gone is a mistake in the matrix or a page that went missing.
    assert (case.rule, case.method) in registered, f"{case.method} {case.rule} is not a route"
    wanted = case.statuses[actor]
    # A refused actor writes nothing; an allowed one may (an audit row for a refused form).
    refused = wanted in (LOGIN, 403, 404)
    before = fingerprint(world.app) if refused or case.changes_nothing else None

    with _request(world, case, actor) as response:
        body = response.get_data()

    if wanted == LOGIN:
        assert response.status_code == 302, (case.name, actor, response.status_code)
        assert response.headers["Location"].startswith("/login"), response.headers["Location"]
    else:
        assert response.status_code == wanted, (case.name, actor, response.status_code)
    assert b"Traceback" not in body
    for word in forbidden_words(actor, case):
        assert word.encode() not in body, f"{case.name} shows {word!r} to {actor}"
    if before is not None:
        assert fingerprint(world.app) == before, f"{case.name} by {actor} changed the data"


def test_every_rule_with_arguments_is_in_the_matrix(world):
    covered = {case.rule for case in MATRIX}
    missing = sorted(
        rule.rule
        for rule in world.app.url_map.iter_rules()
        if rule.arguments and rule.rule not in covered and rule.rule not in PUBLIC_RULES
    )
    assert not missing, (
        "These URL rules take an argument but have no access-matrix entry (add one to MATRIX "
        f"in tests/test_access_matrix.py, or list them in PUBLIC_RULES with a reason): {missing}"
    )
