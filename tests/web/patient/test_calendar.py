"""The personal calendar feed: planned sessions at the patient's own time, a secret address."""

import re
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import update

from tests.support.client import post_form
from tests.support.progress import MON_WED_FRI, Driver
from webapp.domain.schedule import ALL_DAYS, mask_from_weekdays
from webapp.models import User
from webapp.services.plans.plans import create_from_template


def _make_feed(client) -> str:
    """Press the button under Reminders that makes the address; the path of the shown address."""
    response = post_form(client, "/calendar/reset", {}, page="/reminders")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/reminders#calendar")
    body = client.get("/reminders").get_data(as_text=True)
    url = re.search(r'id="feed-url" class="feed-url" value="([^"]+)"', body).group(1)
    assert url.startswith("http://127.0.0.1:5000/calendar/") and url.endswith(".ics")
    return urlsplit(url).path


def _events(response):
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.get_data())
    return sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def test_calendar_feed_across_the_spring_dst_change(
    app, client, auth, db, patient, clock, catalogue
):
    patient.locale = "en"
    clock.set(datetime(2026, 3, 20, 9, 0, tzinfo=UTC))
    with app.app_context():
        plan = create_from_template(
            db,
            patient=patient,
            author=patient,
            template_key="stay_active",
            start_date=date(2026, 3, 16),
            now=clock(),
            weekdays=mask_from_weekdays(MON_WED_FRI),
            reminder_time=time(8, 0),
        )
    db.commit()
    auth.login("patient@example.org")
    events = _events(client.get(_make_feed(client)))
    days = [e.decoded("dtstart").date() for e in events]
    assert days[0] == date(2026, 3, 16) and days[-1] == date(2026, 5, 15)  # start .. 8 weeks on
    assert {d.weekday() for d in days} == MON_WED_FRI and len(days) == 27
    amsterdam = ZoneInfo("Europe/Amsterdam")
    for event in events:
        start = event.decoded("dtstart")
        assert event["dtstart"].params["TZID"] == "Europe/Amsterdam"
        assert start.tzinfo.key == "Europe/Amsterdam" and start.time() == time(8, 0)
        assert event.decoded("duration") == timedelta(minutes=30)
        assert str(event["uid"]) == f"{plan.id}-{start.date().isoformat()}@127.0.0.1"
        assert str(event["summary"]) == "Back exercises"
        assert str(event["url"]) == "http://127.0.0.1:5000/today"
        assert "http://127.0.0.1:5000/today" in str(event["description"])
    utc_hours = {
        e.decoded("dtstart").date(): e.decoded("dtstart").astimezone(UTC).hour for e in events
    }
    assert utc_hours[date(2026, 3, 27)] == 7 and utc_hours[date(2026, 3, 30)] == 6
    assert all(e.decoded("dtstart").astimezone(amsterdam).hour == 8 for e in events)
    this_week = str(events[2]["description"])  # Friday 20 March: this week's amounts
    assert "Walking: 10 minutes" in this_week and "Cat-camel" in this_week


def test_calendar_moves_a_reminder_in_the_spring_gap_forward(
    app, client, auth, db, patient, plan, clock
):
    patient.timezone = "Europe/Amsterdam"
    plan.reminder_time, plan.start_date, plan.weekdays = time(2, 30), date(2026, 3, 27), ALL_DAYS
    db.commit()
    clock.set(datetime(2026, 3, 28, 9, 0, tzinfo=UTC))
    auth.login("patient@example.org")
    events = {
        e.decoded("dtstart").date(): e.decoded("dtstart")
        for e in _events(client.get(_make_feed(client)))
    }
    assert events[date(2026, 3, 28)].time() == time(2, 30)
    assert events[date(2026, 3, 29)].time() == time(3, 30)  # 02:30 does not exist that night
    assert events[date(2026, 3, 30)].time() == time(2, 30)


def test_calendar_in_the_patients_own_zone(client, auth, db, patient, plan):
    patient.timezone = "America/New_York"
    db.commit()
    auth.login("patient@example.org")
    events = _events(client.get(_make_feed(client)))
    assert {e["dtstart"].params["TZID"] for e in events} == {"America/New_York"}
    assert {e.decoded("dtstart").time() for e in events} == {time(8, 0)}
    # Dutch patient: the summary comes from the catalogue's Dutch (or, unmerged, the msgid).
    assert {str(e["summary"]) for e in events} <= {"Rugoefeningen", "Back exercises"}


