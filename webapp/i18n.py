"""Languages and formatting: Dutch by default, English complete; doses in words."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request, session
from flask_babel import (
    format_date,
    format_datetime,
    format_number,
    format_time,
    get_locale,
    ngettext,
)
from flask_login import current_user

from webapp.extensions import babel
from webapp.models import PlanItem, Unit


def select_locale() -> str:
    """The signed-in user's language, else the visitor's choice, else the browser's, else Dutch."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return request.accept_languages.best_match(languages) or languages[0]


def select_timezone() -> str | None:
    """The signed-in user's zone for date formatting."""
    if has_request_context() and current_user.is_authenticated:
        return current_user.timezone
    return None


def format_dose(item: PlanItem) -> str:
    """A plan item's dose in words, e.g. '2 x 10 times' or '10 minutes'."""
    unit = item.exercise.unit
    if unit == Unit.MINUTES:
        minutes = ngettext("%(num)d minute", "%(num)d minutes", item.amount)
        return minutes if item.sets == 1 else f"{item.sets} × {minutes}"
    if unit == Unit.HOLD:
        return ngettext(
            "%(num)d time, hold %(seconds)d seconds",
            "%(num)d times, hold %(seconds)d seconds each",
            item.sets,
            seconds=item.amount,
        )
    times = ngettext("%(num)d time", "%(num)d times", item.amount)
    return times if item.sets == 1 else f"{item.sets} × {times}"


def exercise_name(exercise) -> str:
    """The exercise's name in the current language."""
    return exercise.name(str(get_locale() or "nl"))


def init_app(app: Flask) -> None:
    """Wire Flask-Babel and the template helpers."""
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.filters["dose"] = format_dose
    app.jinja_env.filters["exercise_name"] = exercise_name
    app.jinja_env.filters["format_date"] = format_date
    app.jinja_env.filters["format_time"] = format_time
    app.jinja_env.filters["format_datetime"] = format_datetime
    app.jinja_env.filters["format_number"] = format_number
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "nl")
