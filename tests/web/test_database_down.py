"""When the database is away or read-only: a calm 503 page, never a traceback, input kept."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import sessionmaker

from tests.support.client import csrf_token
from webapp.db import make_engine
from webapp.models import Message

TYPED = "Mijn rug is vanochtend stijf, maar wandelen lukte goed."


def swap_database(app, url: str) -> None:
    """Point the running app at another database, as if the server changed under it."""
    app.extensions["rugcoach.engine"].dispose()
    engine = make_engine(url)
    app.extensions["rugcoach.engine"] = engine
    app.extensions["rugcoach.sessions"] = sessionmaker(engine, expire_on_commit=False)


def read_only(database_url: str) -> str:
    """The same SQLite file, opened read-only."""
    path = database_url.removeprefix("sqlite:///")
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def test_a_signed_in_user_gets_a_styled_503_when_the_database_is_unreachable(
    app, client, auth, patient, tmp_path
):
    auth.login("patient@example.org")
    swap_database(app, f"sqlite:///{tmp_path}/gone/away.db")
    for path in ("/today", "/account", "/messages"):
        response = client.get(path)
        body = response.get_data(as_text=True)
        assert response.status_code == 503, path
        assert "Rugcoach" in body and "<html" in body
        assert "Uw gegevens zijn veilig" in body
        assert "Traceback" not in body and "OperationalError" not in body
        assert response.headers["Retry-After"] == "60"


def test_healthz_says_so_when_the_database_is_read_only(app, client, database_url):
    if not database_url.startswith("sqlite"):
        # PostgreSQL: a server in recovery or read-only by setting refuses the probe alike.
        swap_database(app, database_url)
        app.extensions["rugcoach.engine"].dispose()
        from sqlalchemy import event

        @event.listens_for(app.extensions["rugcoach.engine"], "connect")
        def _read_only(dbapi_connection, _record) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("SET default_transaction_read_only = on")
            cursor.close()
            dbapi_connection.commit()
    else:
        assert client.get("/healthz").status_code == 200  # the file is in WAL mode now
        swap_database(app, read_only(database_url))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "read-only"


def test_a_form_whose_save_fails_keeps_what_was_typed(app, client, auth, patient, db, database_url):
    if not database_url.startswith("sqlite"):
        return _test_on_unreachable_postgresql(app, client, auth)
    auth.login("patient@example.org")
    token = csrf_token(client, "/messages")
    swap_database(app, read_only(database_url))
    response = client.post("/messages", data={"body": TYPED, "csrf_token": token})
    body = response.get_data(as_text=True)
    assert response.status_code == 503
    assert TYPED in body
    assert 'action="/messages"' in body and 'name="body"' in body
    swap_database(app, database_url)  # back: the kept form saves
    again = client.post("/messages", data={"body": TYPED, "csrf_token": token})
    assert again.status_code == 302
    db.expire_all()
    assert db.scalar(select(Message.body)) == TYPED


def _test_on_unreachable_postgresql(app, client, auth):
    """On PostgreSQL the save fails because the server is gone; the text is kept as well."""
    auth.login("patient@example.org")
    token = csrf_token(client, "/messages")
    swap_database(app, "postgresql://postgres@127.0.0.1:9/nowhere")
    response = client.post("/messages", data={"body": TYPED, "csrf_token": token})
    assert response.status_code == 503
    assert TYPED in response.get_data(as_text=True)