def test_reset_replaces_the_token_and_the_old_address_stops_working(
    client, auth, db, patient, plan
):
    auth.login("patient@example.org")
    first = _make_feed(client)
    assert client.get(first).status_code == 200
    second = _make_feed(client)
    assert second != first
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    db.expire_all()
    assert db.get(User, patient.id).calendar_token in second


def test_the_address_lives_under_reminders_and_only_a_new_one_retires_an_old(
    client, auth, patient, plan
):
    auth.login("patient@example.org")
    assert 'href="/reminders#calendar"' in client.get("/progress").get_data(as_text=True)
    body = client.get("/reminders").get_data(as_text=True)
    assert 'id="calendar"' in body and "Maak mijn agenda-adres" in body
    # The first address is new: there is no old address to warn about.
    post_form(client, "/calendar/reset", {}, page="/reminders")
    body = client.get("/reminders").get_data(as_text=True)
    assert "Uw agenda-adres is klaar." in body and "werkt niet meer" not in body
    post_form(client, "/calendar/reset", {}, page="/reminders")
    body = client.get("/reminders").get_data(as_text=True)
    assert "Het oude adres werkt niet meer." in body


def test_reset_needs_a_csrf_token_and_a_patient(client, auth, physio):
    assert client.post("/calendar/reset").status_code in (302, 400)
    auth.login("physio@example.org")
    assert post_form(client, "/calendar/reset", {}, page="/").status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/calendar/" + "A" * 43 + ".ics",  # well formed, unknown
        "/calendar/short.ics",
        "/calendar/" + "a.b" * 15 + ".ics",
        "/calendar/%00" + "x" * 40 + ".ics",
        "/calendar/.ics",
    ],
)
def test_unknown_or_malformed_tokens_are_not_found(client, patient, path):
    assert client.get(path).status_code == 404


def test_nothing_of_another_patient_shows(
    app, client, auth, db, make_user, patient, clock, catalogue
):
    other = make_user("other@example.org", name="Karel Anders")
    with app.app_context():
        mine = create_from_template(
            db,
            patient=patient,
            author=patient,
            template_key="stay_active",
            start_date=clock().date(),
            now=clock(),
        )
        theirs = create_from_template(
            db,
            patient=other,
            author=other,
            template_key="strength",
            start_date=clock().date(),
            now=clock(),
        )
    db.commit()
    Driver(app, db, other, theirs, clock).log(clock().date(), pain=9)
    Driver(app, db, patient, mine, clock).log(clock().date(), pain=2)
    auth.login("other@example.org")
    other_feed = _make_feed(client)
    auth.logout()
    auth.login("patient@example.org")
    feed = _make_feed(client)
    pages = [client.get(p).get_data(as_text=True) for p in ("/progress", "/plan/print")]
    ics = client.get(feed).get_data(as_text=True)
    for text in [*pages, ics]:
        assert "Karel" not in text and "Zijplank" not in text and "Curl-up" not in text
        assert other_feed not in text
    assert ">9</td>" not in pages[0] and ">2</td>" in pages[0]
    uids = {str(e["uid"]) for e in Calendar.from_ical(ics).walk("VEVENT")}
    assert f"{mine.id}-{clock().date().isoformat()}@127.0.0.1" in uids
    assert all(uid.startswith(f"{mine.id}-") for uid in uids) and mine.id != theirs.id


def test_a_physio_token_opens_no_feed(client, db, physio):
    physio.calendar_token = "P" * 43
    db.commit()
    assert client.get("/calendar/" + "P" * 43 + ".ics").status_code == 404


def test_a_patient_without_plan_gets_an_empty_feed(client, auth, db, patient):
    auth.login("patient@example.org")
    assert post_form(client, "/calendar/reset", {}, page="/progress").status_code == 302
    db.expire_all()
    token = db.get(User, patient.id).calendar_token
    assert _events(client.get(f"/calendar/{token}.ics")) == []


def test_uids_carry_the_sites_host_and_a_poll_of_an_unchanged_feed_is_a_304(
    app, client, auth, db, patient, plan, clock
):
    app.config["BASE_URL"] = "https://rug.praktijk.example"
    auth.login("patient@example.org")
    assert post_form(client, "/calendar/reset", {}, page="/progress").status_code == 302
    db.expire_all()
    path = f"/calendar/{db.get(User, patient.id).calendar_token}.ics"
    first = client.get(path)
    assert all(str(e["uid"]).endswith("@rug.praktijk.example") for e in _events(first))
    etag = first.headers["ETag"]
    clock.advance(minutes=5)  # a later poll, nothing changed
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""
    db.rollback()  # the feed requests wrote since this session read
    db.execute(update(User).where(User.id == patient.id).values(timezone="Europe/London"))
    db.commit()
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
