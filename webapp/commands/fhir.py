"""FHIR commands: ``fhir export EMAIL`` writes a patient's FHIR R4 Bundle to stdout."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from webapp.clock import utcnow
from webapp.commands.guard import database_errors
from webapp.db import new_session
from webapp.models import Role, User
from webapp.services.privacy.fhir import patient_bundle


@click.group("fhir", help="Exports for the practice's record system (FHIR R4).")
def fhir_group() -> None:
    """The FHIR command group."""


@fhir_group.command("export", help="Write a patient's FHIR R4 Bundle (JSON) to stdout.")
@click.argument("email")
@with_appcontext
def export_command(email: str) -> None:
    """Print the Bundle of the patient with this email; exit 1 with a reason if there is none."""
    with database_errors(), new_session() as session:
        patient = session.scalar(
            select(User).where(func.lower(User.email) == email.strip().lower())
        )
        if patient is None or patient.role != Role.PATIENT:
            click.echo(f"No patient with the email address {email}.", err=True)
            sys.exit(1)
        bundle = patient_bundle(session, patient, current_app.config["BASE_URL"], utcnow())
    click.echo(json.dumps(bundle, ensure_ascii=False, indent=2))
