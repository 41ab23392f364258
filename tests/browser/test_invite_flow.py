"""From invitation to first plan in a real browser, with the email going through a real SMTP server.

The physio invites a patient; the scheduler's delivery pass (``python -m scheduler tick``)
hands the email to aiosmtpd; the patient opens the link from that email, registers, answers
the safety check if the app asks for it, and sees the plan the physio then assigns. Links
that can no longer be used (used, changed, expired) each get a page that says so, with a 4xx.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from config import ROOT
from tests.support.browser import log_in
from tests.support.live_server import LiveServer, wait_for
from tests.support.smtp import free_port
from webapp.models import Exercise, Invitation
from webapp.services.ops.demo import DEMO_PASSWORD, DEMO_PHYSIO
from webapp.wiring import password_hasher

pytestmark = pytest.mark.browser

PATIENT_NAME = "Noor Verhoeven"
PATIENT_EMAIL = "noor.verhoeven@example.org"
PATIENT_PASSWORD = "een lang genoeg wachtwoord"
TEMPLATE_SLUGS = ("walking", "pelvic-tilt", "knee-to-chest", "cat-camel")  # "stay_active"


@pytest.fixture
def invite_server(tmp_path, smtp_server):
    """The app under gunicorn with demo data, sending mail to the test's SMTP server."""
    from webapp import create_app
    from webapp.clock import utcnow
    from webapp.db import Base, new_session
    from webapp.services.ops.demo import seed_demo

    port = free_port()
    url = f"sqlite:///{tmp_path / 'live.db'}"
    engine = create_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()
    config = {
        "DATABASE_URL": url,
        "BASE_URL": f"http://127.0.0.1:{port}",
        "SMTP_URL": smtp_server.url,
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "VIDEO_DIR": str(tmp_path / "videos"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "INSTANCE_PATH": str(tmp_path / "instance"),
    }
    app = create_app({"DATABASE_URL": url, "INSTANCE_PATH": config["INSTANCE_PATH"]})
    with app.app_context(), new_session(app) as session:
        seed_demo(session, utcnow(), app.config["CATALOGUE_DIR"], password_hasher(app))
        session.commit()
    app.extensions["rugcoach.engine"].dispose()
    env = dict(os.environ, RUGCOACH_ENV="testing", **config)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "1",
            "-k",
            "gthread",
            "--threads",
            "4",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "webapp:create_app()",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for(port, server)
        yield LiveServer(config["BASE_URL"], env)
    finally:
        server.terminate()
        server.wait(timeout=20)


def deliver(server: LiveServer) -> str:
    """One scheduler pass as its own process, as cron or the service would run it."""
    done = subprocess.run(
        [sys.executable, "-m", "scheduler", "tick", "--at", datetime.now(UTC).isoformat()],
        cwd=ROOT,
        env=server.config,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def invitation_link(smtp_server, email: str, base: str) -> str:
    """The link in the newest email to this address (the same in its text and HTML parts)."""
    mails = [m for m in smtp_server.messages if email in m["To"]]
    assert mails, f"no email to {email} arrived; got {[m['To'] for m in smtp_server.messages]}"
    text = mails[-1].get_body(("plain",)).get_content()
    html = mails[-1].get_body(("html",)).get_content()
    found = re.search(re.escape(base) + r"/invite/[A-Za-z0-9_-]{43}", text)
    assert found, text
    assert f'href="{found.group(0)}"' in html
    return found.group(0)


def invite(page, server, email: str, name: str) -> None:
    """Send an invitation from the physio's invite page."""
    page.goto(f"{server}/physio/invite")
    form = page.locator("form[action$='/physio/invite']")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=name]").fill(name)
    form.locator("select[name=locale]").select_option("nl")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert email in page.locator(".flashes").inner_text()


def answer_safety_check_if_asked(page) -> None:
    """If the app shows its safety check, answer every question "no" and send it.

    Follow-up questions stay hidden while their question is "no", as a person sees them.
    """
    if "/safety/check" not in page.url:
        return
    for choice in page.locator("input[type=radio][value=no]:visible").all():
        choice.check()
    page.locator("input[type=radio][name=age_band]").first.check()
    page.locator("form.safety-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/safety/" not in page.url or "/safety/checks/" in page.url, page.url


def exercise_names(server: LiveServer) -> list[str]:
    """The Dutch names of the template's exercises, as the today page shows them."""
    engine = create_engine(server.config["DATABASE_URL"])
    with engine.connect() as conn:
        names = dict(
            conn.execute(
                select(Exercise.slug, Exercise.name_nl).where(Exercise.slug.in_(TEMPLATE_SLUGS))
            ).all()
        )
    engine.dispose()
    return [names[slug] for slug in TEMPLATE_SLUGS]


def test_invited_patient_registers_from_the_email_and_sees_the_assigned_plan(
    browser, page, invite_server, smtp_server
):
    server = invite_server
    log_in(page, server, DEMO_PHYSIO, DEMO_PASSWORD)
    invite(page, server, PATIENT_EMAIL, PATIENT_NAME)
    assert not [m for m in smtp_server.messages if PATIENT_EMAIL in m["To"]]  # only queued

    assert re.search(r"\b[1-9]\d* sent", deliver(server))
    link = invitation_link(smtp_server, PATIENT_EMAIL, server.url)

    # The patient, in a browser of their own, opens the link from the email.
    patient_context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    patient = patient_context.new_page()
    opened = patient.goto(link)
    assert opened.status == 200
    assert patient.locator("#invited-email").input_value() == PATIENT_EMAIL
    form = patient.locator("form[action*='/register']")
    assert form.locator("input[name=name]").input_value() == PATIENT_NAME
    form.locator("input[name=password]").fill(PATIENT_PASSWORD)
    form.locator("input[name=password_confirm]").fill(PATIENT_PASSWORD)
    form.locator("button[type=submit]").click()
    patient.wait_for_load_state()
    answer_safety_check_if_asked(patient)
    assert "/invite/" not in patient.url and "/login" not in patient.url, patient.url

    # The physio finds the new patient and gives them a template plan in one click.
    page.goto(f"{server}/physio/")
    page.get_by_role("link", name=PATIENT_NAME).first.click()
    page.wait_for_load_state()
    assert re.search(r"/physio/patients/\d+$", page.url), page.url
    page.goto(page.url + "/plan/new")
    page.locator("button[name=template][value=stay_active]").click()
    page.wait_for_load_state()
    assert PATIENT_NAME in page.locator(".flashes").inner_text()

    # The patient's today page now shows that plan.
    patient.goto(f"{server}/today")
    answer_safety_check_if_asked(patient)
    if "/today" not in patient.url:
        patient.goto(f"{server}/today")
    assert patient.url.endswith("/today"), patient.url
    content = patient.locator("main").inner_text()
    for name in exercise_names(server):
        assert name in content, f"{name!r} missing from the today page"
    patient_context.close()

    # The same link a second time, and a copy with one character changed, as a stranger would.
    stranger_context = browser.new_context(locale="en-GB")
    stranger = stranger_context.new_page()
    again = stranger.goto(link)
    assert again.status == 410
    assert "already been used" in stranger.locator("h1").inner_text()
    tampered = link[:-1] + ("B" if link.endswith("A") else "A")
    changed = stranger.goto(tampered)
    assert changed.status == 404
    assert "not valid" in stranger.locator("h1").inner_text()
    stranger_context.close()


def test_an_expired_invitation_link_says_so(browser, page, invite_server, smtp_server):
    server = invite_server
    log_in(page, server, DEMO_PHYSIO, DEMO_PASSWORD)
    invite(page, server, "laat@example.org", "Lotte Laat")
    deliver(server)
    link = invitation_link(smtp_server, "laat@example.org", server.url)

    # Eight days pass: move the invitation back in time rather than the server's clock.
    engine = create_engine(server.config["DATABASE_URL"])
    with Session(engine) as session:
        for invitation in session.scalars(select(Invitation)):
            invitation.created_at -= timedelta(days=8)
            invitation.expires_at -= timedelta(days=8)
        session.commit()
    engine.dispose()

    context = browser.new_context(locale="en-GB")
    visitor = context.new_page()
    opened = visitor.goto(link)
    assert opened.status == 410
    assert "has expired" in visitor.locator("h1").inner_text()
    # Registering through the form of a page kept open from before is refused the same way.
    assert visitor.locator("form[action*='/register']").count() == 0
    context.close()

    page.goto(f"{server}/physio/invite")
    assert "laat@example.org" in page.locator("table").inner_text()
