"""What a person does in the browser tests more than once: logging in through the form."""

from __future__ import annotations

from webapp.services.ops.demo import DEMO_PASSWORD, DEMO_PATIENT


def log_in(
    page,
    base,
    email: str = DEMO_PATIENT,
    password: str = DEMO_PASSWORD,
    *,
    landing: str | None = None,
) -> None:
    """Log in through the login form, as a person would; wait for ``landing`` when given."""
    page.goto(f"{base}/login")
    form = page.locator("main form").first
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    if landing is None:
        page.wait_for_load_state("load")
    else:
        page.wait_for_url(f"{base}{landing}")
