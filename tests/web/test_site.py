"""Health check, error pages, language choice and security headers."""

import pytest
from sqlalchemy import create_engine

from tests.support.client import post_form


def test_healthz_reports_database_and_pending_outbox(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "outbox_pending": 0}


def test_healthz_reports_an_unreachable_database(tmp_path, clock):
    from webapp import create_app

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/x.db", "CLOCK": clock})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_unknown_route_is_a_404_page(client):
    response = client.get("/does-not-exist")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.get_data(as_text=True)


def test_wrong_method_is_405_page(client):
    assert client.delete("/login").status_code == 405


def test_oversized_post_is_413(client):
    response = client.post("/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


@pytest.mark.parametrize("path", ["/", "/login", "/register", "/does-not-exist"])
def test_pages_carry_security_headers(client, path):
    headers = client.get(path).headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_visitor_can_switch_to_english(client):
    response = post_form(client, "/language", {"locale": "en", "next": "/login"}, page="/login")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)


def test_language_switch_refuses_unknown_language_and_foreign_redirects(client):
    assert post_form(client, "/language", {"locale": "fr"}, page="/login").status_code == 400
    response = post_form(
        client, "/language", {"locale": "en", "next": "//evil.example/"}, page="/login"
    )
    assert response.headers["Location"] == "/"


def test_signed_in_language_switch_is_stored(client, auth, patient, db):
    auth.login("patient@example.org")
    post_form(client, "/language", {"locale": "en"}, page="/today")
    db.rollback()
    db.refresh(patient)
    assert patient.locale == "en"


def test_landing_page_for_visitors(client):
    body = client.get("/").get_data(as_text=True)
    assert "In beweging blijven met lage rugpijn" in body
    assert "via de link in de uitnodiging van uw fysiotherapeut" in body


def test_demo_seed_runs_once(runner, db):
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert "Demo data created." in first.output
    assert "already present" in second.output
    assert "patient@example.org" in second.output and "daan@example.org" in second.output


def test_the_demo_patients_did_the_safety_check_before_exercising(runner, db):
    from sqlalchemy import select

    from webapp.models import Screening, SessionLog, User

    runner.invoke(args=["seed-demo"])
    for email in ("patient@example.org", "daan@example.org"):
        patient = db.scalar(select(User).where(User.email == email))
        checks = db.scalars(select(Screening).where(Screening.patient_id == patient.id)).all()
        assert [c.outcome for c in checks] == ["clear"] and not patient.safety_check_due
        first_log = db.scalar(
            select(SessionLog.created_at)
            .where(SessionLog.patient_id == patient.id)
            .order_by(SessionLog.created_at)
        )
        assert first_log is None or checks[0].created_at < first_log


def test_the_demo_builder_has_three_weeks_of_build_up(app, runner, db):
    from sqlalchemy import select

    from webapp.models import Plan, SessionLog, User

    runner.invoke(args=["seed-demo"])
    db.rollback()
    daan = db.scalar(select(User).where(User.email == "daan@example.org"))
    plan = db.scalar(select(Plan).where(Plan.patient_id == daan.id))
    assert plan.ramp_start is not None
    assert len(db.scalars(select(SessionLog).where(SessionLog.plan_id == plan.id)).all()) == 9
    decisions = [w.decision for w in sorted(plan.weeks, key=lambda w: w.week) if w.closed_at]
    assert [str(d) for d in decisions] == ["advanced", "advanced", "advanced"]


def test_unused_engine_does_not_touch_the_database(tmp_path):
    """Building the app connects to nothing: a missing database file is not created."""
    from webapp import create_app

    path = tmp_path / "never.db"
    app = create_app({"DATABASE_URL": f"sqlite:///{path}"})
    assert not path.exists()
    create_engine(f"sqlite:///{path}").dispose()
    app.extensions["rugcoach.engine"].dispose()


def test_physio_emails_link_to_the_messages_section_with_a_fragment(app):
    from webapp.wiring import links

    with app.app_context():
        url = links().physio_patient(3, section="messages")
    assert url == "http://127.0.0.1:5000/physio/patients/3#messages"
