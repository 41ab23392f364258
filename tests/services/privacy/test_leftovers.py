"""Account deletion leaves nothing behind: not in the outbox's files, not in SQLite's WAL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from tests.support.client import post_form
from webapp.models import OutboxEmail
from webapp.services.mail.delivery import deliver_due
from webapp.services.mail.outbox import Rendered, enqueue
from webapp.services.mail.transport import FileTransport

NAME = "Zwaantje Pruimboom"


def _queue(app, db, key: str, to: str, text: str, now) -> None:
    """An email in the outbox, as the app would queue it."""
    email = Rendered(to_address=to, subject=key, text=text, html=f"<p>{text}</p>", headers={})
    with app.app_context():
        enqueue(
            db, key=key, kind="message", user_id=None, email=email, mail_from="rc@x.org", now=now
        )


def _delete_account(client, auth):
    """Log in as the patient and delete the account through the form."""
    auth.login("zwaantje@example.org")
    return post_form(client, "/account/delete", {"password": auth.password}, page="/account/delete")


def test_deletion_removes_the_outbox_files_to_and_about_the_patient(
    app, client, auth, db, make_user, physio, clock
):
    make_user("zwaantje@example.org", name=NAME)
    now = clock()
    _queue(app, db, "to-her", "zwaantje@example.org", "Hallo, uw oefeningen van vandaag.", now)
    _queue(app, db, "about-her", physio.email, f"Nieuw bericht van {NAME}: het gaat beter.", now)
    _queue(app, db, "other", physio.email, "Nieuw bericht van Kees: rug doet pijn.", now)
    db.commit()
    outbox = Path(app.config["OUTBOX_DIR"])
    transport = FileTransport(outbox)
    assert deliver_due(db, transport, now=now, mail_from="rc@x.org").sent == 3
    db.commit()
    assert len(list(outbox.glob("*.eml"))) == 3
    assert _delete_account(client, auth).status_code == 302
    left = [path.read_text() for path in outbox.glob("*.eml")]
    assert len(left) == 1
    assert "Kees" in left[0]


def test_deletion_leaves_the_name_in_no_database_file(
    app, client, auth, db, make_user, database_url, clock
):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's own files; on PostgreSQL VACUUM is the administrator's work")
    make_user("zwaantje@example.org", name=NAME)
    _queue(app, db, "to-her", "zwaantje@example.org", f"Beste {NAME}", clock())
    db.commit()
    database = Path(database_url.removeprefix("sqlite:///"))
    files = [database, Path(f"{database}-wal")]
    assert any(NAME.encode() in path.read_bytes() for path in files if path.exists())
    db.close()  # no reader holds the WAL open while the account goes
    assert _delete_account(client, auth).status_code == 302
    for path in files:
        if path.exists():
            assert NAME.encode() not in path.read_bytes(), path.name
            assert b"zwaantje@example.org" not in path.read_bytes(), path.name
    assert db.scalar(select(OutboxEmail)) is None
