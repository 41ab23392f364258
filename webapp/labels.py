"""Translated labels for the catalogue's codes (positions, categories, units)."""

from flask_babel import lazy_gettext as _l

POSITIONS = {
    "supine": _l("Lying on your back"),
    "prone": _l("Lying on your stomach"),
    "side": _l("Lying on your side"),
    "hands-knees": _l("On hands and knees"),
    "standing": _l("Standing"),
    "sitting": _l("Sitting"),
}

CATEGORIES = {
    "mobility": _l("Mobility"),
    "stability": _l("Stability"),
    "strength": _l("Strength"),
    "activity": _l("Activity"),
}
