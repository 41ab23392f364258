"""The overlay drawn into the video: repetition counter and hold countdown.

Only numbers and shapes, so one video serves every language; the captions carry the words.
"""

from __future__ import annotations

import math
from functools import cache

from PIL import ImageDraw, ImageFont

from webapp.media.timeline import Overlay

CARD = (255, 255, 255)
CARD_EDGE = (214, 226, 223)
INK = (11, 93, 86)
TRACK = (206, 226, 222)
DIM = (190, 206, 203)


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled TrueType font at a pixel size (no system fonts needed)."""
    return ImageFont.load_default(size=size)


def draw_counter(draw: ImageDraw.ImageDraw, overlay: Overlay, size: tuple[int, int]) -> None:
    """A card at the top left with "rep / reps" and, per side, one dot per side."""
    unit = size[1] / 100
    x0, y0 = 3.5 * unit, 5 * unit
    text = f"{overlay.rep} / {overlay.reps}"
    text_font = font(round(6.5 * unit))
    text_width = draw.textlength(text, font=text_font)
    dots = 5.5 * unit if overlay.sides > 1 else 0.0
    x1, y1 = x0 + text_width + 6 * unit + dots, y0 + 11 * unit
    draw.rounded_rectangle(
        (x0, y0, x1, y1),
        radius=5.5 * unit,
        fill=CARD,
        outline=CARD_EDGE,
        width=max(1, round(0.4 * unit)),
    )
    draw.text((x0 + 3 * unit, (y0 + y1) / 2), text, font=text_font, fill=INK, anchor="lm")
    if overlay.sides > 1:
        cx, r = x1 - 4.2 * unit, 1.3 * unit
        for side in range(2):
            cy = (y0 + y1) / 2 + (side - 0.5) * 3.6 * unit
            draw.ellipse(
                (cx - r, cy - r, cx + r, cy + r), fill=INK if side == overlay.side else DIM
            )


def draw_countdown(draw: ImageDraw.ImageDraw, overlay: Overlay, size: tuple[int, int]) -> None:
    """A disc at the top right: seconds left and a ring that empties as the hold runs."""
    width, height = size
    unit = height / 100
    radius = 8.5 * unit
    cx, cy = width - 3.5 * unit - radius, 5 * unit + radius
    box = (cx - radius, cy - radius, cx + radius, cy + radius)
    ring = max(2, round(1.6 * unit))
    draw.ellipse(box, fill=CARD, outline=CARD_EDGE, width=max(1, round(0.4 * unit)))
    inner = (box[0] + ring, box[1] + ring, box[2] - ring, box[3] - ring)
    draw.arc(inner, 0, 360, fill=TRACK, width=ring)
    left = overlay.remaining or 0.0
    share = left / overlay.hold if overlay.hold else 0.0
    if share > 0.002:
        draw.arc(inner, -90, -90 + 360 * share, fill=INK, width=ring)
    seconds = max(math.ceil(left - 1e-6), 0)
    draw.text((cx, cy), str(seconds), font=font(round(8 * unit)), fill=INK, anchor="mm")


def draw_overlay(draw: ImageDraw.ImageDraw, overlay: Overlay, size: tuple[int, int]) -> None:
    """Counter and countdown, whichever the moment needs."""
    if overlay.rep:
        draw_counter(draw, overlay, size)
    if overlay.remaining is not None:
        draw_countdown(draw, overlay, size)
