"""A plan as the physio's pages show it: its exercise days in words, a build-up as a chart."""

from __future__ import annotations

from flask_babel import gettext as _

from webapp.charts import ramp_chart
from webapp.domain.schedule import weekdays_from_mask
from webapp.forms import WEEKDAY_CHOICES
from webapp.i18n import exercise_name
from webapp.models import Exercise


def day_names(mask: int) -> str:
    """The chosen weekdays in words ("Monday, Wednesday, Friday")."""
    return ", ".join(str(WEEKDAY_CHOICES[day].label) for day in weekdays_from_mask(mask))


def ramp_preview(chart_id: str, exercise: Exercise, quotas: list[int], current: int):
    """A ramp as a chart: weeks so far solid, the weeks ahead dashed."""
    return ramp_chart(
        chart_id,
        _("Planned build-up of %(name)s", name=exercise_name(exercise)),
        _(
            "From %(start)d to %(goal)d over %(weeks)d weeks.",
            start=quotas[max(current, 0)],
            goal=quotas[-1],
            weeks=len(quotas),
        ),
        [str(n) for n in range(1, len(quotas) + 1)],
        quotas,
        current,
        x_title=_("Week"),
    )
