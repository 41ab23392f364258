"""WCAG 2.1 AA in a real browser: axe-core, visible focus and reflow on every page, per role.

The pages come from the app's URL map (every GET rule), so a page added later is checked
without touching this file. Rules with arguments get concrete values below; a new rule with
arguments fails loudly until it gets some. Rules that do not answer with an HTML page are
skipped by the explicit list NOT_PAGES.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support.browser import log_in
from webapp.services.ops.demo import DEMO_ADMIN, DEMO_BUILDER, DEMO_PATIENT, DEMO_PHYSIO

pytestmark = pytest.mark.browser

# Endpoints that are not HTML pages a person reads, so axe and reflow do not apply.
NOT_PAGES = {
    "static",  # stylesheets, scripts, icons
    "library.media",  # video and caption files
    "library.catalogue_file",  # the public catalogue's video and caption files
    "main.healthz",  # JSON for monitoring
    "main.manifest",  # the web app manifest (JSON)
    "main.service_worker",  # the service worker's script
    "patient.calendar_feed",  # ICS calendar feed
    "physio.patient_logs_csv",  # CSV export
    "admin.audit_csv",  # CSV export
    "physio.measures_csv",  # CSV export
    "physio.fhir_export",  # FHIR JSON for the practice's record system
}

# axe's WCAG 2.0/2.1 A and AA rule sets plus its best practices (landmarks, heading order).
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
}
BLOCKING = {"serious", "critical"}
# A page must not scroll sideways at a phone's width nor at 200 % zoom of a 1280 px window.
REFLOW_WIDTHS = (360, 640)
DESKTOP = {"width": 1280, "height": 900}

AXE = Axe()


@dataclass
class Samples:
    """Concrete values for the URL arguments, made in the live server's database."""

    values: dict[str, dict[str, object]]


@dataclass
class Findings:
    """What the walk found, reported together so one run shows every problem."""

    axe: list[str] = field(default_factory=list)
    reflow: list[str] = field(default_factory=list)
    focus: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)


def _samples(live_server) -> Samples:
    """Demo data rich enough to fill each page: a log, messages and one-time links."""
    from sqlalchemy import select

    from webapp import create_app
    from webapp.clock import utcnow
    from webapp.db import new_session
    from webapp.domain.safety import QUESTIONS, SEE_GP_SIGNS
    from webapp.domain.schedule import local_date
    from webapp.learn.content import PAGES
    from webapp.models import Episode, OutboxEmail, Plan, SessionStatus
    from webapp.services.accounts.passwords import issue_link
    from webapp.services.accounts.users import find_user
    from webapp.services.care.logbook import record_session
    from webapp.services.plans.plans import user_zone
    from webapp.services.reminders.tokens import log_token, unsubscribe_token
    from webapp.services.safety.screening import record_screening
    from webapp.services.workspace.invitations import invite
    from webapp.services.workspace.messages import post_message
    from webapp.wiring import mailroom, secret

    app = create_app(dict(live_server.config))
    now = utcnow()
    with app.test_request_context(), new_session(app) as db:
        physio, patient = find_user(db, DEMO_PHYSIO), find_user(db, DEMO_PATIENT)
        plan = db.scalar(select(Plan).where(Plan.patient_id == patient.id))
        today = local_date(now, user_zone(patient))
        record_session(
            db,
            patient=patient,
            plan=plan,
            day=today,
            status=SessionStatus.DONE,
            pain=3,
            note="Ging goed",
            now=now,
        )
        post_message(
            db, author=physio, patient=patient, body="Hoe gaat het?", now=now, mailroom=mailroom()
        )
        post_message(
            db,
            author=patient,
            patient=patient,
            body="Goed, dank u.",
            now=now + timedelta(minutes=1),
            mailroom=mailroom(),
        )
        _, invitation = invite(
            db,
            physio=physio,
            email="nieuw@example.org",
            name="Nieuwe Patiënt",
            locale="nl",
            now=now,
            mailroom=mailroom(),
        )
        _, reset = issue_link(db, patient, now=now)
        # A check that advises seeing the GP: the patient and physio pages then show a flag.
        answers = dict.fromkeys(QUESTIONS, False) | {SEE_GP_SIGNS[0]: True}
        check = record_screening(
            db, patient=patient, answers=answers, age_band="40_50", now=now, mailroom=mailroom()
        )
        email = db.scalar(select(OutboxEmail.id).order_by(OutboxEmail.id))
        # Daan's episode (seed-demo): intake, profile and week 6 scores.
        daan = find_user(db, DEMO_BUILDER)
        episode = db.scalar(select(Episode.id).where(Episode.patient_id == daan.id))
        values = {
            "library.exercise": {"slug": "walking"},
            "invite.show": {"token": invitation},
            "auth.reset_password": {"token": reset},
            "reminders.log_from_email": {
                "token": log_token(secret(), patient.id, plan.id, today, now)
            },
            "reminders.unsubscribe": {"token": unsubscribe_token(secret(), patient.id, "daily")},
            "physio.patient": {"patient_id": patient.id},
            "physio.messages": {"patient_id": patient.id},
            "physio.assign_plan": {"patient_id": patient.id},
            "physio.send_to_gp": {"patient_id": patient.id},
            "physio.edit_plan": {"plan_id": plan.id},
            "learn.page": {"slug": PAGES[0].slug},
            "safety.detail": {"screening_id": check.id},
            "admin.outbox_message": {"message_id": email},
            "physio.episode_summary": {"patient_id": daan.id, "episode_id": episode},
        }
        db.commit()
    app.extensions["rugcoach.engine"].dispose()
    return Samples(values)


