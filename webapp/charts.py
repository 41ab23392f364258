"""Server-side SVG charts: readable without JavaScript, with a title and a description.

Each chart is plain SVG markup with ``role="img"`` and ``aria-labelledby`` pointing at its
``<title>`` and ``<desc>``; the pages put the same numbers in a table beside it. Colours are
the site's palette, set as presentation attributes (not inline styles, which the CSP
forbids) so a chart looks right on any page; a stylesheet may restyle the classes.

The SVG scales with its viewBox, so text shrinks on a phone: labels are placed for the
larger font a phone stylesheet may give them (``PHONE_FONT``), and never overlap.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 480, 250
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 14, 58
FONT, PHONE_FONT = 14, 22
# The palette of static/css/app.css; pain gets its own warm colour so it is not read as activity.
BRAND, INK, INK_SOFT, GRID = "#0b5d56", "#1b2421", "#44524e", "#cfd8d5"
QUOTA, PAIN = "#b35c00", "#8a5300"
# (multiple of the power of ten, number of tick intervals): ticks land on round numbers.
NICE = ((1, 5), (2, 4), (4, 4), (5, 5), (8, 4), (10, 5))

Number = Callable[[float], str]


def plain_number(value: float) -> str:
    """A number without trailing zeros (2, 2.5), the default for tick labels."""
    return f"{value:g}"


@dataclass(frozen=True)
class Frame:
    """The plotting area and the value range of a chart."""

    count: int
    top_value: float

    @property
    def slot(self) -> float:
        """Horizontal room per data point."""
        return (WIDTH - LEFT - RIGHT) / max(self.count, 1)

    def x(self, index: int) -> float:
        """Centre of the index-th slot."""
        return LEFT + self.slot * (index + 0.5)

    def y(self, value: float) -> float:
        """Vertical position of a value (0 at the bottom, clamped to the plotting area)."""
        usable = HEIGHT - TOP - BOTTOM
        return TOP + usable * (1 - max(0.0, min(value, self.top_value)) / self.top_value)


def nice_scale(values: Sequence[float | None]) -> tuple[float, list[float]]:
    """The smallest round top at or above the peak, and round ticks from 0 up to it."""
    peak = max([v for v in values if v is not None and v > 0] or [1])
    magnitude = 10 ** math.floor(math.log10(peak))
    multiple, intervals = next(((m, n) for m, n in NICE if peak <= m * magnitude + 1e-9), NICE[-1])
    top = multiple * magnitude
    return float(top), [round(top * i / intervals, 6) for i in range(intervals + 1)]


def _text_width(text: str) -> float:
    """A generous estimate of a label's width at the phone font size."""
    return len(text) * PHONE_FONT * 0.6


def _open(chart_id: str, title: str, description: str) -> list[str]:
    """The SVG root with its accessible name and description."""
    cid = escape(chart_id)
    return [
        f'<svg class="chart" id="{cid}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" xmlns="http://www.w3.org/2000/svg" '
        f'preserveAspectRatio="xMidYMid meet" font-size="{FONT}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]


def _axes(
    frame: Frame,
    labels: Sequence[str],
    ticks: Sequence[float],
    number: Number = plain_number,
    x_title: str = "",
) -> list[str]:
    """Grid lines with their values, the labels under the slots, and the axis title."""
    parts = []
    for tick in ticks:
        y = frame.y(tick)
        parts.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{INK_SOFT if tick == 0 else GRID}" stroke-width="1"/>'
            f'<text class="tick" x="{LEFT - 6}" y="{y + 5:.1f}" text-anchor="end" '
            f'fill="{INK_SOFT}">{escape(number(tick))}</text>'
        )
    right_edge = -math.inf
    for index, label in enumerate(labels):
        half = _text_width(label) / 2
        # Skip a label that would touch the previous one on a phone; empty ones are gaps.
        if not label or frame.x(index) - half < right_edge + 4:
            continue
        right_edge = frame.x(index) + half
        parts.append(
            f'<text class="label" x="{frame.x(index):.1f}" y="{HEIGHT - BOTTOM + 24}" '
            f'text-anchor="middle" fill="{INK_SOFT}">{escape(label)}</text>'
        )
    if x_title:
        parts.append(
            f'<text class="axis-title" x="{LEFT + (WIDTH - LEFT - RIGHT) / 2:.1f}" '
            f'y="{HEIGHT - 6}" text-anchor="middle" fill="{INK}">{escape(x_title)}</text>'
        )
    return parts


def _empty(message: str) -> str:
    """A note in the middle of a chart without data."""
    if not message:
        return ""
    return (
        f'<text class="empty" x="{WIDTH / 2:.1f}" y="{(TOP + HEIGHT - BOTTOM) / 2:.1f}" '
        f'text-anchor="middle" fill="{INK_SOFT}">{escape(message)}</text>'
    )


