"""A Web Push reminder on a phone: subscribe, the scheduler pushes, "Gedaan", confirm, one log.

What is real: Chromium's PushManager subscription with our VAPID key (when headless Chromium
can reach no push service, see ``subscribe``), the scheduler's tick pushing through the
loopback push service (it checks the VAPID JWT and decrypts the payload with the
browser's keys), the push delivered to the service worker with the DevTools protocol
(ServiceWorker.deliverPushMessage), the notification the worker shows (read back with
getNotifications), the confirm page and its form. What is simulated: the tap on the
notification's button; headless Chromium has no system notification to tap, so the page
asks the worker to run the same handler that ``notificationclick`` runs.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from playwright.sync_api import expect
from sqlalchemy import create_engine, select, text

from tests.support.browser import log_in
from tests.support.installed import phone_profile, wait_for_worker
from tests.support.push_service import start_push_service

pytestmark = pytest.mark.browser


@pytest.fixture
def vapid_key(monkeypatch):
    """A VAPID key for the live server and the scheduler alike (set before the server starts)."""
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    monkeypatch.setenv("VAPID_PRIVATE_KEY", pem)
    return pem


@pytest.fixture
def push_service():
    """The loopback push service; ``browsers`` maps endpoints to the browsers it knows."""
    browsers = {}
    service, server = start_push_service(browsers)
    service.browsers = browsers
    yield service
    server.shutdown()
    server.server_close()


def run_sql(live_server, sql: str, **values) -> list[tuple]:
    """Rows from (or a change to) the live server's database."""
    engine = create_engine(live_server.config["DATABASE_URL"])
    with engine.begin() as connection:
        result = connection.execute(text(sql), values)
        found = [tuple(row) for row in result] if result.returns_rows else []
    engine.dispose()
    return found


# Headless Chromium reaches no push service, so PushManager.subscribe() never settles there.
# Stand-in: a subscription at the loopback push service, with keys the test made up
# (the browser's side of RFC 8291). It records the applicationServerKey it was given.
FAKE_SUBSCRIBE = """(fake) => {
  let current = null;
  PushManager.prototype.subscribe = function (options) {
    const key = new Uint8Array(options.applicationServerKey);
    window.__serverKey = btoa(String.fromCharCode(...key))
      .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
    current = {
      endpoint: fake.endpoint,
      toJSON() { return fake; },
      unsubscribe() { current = null; return Promise.resolve(true); },
    };
    return Promise.resolve(current);
  };
  PushManager.prototype.getSubscription = function () { return Promise.resolve(current); };
}"""

# Inside the service worker: every notification Chromium accepted (its promise resolved).
# Read from there, not with getNotifications(): headless Chromium takes one away at once.
RECORD_SHOWN = """() => {
  if (self.__shown) { return; }
  self.__shown = [];
  const show = self.registration.showNotification.bind(self.registration);
  self.registration.showNotification = (title, options) => show(title, options).then((done) => {
    self.__shown.push({
      title: title, body: options.body, tag: options.tag, data: options.data,
      actions: options.actions.map((a) => [a.action, a.title]),
    });
    return done;
  });
}"""

TAP = """([tag, action]) => navigator.serviceWorker.controller.postMessage(
  {type: "rugcoach-notification-click", tag: tag, action: action})"""


def noon_zone(now: datetime) -> str:
    """A zone where it is about noon now: the reminder's day is never near its quiet hours."""
    offset = (12 - now.hour + 12) % 24 - 12  # hours east of UTC, -12..+11
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/UTC"


