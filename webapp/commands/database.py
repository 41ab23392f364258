"""Schema commands: ``flask --app webapp db upgrade`` and friends (Alembic)."""

from __future__ import annotations

import click
from alembic import command
from alembic.config import Config as AlembicConfig
from flask import current_app
from flask.cli import with_appcontext

from config import ROOT
from webapp.commands.guard import CHECK_URL, database_errors


def alembic_config(database_url: str, secret_key: str | None = None) -> AlembicConfig:
    """An Alembic configuration for our migrations folder and this database.

    The secret key is for migrations that encrypt stored values (two-step login secrets).
    """
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["database_url"] = database_url
    cfg.attributes["secret_key"] = secret_key
    return cfg


def _config() -> AlembicConfig:
    """The configuration for the app's own database and key."""
    return alembic_config(current_app.config["DATABASE_URL"], current_app.config["SECRET_KEY"])


@click.group("db", help="Database schema migrations (Alembic).")
def db_group() -> None:
    """Database schema commands."""


@db_group.command("upgrade", help="Bring the database schema up to date.")
@click.argument("revision", default="head")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    with database_errors(CHECK_URL):
        command.upgrade(_config(), revision)
    click.echo("Database is up to date.")


@db_group.command("downgrade", help="Step the schema back to REVISION.")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Revert migrations down to REVISION."""
    with database_errors(CHECK_URL):
        command.downgrade(_config(), revision)


@db_group.command("revision", help="Write a new migration from the models' changes.")
@click.option("-m", "--message", required=True, help="What the migration does.")
@with_appcontext
def db_revision(message: str) -> None:
    """Autogenerate a migration against the current database."""
    with database_errors(CHECK_URL):
        command.revision(
            alembic_config(current_app.config["DATABASE_URL"]), message=message, autogenerate=True
        )
