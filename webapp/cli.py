"""Operator commands: ``flask --app webapp db upgrade``, ``seed-demo``, ``create-user``."""

from __future__ import annotations

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, current_app
from flask.cli import with_appcontext

from config import ROOT
from webapp.clock import utcnow
from webapp.db import new_session
from webapp.models import Role
from webapp.services.accounts import create_user
from webapp.services.demo import DEMO_ADMIN, DEMO_PASSWORD, DEMO_PATIENT, DEMO_PHYSIO, seed_demo
from webapp.services.errors import ServiceError


def alembic_config(database_url: str) -> AlembicConfig:
    """An Alembic configuration for our migrations folder and this database."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["database_url"] = database_url
    return cfg


@click.group("db", help="Database schema migrations (Alembic).")
def db_group() -> None:
    """Database schema commands."""


@db_group.command("upgrade", help="Bring the database schema up to date.")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    command.upgrade(alembic_config(current_app.config["DATABASE_URL"]), revision)
    click.echo("Database is up to date.")


@db_group.command("downgrade", help="Step the schema back to REVISION.")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION."""
    command.downgrade(alembic_config(current_app.config["DATABASE_URL"]), revision)


@db_group.command("revision", help="Write a new migration from the models' changes.")
@click.option("-m", "--message", required=True, help="What the migration does.")
@with_appcontext
def db_revision(message: str) -> None:
    """Autogenerate a migration against the current database."""
    command.revision(
        alembic_config(current_app.config["DATABASE_URL"]), message=message, autogenerate=True
    )


@click.command("seed-demo", help="Create the demo physio, admin and patient (once).")
@with_appcontext
def seed_demo_command() -> None:
    """Create demo accounts and a plan unless they exist; print the credentials."""
    with new_session() as session:
        created = seed_demo(session, utcnow())
        session.commit()
    click.echo("Demo data created." if created else "Demo data already present.")
    for role, email in (("patient", DEMO_PATIENT), ("physio", DEMO_PHYSIO), ("admin", DEMO_ADMIN)):
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
    with new_session() as session:
        try:
            user = create_user(
                session,
                email=email,
                name=name or email.partition("@")[0],
                password=password,
                role=Role(role),
                locale=locale,
                now=utcnow(),
            )
        except ServiceError as exc:
            raise click.ClickException(str(exc.message)) from None
        session.commit()
        click.echo(f"Created {user.role.value} {user.email}.")


def init_app(app: Flask) -> None:
    """Register the commands on the app's CLI."""
    app.cli.add_command(db_group)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_user_command)
