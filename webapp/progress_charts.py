"""The progress charts of a patient's weeks, pain and build-up, with the numbers beside them.

The patient's progress page and the physio's page of that patient show the same charts.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import format_date, format_decimal
from flask_babel import gettext as _

from webapp.charts import bars_with_line, line_chart, ramp_chart
from webapp.i18n import exercise_name
from webapp.services.care.progress import PAIN_WEEKS, ItemProgress, Progress

CHART_WEEKS = 16  # more bars than this get too thin to read on a phone


def _number(value: float) -> str:
    """A chart or table number in the page's language (at most one decimal)."""
    return format_decimal(value, format="#,##0.#")


def chart_context(report: Progress) -> dict:
    """What templates/patient/_progress_charts.html needs: the charts and their numbers."""
    return {
        "report": report,
        "charts": {ip.item.id: _item_charts(ip) for ip in report.items or []},
        "pain_chart": _pain_chart(report) if report.pain else None,
        "pain_weeks": PAIN_WEEKS,
        "number": _number,
    }


def _weeks_summary(weeks: list) -> str:
    """The chart's description: the latest week in words, then where the rest is."""
    parts = []
    if weeks and weeks[-1].quota is not None:
        last = weeks[-1]
        parts.append(
            _("In week %(week)d your plan asks %(quota)d.", week=last.week + 1, quota=last.quota)
        )
        if last.per_planned is not None:
            parts.append(
                _("So far you did %(done)s per planned session.", done=_number(last.per_planned))
            )
    parts.append(_("The table below has the numbers of every week."))
    return " ".join(parts)


def _item_charts(ip: ItemProgress) -> dict:
    """The weeks-so-far chart and, for a build-up, the ramp-ahead chart of one exercise."""
    name = exercise_name(ip.item.exercise)
    weeks = ip.weeks[-CHART_WEEKS:]  # the table below keeps every week
    found = {
        "weeks": bars_with_line(
            f"weeks-{ip.item.id}",
            _("%(name)s: what your plan asked and what you did", name=name),
            _weeks_summary(ip.weeks),
            [str(w.week + 1) for w in weeks],
            [w.per_planned for w in weeks],
            [w.quota for w in weeks],
            number=_number,
            x_title=_("Week"),
        )
    }
    if ip.ramp is not None:
        ramp = ip.ramp
        found["ramp"] = ramp_chart(
            f"ramp-{ip.item.id}",
            _("%(name)s: your build-up week by week", name=name),
            _(
                "This week your plan asks %(now)d. If every week goes as planned, you reach "
                "your goal of %(goal)d in week %(week)d.",
                now=ramp.quotas[ramp.current],
                goal=ramp.goal,
                week=ramp.first_week + len(ramp.quotas),
            ),
            [str(ramp.first_week + i + 1) for i in range(len(ramp.quotas))],
            ramp.quotas,
            ramp.current,
            number=_number,
            x_title=_("Week"),
            now_label=_("Now"),
        )
    return found


def _pain_chart(report: Progress):
    """The pain scores of the last weeks, one slot per day, labelled on each Monday."""
    first = report.today - timedelta(weeks=PAIN_WEEKS) + timedelta(days=1)
    days = [first + timedelta(days=i) for i in range(PAIN_WEEKS * 7)]
    scores = {point.day: point.pain for point in report.pain}
    latest = report.pain[-1]
    return line_chart(
        "pain",
        _("Your pain over the last %(weeks)d weeks", weeks=PAIN_WEEKS),
        _(
            "Pain from 0 (none) to 10 (worst) on the days you logged. The latest score is "
            "%(pain)d, on %(date)s.",
            pain=latest.pain,
            date=format_date(latest.day, "d MMMM"),
        ),
        [format_date(d, "d MMM") if d.weekday() == 0 else "" for d in days],
        [scores.get(d) for d in days],
        top=10,
        ticks=[0, 2, 4, 6, 8, 10],
        number=_number,
    )