def deliver_to_worker(page, origin: str, payload: dict) -> None:
    """Hand a push to the page's service worker as its push service would (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(
            r
            for r in event["registrations"]
            if not r["isDeleted"] and r["scopeURL"] == f"{origin}/"
        ),
    )
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(200)
    for _ in range(50):
        if registrations:
            break
        page.wait_for_timeout(100)
    assert registrations, "no service worker registration seen over the DevTools protocol"
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": origin,
            "registrationId": registrations[-1]["registrationId"],
            "data": json.dumps(payload),
        },
    )
    cdp.detach()


def test_push_subscribe_reminder_later_done_confirm_one_log(
    browser, vapid_key, live_server, push_service, tmp_path
):
    """Subscribe on the phone; the tick pushes; Later asks once more; Gedaan confirms one log."""
    from scheduler.jobs import tick
    from webapp import create_app
    from webapp.db import new_session
    from webapp.models import Plan, PlanStatus, User

    browser_keys = push_service.browser()
    push_service.browsers[browser_keys.endpoint] = browser_keys
    fake = {
        "endpoint": browser_keys.endpoint,
        "keys": {"p256dh": browser_keys.p256dh, "auth": browser_keys.auth_b64},
    }
    with phone_profile(browser, tmp_path / "profile") as page:
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.context.grant_permissions(["notifications"], origin=live_server.url)
        page.add_init_script(f"({FAKE_SUBSCRIBE})({json.dumps(fake)})")
        log_in(page, live_server, landing="/today")
        wait_for_worker(page)

        page.goto(f"{live_server}/reminders")
        box = page.locator("[data-push]")
        expect(box).to_contain_text("Uw herinneringen komen gewoon per e-mail.")
        # One button at a time: switching on while off, switching off while on.
        expect(box.locator("[data-push-off]")).to_be_hidden()
        box.get_by_role("button", name="Ook een melding op deze telefoon").click()
        expect(box).to_have_attribute("data-push-now", "on")
        expect(box.locator("[data-push-on]")).to_be_hidden()
        expect(box.locator("[data-push-off]")).to_be_visible()
        expect(box.locator("[data-push-state=on]")).to_have_text(
            "Meldingen staan aan op deze telefoon."
        )
        server_key = box.get_attribute("data-push-key")
        assert page.evaluate("window.__serverKey") == server_key
        [(user_id,)] = run_sql(
            live_server,
            "SELECT user_id FROM push_subscriptions WHERE endpoint = :e",
            e=browser_keys.endpoint,
        )

        # The patient's reminder is due now, at noon in their zone.
        scheduler = create_app(
            dict(
                live_server.config,
                INSTANCE_PATH=str(tmp_path / "scheduler"),
                BASE_URL=live_server.url,
                VAPID_PRIVATE_KEY=vapid_key,
            )
        )
        now = datetime.now(UTC).replace(microsecond=0)
        zone = noon_zone(now)
        local = now.astimezone(ZoneInfo(zone))
        day = local.date()
        with new_session(scheduler) as session:
            session.get(User, user_id).timezone = zone
            plan = session.scalar(
                select(Plan).where(Plan.patient_id == user_id, Plan.status == PlanStatus.ACTIVE)
            )
            plan.reminder_time = (local - timedelta(minutes=1)).time().replace(second=0)
            plan.next_reminder_at = now - timedelta(minutes=1)
            plan.start_date = day - timedelta(days=2)
            session.commit()
        logs = "SELECT count(*) FROM session_logs WHERE patient_id = :u AND local_date = :d"
        assert run_sql(live_server, logs, u=user_id, d=day) == [(0,)]

        report = tick(scheduler, now)
        scheduler.extensions["rugcoach.engine"].dispose()
        assert report.pushes.sent == 1, report
        [received] = push_service.received
        assert received["claims"]["k"] == server_key  # signed with the key it subscribed with
        payload = received["payload"]
        assert payload["title"] == "Tijd voor uw rugoefeningen"

        # The push reaches the service worker, which shows the notification with its buttons.
        [worker] = [w for w in page.context.service_workers if w.url.endswith("/sw.js")]
        worker.evaluate(RECORD_SHOWN)
        deliver_to_worker(page, live_server.url, payload)
        for _ in range(200):
            if worker.evaluate("self.__shown.length"):
                break
            page.wait_for_timeout(100)
        [shown] = worker.evaluate("self.__shown")
        assert shown["title"] == "Tijd voor uw rugoefeningen"
        assert shown["body"] == payload["body"] and shown["tag"] == payload["tag"]
        assert shown["actions"] == [["done", "Gedaan"], ["later", "Later"]]
        assert shown["data"]["url"] == payload["url"]

        # "Later": the worker posts the later-token; the reminder is queued once more.
        page.evaluate(TAP, [payload["tag"], "later"])
        later = "SELECT count(*) FROM outbox_emails WHERE idempotency_key LIKE 'push:later:%'"
        for _ in range(50):
            if run_sql(live_server, later) == [(1,)]:
                break
            page.wait_for_timeout(100)
        assert run_sql(live_server, later) == [(1,)]

        # "Gedaan": the worker opens the confirm page; nothing is logged until it is sent.
        deliver_to_worker(page, live_server.url, payload)
        page.evaluate(TAP, [payload["tag"], "done"])
        page.wait_for_url("**/log/**", timeout=15_000)
        expect(page.locator("h1")).to_have_text("Uw oefenmoment invullen")
        assert run_sql(live_server, logs, u=user_id, d=day) == [(0,)]
        page.locator("label[for=pain-2]").click()
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("load")
        assert run_sql(live_server, logs, u=user_id, d=day) == [(1,)]
        assert errors == []
