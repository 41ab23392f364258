"""Names on one line: refused at input with a message, and no page says "sent" for a failure."""

import pytest
from sqlalchemy import select, update

from tests.support.client import post_form
from tests.support.invitations import deliver, fresh, signed_in
from webapp.models import OutboxEmail, OutboxStatus, User

BROKEN = ["Fysio\nJansen", "Fysio\r\nBcc: iedereen@example.org", "Fysio\u2028Jansen", "Fy\tsio"]


@pytest.mark.parametrize("name", BROKEN)
def test_the_admin_cannot_give_a_physio_a_name_with_a_line_break(client, auth, admin, db, name):
    auth.login("admin@example.org")
    form = {"name": name, "email": "kim@example.org", "role": "physio", "locale": "en"}
    response = post_form(client, "/admin/users", form)
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    assert fresh(db).scalar(select(User).where(User.email == "kim@example.org")) is None


@pytest.mark.parametrize("name", BROKEN)
def test_a_physio_cannot_invite_a_name_with_a_line_break(app, db, physio, name):
    browser = signed_in(app, "physio@example.org")
    form = {"email": "noor@example.org", "name": name, "locale": "en"}
    response = post_form(browser, "/physio/invite", form)
    assert response.status_code == 400
    assert fresh(db).scalar(select(OutboxEmail)) is None


def test_an_older_name_with_a_line_break_still_gets_the_invitation_out(
    app, db, physio, smtp_server, clock
):
    # Stored before names were checked: the subject carries it on one line.
    db.execute(update(User).where(User.id == physio.id).values(name="Fysio\nJansen", locale="en"))
    db.commit()
    browser = signed_in(app, "physio@example.org")
    form = {"email": "noor@example.org", "name": "Noor Visser", "locale": "en"}
    assert post_form(browser, "/physio/invite", form).status_code == 302
    assert deliver(app, smtp_server, clock).sent == 1
    assert smtp_server.messages[0]["Subject"] == "Fysio Jansen invites you to Rugcoach"


def test_the_invitation_list_says_when_its_email_failed(app, db, physio):
    physio.locale = "en"
    db.commit()
    browser = signed_in(app, "physio@example.org")
    form = {"email": "noor@example.org", "name": "Noor Visser", "locale": "en"}
    response = post_form(browser, "/physio/invite", form, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Invitation sent" not in page and "goes out by email" in page
    db.execute(update(OutboxEmail).values(status=OutboxStatus.FAILED))
    db.commit()
    page = browser.get("/physio/invite").get_data(as_text=True)
    assert "could not be delivered" in page
