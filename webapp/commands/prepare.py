"""``flask --app webapp prepare``: schema, catalogue and (for a trial) demo data in one go."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from webapp.commands.accounts import seed_demo_command
from webapp.commands.catalogue import catalogue_load
from webapp.commands.database import db_upgrade


@click.command(
    "prepare",
    help="Bring the database up to date and load the catalogue; --demo adds the demo accounts.",
)
@click.option("--demo", is_flag=True, help="Also create the demo physio, admin and patients.")
@with_appcontext
@click.pass_context
def prepare_command(ctx: click.Context, demo: bool) -> None:
    """Run db upgrade, catalogue load and (with --demo) seed-demo in one process.

    One process instead of three saves the app's start-up twice on every ``make run``.
    """
    ctx.invoke(db_upgrade, revision="head")
    ctx.invoke(catalogue_load)
    if demo:
        ctx.invoke(seed_demo_command)
