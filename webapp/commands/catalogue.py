"""Catalogue commands: ``catalogue load`` and ``videos render``."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from webapp.clock import utcnow
from webapp.commands.guard import database_errors, require_database
from webapp.db import new_session
from webapp.domain.catalogue import CatalogueError
from webapp.media.manifest import load_manifest
from webapp.services.library.catalogue import load_catalogue
from webapp.services.library.videos import sync_catalogue_videos


@click.group("catalogue", help="The exercise catalogue (webapp/catalogue/exercises).")
def catalogue_group() -> None:
    """Catalogue commands."""


@catalogue_group.command("load", help="Create or update the catalogue exercises (idempotent).")
@with_appcontext
def catalogue_load() -> None:
    """Load the exercise files into the database and attach rendered videos."""
    with database_errors(), new_session() as session:
        try:
            report = load_catalogue(session, current_app.config["CATALOGUE_DIR"])
        except CatalogueError as exc:
            raise click.ClickException(str(exc)) from None
        sync_catalogue_videos(session, _manifest(), utcnow())
        session.commit()
    click.echo(
        f"Catalogue: {len(report.created)} new, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged."
    )


@click.group("videos", help="Demonstration videos of the catalogue.")
def videos_group() -> None:
    """Video commands."""


@videos_group.command("render", help="Render the videos that are missing or out of date.")
@click.option("--force", is_flag=True, help="Render again even when nothing changed.")
@click.option("--only", "slugs", multiple=True, help="Only this exercise (repeatable).")
@with_appcontext
def videos_render(force: bool, slugs: tuple[str, ...]) -> None:
    """Render into VIDEO_DIR, write the manifest and update the catalogue's video rows."""
    from webapp.media.render import RenderReport, render_catalogue

    require_database()  # rendering takes minutes: find a database problem first
    started = time.monotonic()
    motions = Path(current_app.config["CATALOGUE_DIR"]) / "motions"
    report, changed = RenderReport(), 0
    # One video at a time, each put in use at once: a rendering replaces the earlier files,
    # so pages would otherwise point at deleted files until the whole catalogue is done.
    for slug in list(slugs) or sorted(path.stem for path in motions.glob("*.toml")):
        step = render_catalogue(
            motions, Path(current_app.config["VIDEO_DIR"]), slugs=[slug], force=force
        )
        for name in ("rendered", "unchanged"):
            getattr(report, name).extend(getattr(step, name))
        report.failed.update(step.failed)
        report.seconds.update(step.seconds)
        changed += _put_in_use()
    click.echo(f"{report}; {changed} video row(s) updated in {time.monotonic() - started:.1f} s.")
    if report.failed:
        # The videos that did render are in place; the exit status tells scripts to look.
        raise click.ClickException(f"{len(report.failed)} video(s) could not be rendered")


def _put_in_use() -> int:
    """Point the catalogue's video rows at the rendered files; returns rows changed."""
    with database_errors(), new_session() as session:
        try:
            load_catalogue(session, current_app.config["CATALOGUE_DIR"])
        except CatalogueError as exc:
            raise click.ClickException(str(exc)) from None
        changed = sync_catalogue_videos(session, _manifest(), utcnow())
        session.commit()
    return changed


def _manifest() -> dict:
    """The render manifest in VIDEO_DIR (empty before the first render)."""
    return load_manifest(Path(current_app.config["VIDEO_DIR"]))
