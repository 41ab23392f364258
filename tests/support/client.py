"""Helpers the tests share: CSRF-aware form posts and logging in through the real form."""

from __future__ import annotations

import re

# The password every test account gets.
PASSWORD = "correct horse battery"
CSRF_RE = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'type="hidden" name="csrf_token" value="([^"]+)"'
)


def csrf_token(client, path: str) -> str:
    """The CSRF token from a page's form, as a browser would see it."""
    response = client.get(path, follow_redirects=True)
    match = CSRF_RE.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path} (status {response.status_code})"
    return match.group(1) or match.group(2)


def post_form(client, path: str, data: dict, page: str | None = None, **kwargs):
    """POST a form with the CSRF token taken from ``page`` (default: the same path)."""
    payload = dict(data, csrf_token=csrf_token(client, page or path))
    return client.post(path, data=payload, **kwargs)


class AuthActions:
    """Log in and out as a user would."""

    def __init__(self, client, password: str) -> None:
        self.client = client
        self.password = password

    def login(self, email: str, password: str | None = None):
        """Submit the login form."""
        return post_form(
            self.client, "/login", {"email": email, "password": password or self.password}
        )

    def logout(self):
        """Press the log-out button."""
        return post_form(self.client, "/logout", {}, page="/")


def answer_safety_check(
    client,
    yes: tuple[str, ...] = (),
    age: str = "20_40",
    back: str = "",
    follow_ups: bool = True,
    **kwargs,
):
    """Fill in the red-flag check: 'yes' for the given questions, 'no' for the rest.

    Follow-up questions are answered too ('no' unless named; the check ignores those not
    due), unless ``follow_ups`` is false: then only the named ones are sent.
    """
    from webapp.domain.safety import ALL_QUESTIONS, FOLLOW_UPS

    data = {
        key: "yes" if key in yes else "no"
        for key in ALL_QUESTIONS
        if follow_ups or key not in FOLLOW_UPS or key in yes
    }
    data.update(age_band=age, next=back)
    return post_form(client, "/safety/check", data, **kwargs)


def state_seen(client, seen_by: str = "gp", seen_on: str = "", may_exercise: bool = True, **kw):
    """Tell the urgent page who saw the patient and when (default: the GP, today)."""
    data = {"seen_by": seen_by, "seen_on": seen_on}
    if may_exercise:
        data["may_exercise"] = "y"
    return post_form(client, "/safety/urgent", data, **kw)
