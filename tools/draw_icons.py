"""Draw the app icons (192 and 512 px, plain and maskable) from the favicon's shapes.

Run once after changing the design: `.venv/bin/python tools/draw_icons.py`; the PNGs are
committed, so the app never draws at runtime.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = (11, 93, 86)
TINT = (191, 227, 220)
OUT = Path(__file__).resolve().parent.parent / "static" / "icons"


def draw(size: int, maskable: bool) -> Image.Image:
    """The favicon at ``size``: rounded on its own, full-bleed with a safe zone when maskable."""
    scale = 4  # draw large, then shrink: smooth curves without an SVG renderer
    big = size * scale
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, big, big), fill=BRAND)
        inset = big * 0.2  # the launcher may cut a circle of 80 %: keep the mark inside it
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 14 // 64, fill=BRAND)
        inset = 0
    unit = (big - 2 * inset) / 64

    def at(x: float, y: float) -> tuple[float, float]:
        return (inset + x * unit, inset + y * unit)

    # The spine: the favicon's S-curve as short straight pieces along two quadratic bends.
    points = []
    for start, control, end in (((24, 12), (16, 28), (24, 34)), ((24, 34), (32, 43), (24, 52))):
        for step in range(81):
            t = step / 80
            x = (1 - t) ** 2 * start[0] + 2 * (1 - t) * t * control[0] + t**2 * end[0]
            y = (1 - t) ** 2 * start[1] + 2 * (1 - t) * t * control[1] + t**2 * end[1]
            points.append(at(x, y))
    width = round(7 * unit)
    # A round brush stamped along the curve: no seams where the pieces meet.
    for x, y in points:
        pen.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill="white")
    cx, cy = at(42, 20)
    radius = 6 * unit
    pen.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=TINT)
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    """Write icon-192.png, icon-512.png and their maskable twins into static/icons/."""
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        draw(size, False).save(OUT / f"icon-{size}.png", optimize=True)
        draw(size, True).save(OUT / f"icon-maskable-{size}.png", optimize=True)


if __name__ == "__main__":
    main()
