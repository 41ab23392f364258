"""Languages and formatting: Dutch by default, English complete; doses in words."""

from __future__ import annotations

from datetime import date

from babel.dates import get_day_names
from flask import Flask, current_app, has_request_context, request, session
from flask_babel import (
    format_date,
    format_datetime,
    format_decimal,
    format_number,
    format_time,
    get_locale,
    gettext,
    ngettext,
)
from flask_login import current_user

from webapp.extensions import babel
from webapp.models import Exercise, PlanItem, Unit


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


def dose_text(unit: Unit, sets: int, amount: int, per_side: bool = False) -> str:
    """A dose in words, e.g. '2 × 10 times', '5 times, hold 10 seconds each' or '10 minutes'."""
    if unit == Unit.MINUTES:
        minutes = ngettext("%(num)d minute", "%(num)d minutes", amount)
        text = minutes if sets == 1 else f"{sets} × {minutes}"
    elif unit == Unit.HOLD:
        text = ngettext(
            "%(num)d time, hold %(seconds)d seconds",
            "%(num)d times, hold %(seconds)d seconds each",
            sets,
            seconds=amount,
        )
    else:
        times = ngettext("%(num)d time", "%(num)d times", amount)
        text = times if sets == 1 else f"{sets} × {times}"
    return gettext("%(dose)s, per side", dose=text) if per_side else text


def format_dose(item: PlanItem) -> str:
    """A plan item's dose in words."""
    return dose_text(item.exercise.unit, item.sets, item.amount, item.exercise.per_side)


def planned_dose(entry) -> str:
    """A day's planned dose of one plan item (its quota when it builds up)."""
    item = entry.item
    return dose_text(item.exercise.unit, item.sets, entry.quota, item.exercise.per_side)


def default_dose(exercise: Exercise) -> str:
    """An exercise's catalogue starting dose in words."""
    return dose_text(
        exercise.unit, exercise.default_sets, exercise.default_amount, exercise.per_side
    )


def unit_words(unit: Unit) -> str:
    """How an amount of this unit is counted, in words ("minutes", "seconds held each time")."""
    if unit == Unit.MINUTES:
        return gettext("minutes")
    if unit == Unit.HOLD:
        return gettext("seconds held each time")
    return gettext("times per set")


def amount_words(amount: int, unit: Unit) -> str:
    """A logged amount with its unit ("12 times per set", "10 minutes", "held 8 seconds ...")."""
    if unit == Unit.MINUTES:
        return ngettext("%(num)d minute", "%(num)d minutes", amount)
    if unit == Unit.HOLD:
        return ngettext("held %(num)d second each time", "held %(num)d seconds each time", amount)
    return ngettext("%(num)d time per set", "%(num)d times per set", amount)


def exercise_name(exercise) -> str:
    """The exercise's name in the current language."""
    return exercise.name(str(get_locale() or "nl"))


def format_date_iso(value: str, fmt: str = "medium") -> str:
    """A date stored as ISO text (a plan change's detail) in the current language."""
    return format_date(date.fromisoformat(value), fmt)


def weekday_list(mask: int) -> str:
    """The weekdays of a mask (bit 0 is Monday) in words, in the current language."""
    names = get_day_names("wide", locale=get_locale() or "nl")
    return ", ".join(names[day] for day in range(7) if mask >> day & 1)


def short_day_list(mask: int) -> str:
    """The weekdays of a mask in short words ("ma, wo, vr"), in the current language."""
    names = get_day_names("abbreviated", locale=get_locale() or "nl")
    return ", ".join(names[day] for day in range(7) if mask >> day & 1)


def init_app(app: Flask) -> None:
    """Wire Flask-Babel and the template helpers."""
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.filters["dose"] = format_dose
    app.jinja_env.filters["dose_words"] = dose_text
    app.jinja_env.filters["default_dose"] = default_dose
    app.jinja_env.filters["planned_dose"] = planned_dose
    app.jinja_env.filters["unit_words"] = unit_words
    app.jinja_env.filters["amount_words"] = amount_words
    app.jinja_env.filters["format_decimal"] = format_decimal
    app.jinja_env.filters["exercise_name"] = exercise_name
    app.jinja_env.filters["format_date"] = format_date
    app.jinja_env.filters["format_date_iso"] = format_date_iso
    app.jinja_env.globals["day_list"] = weekday_list
    app.jinja_env.globals["short_day_list"] = short_day_list
    app.jinja_env.filters["format_time"] = format_time
    app.jinja_env.filters["format_datetime"] = format_datetime
    app.jinja_env.filters["format_number"] = format_number
    app.jinja_env.globals["current_locale"] = lambda: str(get_locale() or "nl")
