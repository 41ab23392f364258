"""A patient's own data as a zip: data.json with everything and one CSV per table."""

from __future__ import annotations

import enum
import io
import json
import zipfile
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from webapp.models import User
from webapp.services.core.csvfile import csv_text
from webapp.services.privacy.fhir import patient_bundle
from webapp.services.privacy.scopes import PATIENT_DATA, Person, Scope, person_of

FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    """A value JSON can hold: instants and dates as ISO 8601, enums as their value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _columns(scope: Scope) -> list:
    """The table's columns in their defined order, without the omitted secrets."""
    return [c for c in scope.model.__table__.columns if c.name not in scope.omit]


def rows_of(session: Session, scope: Scope, person: Person) -> list[dict[str, Any]]:
    """The patient's rows of one table as plain dicts, in key order."""
    columns = _columns(scope)
    table = scope.model.__table__
    query = select(*columns).where(scope.rows(person)).order_by(*table.primary_key.columns)
    return [
        {column.name: _plain(value) for column, value in zip(columns, row, strict=True)}
        for row in session.execute(query)
    ]


def collect(session: Session, user: User) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows about this patient, keyed by the scope's name."""
    person = person_of(user)
    return {scope.name: rows_of(session, scope, person) for scope in PATIENT_DATA}


def _csv(scope: Scope, rows: list[dict[str, Any]], locale: str) -> str:
    """One table as CSV; nested values (answers, quotas) are written as JSON text."""
    names = [c.name for c in _columns(scope)]
    lines = [names] + [
        [
            json.dumps(row[n], ensure_ascii=False) if isinstance(row[n], (dict, list)) else row[n]
            for n in names
        ]
        for row in rows
    ]
    return csv_text(lines, locale=locale)


def export_zip(session: Session, user: User, now: datetime, base_url: str | None = None) -> bytes:
    """The zip a patient downloads: data.json, a CSV for each table, and (given the practice's
    BASE_URL) the FHIR R4 Bundle its record system reads."""
    data = collect(session, user)
    document = {
        "format_version": FORMAT_VERSION,
        "exported_at": now.isoformat(),
        "account_id": user.id,
        "tables": data,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "data.json", json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
        )
        for scope in PATIENT_DATA:
            archive.writestr(f"{scope.name}.csv", _csv(scope, data[scope.name], user.locale))
        if base_url is not None:
            bundle = patient_bundle(session, user, base_url, now)
            archive.writestr("fhir-bundle.json", json.dumps(bundle, ensure_ascii=False, indent=2))
    return buffer.getvalue()
