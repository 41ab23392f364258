"""Numbers that come from a URL or a form: anything odd is a 404 or ignored, never a 500."""

from __future__ import annotations

import pytest

from tests.support.client import post_form
from tests.support.plans import new_url
from webapp.urls import MAX_ID, parse_number

TOO_BIG = [str(MAX_ID + 1), "99999999999999999999999"]
ODD = ["²", "٣", "99999999999999999999999", "-5", " 1", ""]


@pytest.mark.parametrize(
    ("raw", "upper", "expected"),
    [
        ("0", MAX_ID, 0),
        ("007", MAX_ID, 7),
        (str(MAX_ID), MAX_ID, MAX_ID),
        (str(MAX_ID + 1), MAX_ID, None),
        ("100001", 100_000, None),
        ("²", MAX_ID, None),  # str.isdigit says yes, int() says no
        ("٣", MAX_ID, None),
        ("1e3", MAX_ID, None),
        (" 1", MAX_ID, None),
        ("", MAX_ID, None),
        (None, MAX_ID, None),
    ],
)
def test_parse_number(raw, upper, expected):
    assert parse_number(raw, upper) == expected


@pytest.mark.parametrize("number", TOO_BIG)
def test_a_row_id_beyond_any_row_is_a_404(client, auth, admin, physio, patient, number):
    auth.login(patient.email)
    for path in (f"/safety/checks/{number}", f"/media/{number}/v.mp4"):
        assert client.get(path).status_code == 404, path
    auth.logout()
    auth.login(physio.email)
    for path in (
        f"/physio/patients/{number}",
        f"/physio/plans/{number}/edit",
        f"/physio/patients/{number}/logs.csv",
    ):
        assert client.get(path).status_code == 404, path
    auth.logout()
    auth.login(admin.email)
    for path in (f"/admin/outbox/{number}",):
        assert client.get(path).status_code == 404, path


@pytest.mark.parametrize("value", ODD)
def test_odd_numbers_in_admin_filters_are_ignored(client, auth, admin, value):
    auth.login(admin.email)
    for path in (f"/admin/users?page={value}", f"/admin/audit?actor={value}"):
        assert client.get(path).status_code == 200, path


def test_an_account_number_beyond_any_account_finds_nothing(client, auth, admin):
    auth.login(admin.email)
    body = client.get("/admin/audit?actor=99999999999999999999999").get_data(as_text=True)
    assert admin.email not in body


@pytest.mark.parametrize("value", ODD)
def test_odd_exercise_numbers_in_the_plan_form_are_ignored(
    client, auth, physio, patient, catalogue, value
):
    auth.login(physio.email)
    url = new_url(patient)
    assert client.get(f"{url}?ex={value}").status_code == 200
    for field in ("add", "remove"):
        # Not a button press: the form is checked as a whole and answered with its errors.
        response = post_form(client, url, {field: value})
        assert response.status_code in (200, 400), field
        assert "<form" in response.get_data(as_text=True)