def _paths(live_server, samples: Samples) -> list[str]:
    """Every GET page of the app as a concrete path, plus an unknown address (the 404 page)."""
    from webapp import create_app

    app = create_app(dict(live_server.config))
    paths, missing = [], []
    with app.test_request_context():
        from flask import url_for

        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
            if "GET" not in rule.methods or rule.endpoint in NOT_PAGES:
                continue
            if rule.arguments and rule.endpoint not in samples.values:
                missing.append(f"{rule.endpoint} ({rule.rule})")
                continue
            paths.append(url_for(rule.endpoint, **samples.values.get(rule.endpoint, {})))
    app.extensions["rugcoach.engine"].dispose()
    assert not missing, (
        "Give these pages sample arguments in _samples() or list them in NOT_PAGES: "
        + ", ".join(missing)
    )
    return [*dict.fromkeys(paths), "/no-such-page"]


def _login(browser, live_server, email: str | None):
    """A browser context signed in as ``email`` (anonymous when None)."""
    context = browser.new_context(locale="nl-NL", timezone_id="Europe/Amsterdam", viewport=DESKTOP)
    # axe-core from the package, loaded into every page before its own scripts: much faster
    # than sending it per page, and untouched by the app's Content-Security-Policy.
    context.add_init_script(AXE.axe_script)
    page = context.new_page()
    if email:
        log_in(page, live_server, email)
        assert "/login" not in page.url, f"{email} could not log in"
    return context, page


def _choose_language(page, live_server, locale: str) -> None:
    """Press the footer's language button, as a visitor would."""
    page.goto(f"{live_server}/")
    page.click(f"footer button[name=locale][value={locale}]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == locale


def _check_page(page, live_server, path: str, label: str, found: Findings) -> None:
    """Run axe, the focus and the reflow checks on a page, unless its final page was checked."""
    response = page.goto(f"{live_server}{path}")
    page.wait_for_load_state()
    final = page.url.removeprefix(str(live_server))
    status = response.status if response else 0
    # One check per page a visitor can land on: redirects to the login page differ only in
    # ?next=, and every refusal of one kind shows the same error page.
    key = str(status) if status >= 400 else final.partition("?")[0]
    where = f"{label} {path}" + (f" -> {final}" if final != path else "")
    if status >= 500:
        found.errors.append(f"{where}: the server failed with {status}")
    if key in found.checked:
        return
    found.checked.add(key)
    for violation in page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)[
        "violations"
    ]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            found.axe.append(
                f"{where}: [{violation['impact']}] {violation['id']} at {node['target']}: "
                f"{violation['help']}"
            )
    # After one real Tab press, Chromium treats focus() like keyboard focus (:focus-visible).
    page.keyboard.press("Tab")
    for target in page.evaluate(_UNMARKED_FOCUS):
        found.focus.append(f"{where}: no visible focus on {target}")
    for width in REFLOW_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width + 1:
            wide = page.evaluate(_WIDEST, width)
            found.reflow.append(f"{where}: {scroll}px wide at {width}px; widest: {wide}")
    page.set_viewport_size(DESKTOP)


# Focusable, visible elements whose focused state has neither an outline nor a box shadow.
_UNMARKED_FOCUS = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary,'
    + ' video[controls], [tabindex]:not([tabindex="-1"])';
  const unmarked = [];
  for (const element of document.querySelectorAll(selector)) {
    if (element.disabled || !element.getClientRects().length) continue;
    if (element.closest('[hidden], [inert]')) continue;
    element.focus();
    if (document.activeElement !== element) continue;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    if (!outline && style.boxShadow === 'none') {
      unmarked.push(element.outerHTML.slice(0, 80));
    }
  }
  document.activeElement.blur();
  return unmarked;
}"""


# The elements sticking out past the viewport, to say what makes a page scroll sideways.
_WIDEST = """width => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > width + 1)
  .slice(-3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""


ROLES = {
    "anonymous": (None, ("nl", "en")),
    "patient": (DEMO_PATIENT, ("nl", "en")),
    "physio": (DEMO_PHYSIO, ("nl",)),
    "admin": (DEMO_ADMIN, ("nl",)),
}


def test_every_page_meets_wcag_aa_and_reflows_for_every_role(browser, live_server):
    samples = _samples(live_server)
    paths = _paths(live_server, samples)
    found = Findings()
    for role, (email, languages) in ROLES.items():
        context, page = _login(browser, live_server, email)
        try:
            for locale in languages:
                _choose_language(page, live_server, locale)
                found.checked = set()
                for path in paths:
                    _check_page(page, live_server, path, f"[{role} {locale}]", found)
        finally:
            context.close()
    report = []
    if found.errors:
        report += ["Server errors:", *found.errors]
    if found.axe:
        report += ["Serious or critical axe violations:", *found.axe]
    if found.focus:
        report += ["Elements without a visible focus indicator:", *found.focus]
    if found.reflow:
        report += ["Pages that scroll sideways:", *found.reflow]
    assert not report, "\n".join(report)
