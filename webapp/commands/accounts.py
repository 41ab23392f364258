"""Account commands: ``create-user`` and ``seed-demo``."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from webapp.clock import utcnow
from webapp.commands.guard import database_errors
from webapp.db import new_session
from webapp.models import Role
from webapp.services.accounts.users import create_user
from webapp.services.core.errors import ServiceError
from webapp.services.ops.demo import (
    DEMO_ADMIN,
    DEMO_BUILDER,
    DEMO_PASSWORD,
    DEMO_PATIENT,
    DEMO_PHYSIO,
    seed_demo,
)
from webapp.wiring import password_hasher


@click.command("seed-demo", help="Create the demo physio, admin and patients (once).")
@with_appcontext
def seed_demo_command() -> None:
    """Create demo accounts and a plan unless they exist; print the credentials."""
    with database_errors(), new_session() as session:
        created = seed_demo(
            session, utcnow(), current_app.config["CATALOGUE_DIR"], password_hasher()
        )
        session.commit()
    click.echo("Demo data created." if created else "Demo data already present.")
    accounts = (
        ("patient", DEMO_PATIENT),
        ("patient", DEMO_BUILDER),
        ("physio", DEMO_PHYSIO),
        ("admin", DEMO_ADMIN),
    )
    for role, email in accounts:
        click.echo(f"  {role:8} {email}  password: {DEMO_PASSWORD}")


@click.command("create-user", help="Create an account; asks for the password.")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.PATIENT.value,
    show_default=True,
    help="What the account may do.",
)
@click.option("--name", default=None, help="Display name (default: the part before @).")
@click.option("--locale", type=click.Choice(["nl", "en"]), default="nl", show_default=True)
@click.password_option(help="Password; asked twice when not given.")
@with_appcontext
def create_user_command(email: str, role: str, name: str | None, locale: str, password: str):
    """Create a user with the given role; exits with the reason when a field is refused."""
    with database_errors(), new_session() as session:
        try:
            user = create_user(
                session,
                email=email,
                name=name or email.partition("@")[0],
                password=password,
                role=Role(role),
                locale=locale,
                now=utcnow(),
                hasher=password_hasher(),
            )
        except ServiceError as exc:
            raise click.ClickException(str(exc.message)) from None
        session.commit()
        click.echo(f"Created {user.role.value} {user.email}.")
