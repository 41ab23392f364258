"""An episode in the browser: the intake screen, the physio's profile and the suggested
template, the week 6 scores, the physio's close, the summary and the FHIR download."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.support.browser import log_in
from tests.support.fhir_checks import check_bundle
from webapp.domain.measures import INTAKE_SCREEN
from webapp.services.ops.demo import DEMO_PATIENT, DEMO_PHYSIO

pytestmark = pytest.mark.browser

# Stressed and afraid to move: the screen proposes a raised risk.
WORRIED = {q.key: ("no" if q.factor_when == "yes" else "yes") for q in INTAKE_SCREEN}
WORRIED.update(stress="yes", fear_of_moving="yes")


def _sql(live_server, statement: str, **params):
    """Run one statement on the live server's database."""
    engine = create_engine(live_server.config["DATABASE_URL"])
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement), params)
            return result.all() if result.returns_rows else []
    finally:
        engine.dispose()


def _base_url(live_server, tmp_path) -> str:
    from webapp import create_app

    app = create_app(dict(live_server.config, INSTANCE_PATH=str(tmp_path / "instance-base")))
    try:
        return app.config["BASE_URL"]
    finally:
        app.extensions["rugcoach.engine"].dispose()


def _scores(page, pain: int, psk: tuple[int, ...], gpe: str | None = None) -> None:
    page.locator(f"input[name=pain][value='{pain}']").check()
    for n, score in enumerate(psk, start=1):
        page.locator(f"input[name=psk_score_{n}][value='{score}']").check()
    if gpe:
        page.locator(f"input[name=gpe][value={gpe}]").check()
    page.locator("main form button[type=submit]").last.click()


def test_intake_profile_week_6_close_summary_and_fhir(page, browser, live_server, tmp_path):
    [(sanne,)] = _sql(live_server, "SELECT id FROM users WHERE email = :e", e=DEMO_PATIENT)
    patient_page = f"{live_server}/physio/patients/{sanne}"

    # The patient answers the intake screen from the today page.
    log_in(page, live_server, DEMO_PATIENT, landing="/today")
    page.locator(".measure-due a[href='/intake']").click()
    page.wait_for_url(f"{live_server}/intake")
    page.locator("input[name=psk_name_1]").fill("Sokken aantrekken")
    page.locator("input[name=psk_name_2]").fill("Fietsen naar het werk")
    for key, answer in WORRIED.items():
        page.locator(f"input[name={key}][value={answer}]").check()
    _scores(page, 6, (7, 8))
    page.wait_for_url(f"{live_server}/today")
    assert page.locator(".measure-due").count() == 0

    # The physio sets the proposed profile in one click and assigns the suggested template.
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam")
    physio = context.new_page()
    try:
        log_in(physio, live_server, DEMO_PHYSIO, landing="/physio/")
        physio.goto(patient_page)
        assert physio.locator(".intake-answers li.factor").count() == 2
        physio.locator("button[name=profile][value=raised]").click()
        physio.wait_for_url(f"{patient_page}#profile")
        physio.locator("#profile a[href$='/plan/new#templates-heading']").click()
        card = physio.locator(".template-card", has=physio.locator(".suggested-template"))
        assert card.locator("button[name=template]").get_attribute("value") == "build_up"
        physio.locator("#end_current").check()
        card.locator("button[name=template]").click()
        physio.wait_for_load_state("load")
        [(template,)] = _sql(
            live_server,
            "SELECT template FROM plans WHERE patient_id = :p AND status = 'active'",
            p=sanne,
        )
        assert template == "build_up"

        # Six weeks on, the patient is asked for the PSK and GPE.
        _sql(live_server, "UPDATE episodes SET started_on = date(started_on, '-42 days')")
        page.goto(f"{live_server}/today")
        page.locator(".measure-due a[href='/functioning']").click()
        page.wait_for_url(f"{live_server}/functioning")
        assert page.locator("input[name=gpe]").count() == 7
        _scores(page, 4, (5, 6), "much_improved")
        page.wait_for_url(f"{live_server}/today")

        # The physio asks the final scores, the patient gives them, the physio closes.
        physio.goto(patient_page)
        physio.locator("form[action$='/episode/closing'] button").click()
        page.goto(f"{live_server}/functioning")
        _scores(page, 2, (2, 3), "recovered")
        page.wait_for_url(f"{live_server}/today")
        physio.goto(patient_page)
        reason = physio.locator("input[name=reason][value=goal_reached]")
        physio.locator("label[for=reason-goal_reached]").click()  # the large button is its label
        assert reason.is_checked()
        physio.locator("form[action$='/episode/close'] button").click()
        physio.wait_for_url(f"{patient_page}/episodes/*")
        assert physio.locator(".responder").count() == 1
        assert "+4" in physio.content()  # NPRS 6 at intake, 2 at close
        physio.emulate_media(media="print")
        assert physio.locator(".summary-actions").is_hidden()
        physio.emulate_media(media="screen")
        with physio.expect_download() as info:
            physio.locator(".summary-actions a[href$='fhir.json']").click()
        bundle = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
        check_bundle(bundle, sanne, _base_url(live_server, tmp_path))
        kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
        assert kinds.count("QuestionnaireResponse") == 6  # intake screen, PSK x3, GPE x2
        physio.screenshot(path=str(tmp_path / "summary.png"), full_page=True)
    finally:
        context.close()
