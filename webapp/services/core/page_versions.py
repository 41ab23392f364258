"""Page versions: every commit raises the counter of each patient whose pages it changed.

A cached page is stored under the version read before it was built, so it is never older
than its key. The counter lives in the database, so every web worker, the scheduler and
the CLI raise it alike, and a second process sees the change at its next request.

Who a write concerns comes from the flushed rows: a row with a ``patient_id`` or
``user_id`` concerns that user, a plan's rows that plan's patient, an item log its
session log's patient. Anything else (the catalogue, videos, a physio's own account,
statements outside the unit of work) raises row 0, which every patient's version includes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

from sqlalchemy import Engine, bindparam, event, func, inspect, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.pool import Pool

from webapp.models import EVERYONE, ItemLog, PageVersion, Plan, Role, SessionLog, User

# Rows no patient page shows: writing them leaves every page as it was.
UNSHOWN_TABLES = frozenset(
    {"audit_events", "outbox_emails", "login_sessions", "password_resets", "page_versions"}
)
# Statements that only read (or steer the transaction), by their first word.
READ_WORDS = frozenset({"select", "pragma", "savepoint", "release", "rollback", "begin", "show"})
_MARKS = "page_versions.marks"
_FLUSHING = "page_versions.flushing"
_RAW_WRITE = "page_versions.raw_write"


@dataclass
class Marks:
    """Whose pages the session's pending writes change."""

    users: set[int] = field(default_factory=set)
    plans: set[int] = field(default_factory=set)
    logs: set[int] = field(default_factory=set)
    everyone: bool = False


# Built once: every kept page view asks it. Counters only grow, so their sum changes
# whenever either of them does.
_VERSION = select(func.coalesce(func.sum(PageVersion.version), 0)).where(
    PageVersion.user_id.in_([EVERYONE, bindparam("user_id")])
)


def page_version(session: Session, user_id: int) -> int:
    """The version of one user's pages: their own counter plus everyone's."""
    return int(session.scalar(_VERSION, {"user_id": user_id}))


def _column_values(obj: object, name: str) -> set | None:
    """The column's values before and after this flush (None when never loaded)."""
    state = inspect(obj)
    if name not in state.mapper.column_attrs:
        return None
    history = state.attrs[name].history
    values = {v for v in chain(history.added, history.unchanged, history.deleted) if v is not None}
    return values if values or name in state.dict else None


def _mark(obj: object, marks: Marks) -> None:
    """Note whose pages a flushed row changes (everyone's when that cannot be told)."""
    table = getattr(obj, "__tablename__", None)
    if table in UNSHOWN_TABLES:
        return
    if isinstance(obj, User):
        # A physio's or admin's name and numbers appear on their patients' pages.
        if obj.role == Role.PATIENT and obj.id is not None:
            marks.users.add(obj.id)
        else:
            marks.everyone = True
        return
    for name, into in (("patient_id", marks.users), ("user_id", marks.users)):
        values = _column_values(obj, name)
        if values:
            into.update(values)
            return
    for name, into in (("plan_id", marks.plans), ("session_log_id", marks.logs)):
        values = _column_values(obj, name)
        if values and (name != "session_log_id" or isinstance(obj, ItemLog)):
            into.update(values)
            return
    marks.everyone = True


@event.listens_for(Session, "before_flush")
def _flush_starts(session: Session, _context, _instances) -> None:
    """Statements of the unit of work are read from its rows, not counted as unknown writes."""
    session.connection().info[_FLUSHING] = True


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _context) -> None:
    """Collect whose pages the flushed rows change."""
    marks = session.info.setdefault(_MARKS, Marks())
    for obj in chain(session.new, session.dirty, session.deleted):
        _mark(obj, marks)


@event.listens_for(Session, "after_flush_postexec")
def _flush_ends(session: Session, _context) -> None:
    """Statements after the flush count as unknown writes again."""
    session.connection().info.pop(_FLUSHING, None)


@event.listens_for(Engine, "before_cursor_execute")
def _note_statement(connection, _cursor, statement: str, _params, _context, _many) -> None:
    """A write outside the unit of work (bulk update, raw SQL) may change anyone's page."""
    if connection.info.get(_FLUSHING):
        return
    words = statement.lstrip().split(None, 1)
    if words and words[0].lower() not in READ_WORDS:
        connection.info[_RAW_WRITE] = True


@event.listens_for(Pool, "checkin")
def _forget_connection(_dbapi_connection, record) -> None:
    """A connection back in the pool carries no marks into its next transaction."""
    if record is not None:
        record.info.pop(_FLUSHING, None)
        record.info.pop(_RAW_WRITE, None)


@event.listens_for(Session, "after_transaction_end")
def _forget_rolled_back(session: Session, transaction) -> None:
    """Writes of an outer transaction that ends without a commit (a rollback) change no page."""
    if transaction.parent is None:
        session.info.pop(_MARKS, None)


@event.listens_for(Session, "before_commit")
def _raise_versions(session: Session) -> None:
    """Raise the counters of everyone whose pages this commit changes, in the same commit."""
    session.flush()  # the commit's own flush runs after this hook
    marks = session.info.pop(_MARKS, None) or Marks()
    if session.in_transaction():
        connection = session.connection()
        marks.everyone |= bool(connection.info.pop(_RAW_WRITE, None))
    ids = {EVERYONE} if marks.everyone else set(marks.users)
    if not marks.everyone:
        with session.no_autoflush:
            if marks.plans:
                ids.update(session.scalars(select(Plan.patient_id).where(Plan.id.in_(marks.plans))))
            if marks.logs:
                ids.update(
                    session.scalars(
                        select(SessionLog.patient_id).where(SessionLog.id.in_(marks.logs))
                    )
                )
    if ids:
        _bump(session, sorted(ids))


def _bump(session: Session, ids: list[int]) -> None:
    """Add one to each counter (creating it at 1), in id order so two commits never deadlock."""
    connection = session.connection()
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    table = PageVersion.__table__
    statement = insert(table).values([{"user_id": i, "version": 1} for i in ids])
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.user_id], set_={"version": table.c.version + 1}
    )
    connection.info[_FLUSHING] = True  # our own write is not an unknown one
    try:
        connection.execute(statement)
    finally:
        connection.info.pop(_FLUSHING, None)