def _close(parts: list[str]) -> Markup:
    """The finished SVG as safe markup."""
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text inside went through escape())


def _step_path(frame: Frame, values: Sequence[float | None], css: str, attrs: str) -> str:
    """A stepped line across the slots (a quota holds for a whole week), joined between weeks."""
    segments, previous = [], None
    for index, value in enumerate(values):
        if value is None:
            previous = None
            continue
        y = frame.y(value)
        left, right = frame.x(index) - frame.slot / 2, frame.x(index) + frame.slot / 2
        join = f"V{y:.1f}" if previous is not None else f"M{left:.1f} {y:.1f}"
        segments.append(f"{join}H{right:.1f}")
        previous = value
    if not segments:
        return ""
    return f'<path class="{css}" d="{"".join(segments)}" fill="none" {attrs}/>'


def bars_with_line(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    bars: Sequence[float | None],
    line: Sequence[float | None],
    *,
    number: Number = plain_number,
    x_title: str = "",
    empty: str = "",
) -> Markup:
    """Bars (what was done) against a stepped line (what was asked), one slot per label."""
    top, ticks = nice_scale([*bars, *line])
    frame = Frame(len(labels), top)
    parts = _open(chart_id, title, description) + _axes(frame, labels, ticks, number, x_title)
    width = frame.slot * 0.6
    for index, value in enumerate(bars):
        if value is None or value <= 0:
            continue
        x, y = frame.x(index) - width / 2, frame.y(value)
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
            f'height="{frame.y(0) - y:.1f}" fill="{BRAND}"/>'
        )
    # No white halo under the line: it would hide the top of a bar that met the quota.
    parts.append(_step_path(frame, line, "quota", f'stroke="{QUOTA}" stroke-width="3.5"'))
    if not any(v is not None for v in [*bars, *line]):
        parts.append(_empty(empty))
    return _close(parts)


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    top: float | None = None,
    *,
    ticks: Sequence[float] | None = None,
    number: Number = plain_number,
    x_title: str = "",
    empty: str = "",
) -> Markup:
    """A line with points, e.g. pain scores over time (no point where nothing was logged)."""
    if top is None:
        top, default_ticks = nice_scale(values)
    else:
        default_ticks = [round(top * i / 4, 6) for i in range(5)]
    frame = Frame(len(labels), top)
    ticks = default_ticks if ticks is None else ticks
    parts = _open(chart_id, title, description) + _axes(frame, labels, ticks, number, x_title)
    points = [(frame.x(i), frame.y(v)) for i, v in enumerate(values) if v is not None]
    if len(points) > 1:
        path = "".join(
            f"{'M' if i == 0 else 'L'}{x:.1f} {y:.1f}" for i, (x, y) in enumerate(points)
        )
        parts.append(
            f'<path class="trend" d="{path}" fill="none" stroke="{PAIN}" stroke-width="3" '
            'stroke-linejoin="round"/>'
        )
    parts.extend(
        f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{PAIN}" '
        'stroke="#fff" stroke-width="1.5"/>'
        for x, y in points
    )
    if not points:
        parts.append(_empty(empty))
    return _close(parts)


def ramp_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    quotas: Sequence[int],
    current: int,
    *,
    number: Number = plain_number,
    x_title: str = "",
    now_label: str = "",
) -> Markup:
    """The planned quotas week by week: past and current solid, the weeks ahead dashed."""
    top, ticks = nice_scale(quotas)
    frame = Frame(len(labels), top)
    parts = _open(chart_id, title, description) + _axes(frame, labels, ticks, number, x_title)
    past = [q if i <= current else None for i, q in enumerate(quotas)]
    ahead = [q if i >= current else None for i, q in enumerate(quotas)]
    dashed = f'stroke="{BRAND}" stroke-width="3" stroke-dasharray="8 6"'
    parts.append(_step_path(frame, ahead, "ramp-ahead", dashed))
    parts.append(_step_path(frame, past, "ramp-done", f'stroke="{BRAND}" stroke-width="5"'))
    if 0 <= current < len(quotas):
        x = frame.x(current)
        parts.append(
            f'<line class="now" x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" '
            f'stroke="{QUOTA}" stroke-width="2" stroke-dasharray="4 4"/>'
        )
        if now_label:
            anchor = "start" if current < len(quotas) / 2 else "end"
            shift = 6 if anchor == "start" else -6
            parts.append(
                f'<text class="now-label" x="{x + shift:.1f}" y="{TOP + 14}" '
                f'text-anchor="{anchor}" fill="{QUOTA}" font-weight="700" stroke="#fff" '
                f'stroke-width="4" paint-order="stroke">'
                f"{escape(now_label)}</text>"
            )
    return _close(parts)
