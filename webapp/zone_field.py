"""The time zone picker: a short list of the zones Rugcoach's patients most likely live in."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField

from webapp.domain.schedule import zone_or_none

# The Netherlands first, then Belgium, the Dutch Caribbean and Suriname, and the countries
# patients most often spend longer stays in. The whole IANA list (about 600 names, many of
# them aliases of each other) is no help on a phone.
LIKELY_ZONES = (
    ("Europe/Amsterdam", _l("Netherlands")),
    ("Europe/Brussels", _l("Belgium")),
    ("America/Curacao", _l("Curaçao")),
    ("America/Aruba", _l("Aruba")),
    ("America/Kralendijk", _l("Bonaire, Sint Eustatius and Saba")),
    ("America/Lower_Princes", _l("Sint Maarten")),
    ("America/Paramaribo", _l("Suriname")),
    ("Europe/Berlin", _l("Germany")),
    ("Europe/London", _l("United Kingdom")),
    ("Europe/Paris", _l("France")),
    ("Europe/Madrid", _l("Spain")),
    ("Atlantic/Canary", _l("Canary Islands")),
    ("Europe/Lisbon", _l("Portugal")),
    ("Europe/Istanbul", _l("Turkey")),
    ("Africa/Casablanca", _l("Morocco")),
    ("Asia/Jakarta", _l("Indonesia (Jakarta)")),
    ("UTC", _l("UTC (world time)")),
)


class ZoneField(SelectField):
    """A time zone from the short list, or any other valid zone the device or account has.

    The choice is not checked against the list: the services accept every real IANA zone
    and refuse the rest with a message, so "use my device's zone" works anywhere.
    """

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("default", "Europe/Amsterdam")
        super().__init__(label, validators, validate_choice=False, **kwargs)
        self.choices = [
            SelectChoice(zone, name) for zone, name in LIKELY_ZONES if zone_or_none(zone)
        ]

    def iter_choices(self):
        """The short list, plus the chosen zone when it is another real one (shown by its name)."""
        listed = {choice.value for choice in self.choices}
        if self.data and self.data not in listed and zone_or_none(self.data):
            self.choices = [*self.choices, SelectChoice(self.data, self.data)]
        return super().iter_choices()
