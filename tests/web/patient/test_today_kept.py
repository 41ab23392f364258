"""The today page is built once and served again until something behind it changes."""

from datetime import timedelta

from sqlalchemy import event, select, text, update

from tests.support.client import post_form
from webapp import create_app
from webapp.models import Exercise, Message, PlanItem, SessionLog, User
from webapp.patient.page_cache import PageCache

LOG = {"day": "2026-11-25", "status": "done", "pain": "3", "note": "Ging goed"}


def count_statements(app, client, path="/today"):
    """The response to a GET and the number of SQL statements it took."""
    statements = []
    engine = app.extensions["rugcoach.engine"]

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        response = client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return response, len(statements)


def sign_in_and_keep(client, auth):
    """Sign the patient in and view the page twice.

    The first view after signing in gives the browser its CSRF token (a new cookie); the
    second builds the page that is kept.
    """
    auth.login("patient@example.org")
    client.get("/today")
    return client.get("/today").get_data(as_text=True)


def test_a_second_view_is_served_from_the_kept_page(app, client, auth, plan):
    first = sign_in_and_keep(client, auth)
    second, statements = count_statements(app, client)
    assert second.status_code == 200
    assert second.get_data(as_text=True) == first
    # The user, the login session, the safety gate and the page version: nothing more.
    assert statements <= 6


def test_a_new_log_shows_at_once_and_its_message_only_once(client, auth, plan):
    assert "Ingevuld: gedaan" not in sign_in_and_keep(client, auth)
    saved = post_form(client, "/today/log", LOG, page="/today", follow_redirects=True)
    assert "Goed dat u het bijhoudt" in saved.get_data(as_text=True)
    again = client.get("/today").get_data(as_text=True)
    assert "Ingevuld: gedaan" in again
    assert "Goed dat u het bijhoudt" not in again  # the flashed message is never kept


def test_a_change_by_the_physio_shows_at_once(client, auth, plan, db, physio, patient, clock):
    sign_in_and_keep(client, auth)
    db.add(
        Message(
            patient_id=patient.id,
            physio_id=physio.id,
            author_id=physio.id,
            body="Denk aan het wandelen vandaag.",
            created_at=clock(),
        )
    )
    db.commit()
    assert "Denk aan het wandelen vandaag." in client.get("/today").get_data(as_text=True)
    walking = db.scalar(select(PlanItem).where(PlanItem.plan_id == plan.id))
    before = client.get("/today").get_data(as_text=True)
    walking.amount, walking.sets = walking.amount + 7, 1
    db.commit()
    assert client.get("/today").get_data(as_text=True) != before


def test_a_settings_change_shows_at_once(client, auth, plan, db, patient):
    assert '<html lang="nl">' in sign_in_and_keep(client, auth)
    db.get(User, patient.id).locale = "en"
    db.commit()
    assert '<html lang="en">' in client.get("/today").get_data(as_text=True)


def test_a_catalogue_change_shows_for_every_patient(client, auth, plan, db):
    sign_in_and_keep(client, auth)
    exercise = db.get(Exercise, plan.items[0].exercise_id)
    exercise.name_nl = "Rustig wandelen buiten"
    db.commit()
    assert "Rustig wandelen buiten" in client.get("/today").get_data(as_text=True)


def test_writes_outside_the_unit_of_work_show_too(client, auth, plan, db):
    sign_in_and_keep(client, auth)
    exercise_id = plan.items[0].exercise_id
    db.execute(update(Exercise).where(Exercise.id == exercise_id).values(name_nl="Bulk wandelen"))
    db.commit()
    assert "Bulk wandelen" in client.get("/today").get_data(as_text=True)
    db.execute(
        text("UPDATE exercises SET name_nl = :name WHERE id = :id"),
        {"name": "Rauw wandelen", "id": exercise_id},
    )
    db.commit()
    assert "Rauw wandelen" in client.get("/today").get_data(as_text=True)


def test_a_new_day_builds_a_new_page(client, auth, plan, clock):
    first = sign_in_and_keep(client, auth)
    clock.advance(days=1)
    second = client.get("/today").get_data(as_text=True)
    assert first != second


def test_two_processes_on_one_database_see_each_others_writes(
    app, client, auth, plan, database_url, clock, tmp_path
):
    other = create_app(
        {
            "DATABASE_URL": database_url,
            "CLOCK": clock,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "OUTBOX_DIR": str(tmp_path / "outbox"),
        }
    )
    try:
        # Both processes build and keep the page for the same browser.
        assert "Ingevuld: gedaan" not in sign_in_and_keep(client, auth)
        other_client = other.test_client()
        other_client.set_cookie("session", client.get_cookie("session").value)
        assert "Ingevuld: gedaan" not in other_client.get("/today").get_data(as_text=True)
        saved = post_form(other_client, "/today/log", LOG, page="/today")
        assert saved.status_code == 302
        assert "Ingevuld: gedaan" in client.get("/today").get_data(as_text=True)
    finally:
        other.extensions["rugcoach.engine"].dispose()


def test_a_rolled_back_write_keeps_the_page(app, client, auth, plan, db):
    sign_in_and_keep(client, auth)
    db.get(Exercise, plan.items[0].exercise_id).name_nl = "Nooit opgeslagen"
    db.flush()
    db.rollback()
    response, statements = count_statements(app, client)
    assert "Nooit opgeslagen" not in response.get_data(as_text=True)
    assert statements <= 6
    assert db.scalar(select(SessionLog)) is None


def test_a_kept_page_holds_until_its_instant(clock):
    pages = PageCache()
    pages.put((1, 2, "x"), "<p>", clock() + timedelta(hours=1))
    assert pages.get((1, 2, "x"), clock()) == "<p>"
    assert pages.get((1, 2, "x"), clock() + timedelta(hours=1)) is None


def test_the_physios_new_name_shows_on_their_patients_pages(client, auth, patient, physio, db):
    assert "Fysio Jansen maakt uw oefenplan." in sign_in_and_keep(client, auth)
    db.get(User, physio.id).name = "Fysio de Vries"
    db.commit()
    assert "Fysio de Vries maakt uw oefenplan." in client.get("/today").get_data(as_text=True)


def test_a_page_after_a_flare_up_holds_until_the_step_back_limit_runs_out(clock):
    from types import SimpleNamespace

    from webapp.patient.page_cache import holds_until

    week = SimpleNamespace(flare_declared_at=clock() - timedelta(days=20))
    plan = SimpleNamespace(weeks=[week])
    assert holds_until(plan, clock()) == clock() + timedelta(days=1)
    week.flare_declared_at = clock() - timedelta(days=22)
    assert holds_until(plan, clock()) is None
    assert holds_until(None, clock()) is None
