"""The FHIR R4 export: valid for fhir.resources' R4B models and for our own checks."""

import copy
import json

import pytest
from pydantic import ValidationError

from tests.support.fhir_checks import BundleProblem, check_bundle
from tests.support.measures import profiled
from webapp.services.core.errors import NotFound
from webapp.services.measures.moments import save_moment
from webapp.services.privacy.fhir import patient_bundle

BASE = "https://praktijk.example"


@pytest.fixture
def measured(app, db, patient, physio, plan, clock):
    """Intake, a profile, a log and the week 6 scores."""
    from webapp.models import SessionStatus
    from webapp.services.care.logbook import record_session

    with app.app_context():
        profiled(db, patient, physio, clock)
        record_session(
            db,
            patient=patient,
            plan=plan,
            day=clock().date(),
            status=SessionStatus.DONE,
            pain=5,
            note="",
            now=clock(),
        )
        db.commit()
        clock.advance(days=42)
        save_moment(
            db,
            patient=patient,
            pain=3,
            gpe="much_improved",
            psk_scores={1: 4, 2: 5},
            today=clock().date(),
            now=clock(),
        )
        db.commit()
    return patient


def _types(bundle) -> dict[str, int]:
    found: dict[str, int] = {}
    for entry in bundle["entry"]:
        kind = entry["resource"]["resourceType"]
        found[kind] = found.get(kind, 0) + 1
    return found


def test_the_patient_bundle_holds_what_the_record_system_needs(app, db, measured, clock):
    with app.app_context():
        bundle = patient_bundle(db, measured, BASE, clock())
    check_bundle(bundle, measured.id, BASE)
    assert _types(bundle) == {
        "Patient": 1,
        "Practitioner": 1,
        "Questionnaire": 3,
        "Condition": 1,
        "EpisodeOfCare": 1,
        "Observation": 3,  # intake and week 6 NPRS, and the log
        "QuestionnaireResponse": 4,  # intake screen, PSK at intake and week 6, GPE week 6
        "CarePlan": 1,
    }
    plan = next(
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "CarePlan"
    )
    walking = plan["activity"][0]["detail"]
    assert walking["scheduledTiming"]["repeat"]["dayOfWeek"][0] == "mon"
    assert walking["quantity"]["value"] > 0
    json.dumps(bundle)  # plain JSON, nothing the encoder cannot write


def test_an_export_names_the_same_things_the_same_way(app, db, measured, clock):
    with app.app_context():
        first = patient_bundle(db, measured, BASE, clock())
        again = patient_bundle(db, measured, BASE, clock())
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in again["entry"]]


def test_an_open_episode_cannot_be_exported_as_a_closed_one(app, db, measured, clock):
    from webapp.services.measures.episodes import open_episode

    with app.app_context(), pytest.raises(NotFound):
        patient_bundle(db, measured, BASE, clock(), episode_id=open_episode(db, measured).id)


def _broken(bundle, change):
    copied = copy.deepcopy(bundle)
    change(copied)
    return copied


def _first(bundle, kind):
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind)


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda b: _first(b, "Observation").update(valueInteger=11), id="nprs-11"),
        pytest.param(
            lambda b: _first(b, "Observation")["code"]["coding"][0].update(code="1234-5"),
            id="wrong-loinc",
        ),
        pytest.param(
            lambda b: _first(b, "Condition")["code"]["coding"][0].update(system="http://x"),
            id="wrong-snomed-system",
        ),
        pytest.param(
            lambda b: _first(b, "Observation")["subject"].update(reference="urn:uuid:nowhere"),
            id="dangling-reference",
        ),
        pytest.param(
            lambda b: _first(b, "Patient")["identifier"][0].update(value="999"),
            id="another-patient",
        ),
        pytest.param(lambda b: b.update(type="document"), id="not-a-collection"),
    ],
)
def test_a_deliberately_broken_bundle_fails_the_checks(app, db, measured, clock, change):
    with app.app_context():
        bundle = patient_bundle(db, measured, BASE, clock())
    with pytest.raises((BundleProblem, ValidationError)):
        check_bundle(_broken(bundle, change), measured.id, BASE)


def test_a_structurally_broken_bundle_fails_the_r4b_models(app, db, measured, clock):
    with app.app_context():
        bundle = patient_bundle(db, measured, BASE, clock())
    for change in (
        lambda b: _first(b, "Observation").pop("status"),  # required
        lambda b: _first(b, "Observation").update(valueInteger="lots"),  # wrong type
        lambda b: _first(b, "CarePlan").update(episode="x"),  # no such element in R4
    ):
        with pytest.raises(ValidationError):
            check_bundle(_broken(bundle, change), measured.id, BASE)


def test_the_command_prints_a_valid_bundle(app, runner, measured):
    result = runner.invoke(args=["fhir", "export", "patient@example.org"])
    assert result.exit_code == 0, result.output
    check_bundle(json.loads(result.output), measured.id, app.config["BASE_URL"])


def test_the_command_refuses_an_unknown_email_in_one_line(runner, db):
    result = runner.invoke(args=["fhir", "export", "nobody@example.org"])
    assert result.exit_code == 1
    assert result.output.strip() == "No patient with the email address nobody@example.org."


def test_the_patients_own_download_includes_the_bundle(app, db, measured, clock):
    import io
    import zipfile

    from webapp.services.privacy.export import export_zip

    with app.app_context():
        body = export_zip(db, measured, clock(), BASE)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        bundle = json.loads(archive.read("fhir-bundle.json"))
    check_bundle(bundle, measured.id, BASE)


def test_the_demo_patient_daan_exports_observations_and_responses(app, runner, db):
    from sqlalchemy import select

    from webapp.models import User

    assert "Demo data created." in runner.invoke(args=["seed-demo"]).output
    result = runner.invoke(args=["fhir", "export", "daan@example.org"])
    assert result.exit_code == 0, result.output
    db.rollback()
    daan = db.scalar(select(User).where(User.email == "daan@example.org"))
    bundle = json.loads(result.output)
    check_bundle(bundle, daan.id, app.config["BASE_URL"])
    found = _types(bundle)
    assert found["Observation"] >= 11  # intake, week 6 and nine logs
    assert found["QuestionnaireResponse"] == 4  # intake screen, PSK twice, GPE in week 6
