"""Operator commands on ``flask --app webapp``; each area has its own module."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register every command group and command on the app's CLI."""
    from webapp.commands import accounts, catalogue, database, fhir, prepare

    app.cli.add_command(database.db_group)
    app.cli.add_command(accounts.seed_demo_command)
    app.cli.add_command(accounts.create_user_command)
    app.cli.add_command(catalogue.catalogue_group)
    app.cli.add_command(catalogue.videos_group)
    app.cli.add_command(fhir.fhir_group)
    app.cli.add_command(prepare.prepare_command)
