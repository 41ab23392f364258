"""Database trouble in an operator command: one clear line and exit status 1, no traceback."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from webapp.db import new_session
from webapp.models import User

CHECK_URL = "Check DATABASE_URL."
HINT = f"{CHECK_URL} A new database needs `flask --app webapp db upgrade` first."


@contextmanager
def database_errors(hint: str = HINT) -> Iterator[None]:
    """Turn an unreachable or unmigrated database into a ClickException naming the cause."""
    try:
        yield
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines() or ["unknown"]
        raise click.ClickException(f"database error: {reason[0]}. {hint}") from None


def require_database() -> None:
    """Fail now, before any long work, when the database cannot be used."""
    with database_errors(), new_session() as session:
        session.execute(select(User.id).limit(1))
