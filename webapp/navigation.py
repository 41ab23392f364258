"""The main menu per role: one list, shown only for the endpoints the app has."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    """A menu entry and the endpoints under which it is the current page."""

    endpoint: str
    label: object
    also: tuple[str, ...] = ()
    blueprint: str | None = None


MENUS: dict[str, tuple[NavItem, ...]] = {
    "patient": (
        NavItem("patient.today", _l("Today"), also=("patient.session_player",)),
        NavItem("patient.progress", _l("Progress"), also=("patient.print_plan",)),
        NavItem("library.index", _l("Exercises"), blueprint="library"),
        NavItem("learn.index", _l("About back pain"), blueprint="learn"),
        NavItem("patient.messages", _l("Messages")),
        NavItem("reminders.settings", _l("Reminders")),
        NavItem("patient.my_physio", _l("My physio")),
        NavItem("account.settings", _l("My account"), blueprint="account"),
    ),
    "physio": (
        NavItem("physio.index", _l("My patients"), also=("physio.patient",)),
        NavItem("physio.invite", _l("Invite")),
        NavItem("library.index", _l("Exercises"), blueprint="library"),
        NavItem("physio.videos", _l("My videos")),
        NavItem("account.settings", _l("My account"), blueprint="account"),
    ),
    "admin": (
        NavItem("admin.index", _l("Overview")),
        NavItem("admin.users", _l("Accounts")),
        NavItem("admin.audit", _l("Audit log")),
        NavItem("admin.outbox", _l("Outbox"), also=("admin.outbox_message",)),
        NavItem("account.settings", _l("My account"), blueprint="account"),
    ),
}


def main_menu() -> list[tuple[NavItem, bool]]:
    """The signed-in user's menu entries that exist, each with whether it is the current page."""
    if not current_user.is_authenticated:
        return []
    endpoints = current_app.view_functions
    found = []
    for item in MENUS.get(current_user.role.value, ()):
        if item.endpoint not in endpoints:
            continue
        current = (
            request.endpoint == item.endpoint
            or request.endpoint in item.also
            or (item.blueprint is not None and request.blueprint == item.blueprint)
        )
        found.append((item, current))
    return found


def init_app(app: Flask) -> None:
    """Make the menu available to every template."""
    app.jinja_env.globals["main_menu"] = main_menu
