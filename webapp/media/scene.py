"""The scene around the figure: camera, floor or mat, scrolling floor marks and water."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PIL import Image, ImageDraw

from webapp.media.figure import BACKGROUND, Shape, capsule
from webapp.media.skeleton import Vec

FLOOR = (230, 224, 211)
FLOOR_LINE = (206, 198, 181)
FLOOR_MARK = (214, 207, 191)
MAT = (186, 218, 211)
MAT_EDGE = (150, 193, 184)
WATER = (176, 216, 228)
WATER_LINE = (120, 178, 196)
MAT_THICKNESS = 3.5
MARK_SPACING = 45.0
LYING = ("supine", "prone", "side", "hands-knees")


@dataclass(frozen=True)
class Camera:
    """Maps world units to pixels of the (supersampled) picture."""

    scale: float
    origin_x: float
    origin_y: float

    def px(self, point: Vec) -> tuple[float, float]:
        """A world point in pixels (y grows downwards in pictures)."""
        return (self.origin_x + point[0] * self.scale, self.origin_y - point[1] * self.scale)


def fit_camera(box: tuple, position: str, size: tuple[int, int], overlay: bool) -> Camera:
    """A camera that shows the world box (x0, y0, x1, y1) large, centred and above the floor.

    The floor sits at 78% of the height so captions shown by the player cover floor, not
    figure; with an ``overlay`` the top strip stays free for the counter and countdown.
    """
    width, height = size
    x0, y0, x1, y1 = box
    if position == "water":
        scale = min(0.86 * width / (x1 - x0), 0.56 * height / (y1 - y0))
        return Camera(
            scale, width / 2 - scale * (x0 + x1) / 2, 0.5 * height + scale * (y0 + y1) / 2
        )
    floor_y, top_y = 0.78 * height, (0.15 if overlay else 0.06) * height
    scale = min(0.78 * width / (x1 - x0), (floor_y - top_y) / max(y1, 1.0))
    return Camera(scale, width / 2 - scale * (x0 + x1) / 2, floor_y)


class Scene:
    """Draws what surrounds the figure for one motion."""

    def __init__(self, position: str, floor_speed: float, camera: Camera, size, span) -> None:
        """Remember the setting; ``span`` is the figure's (x0, x1) range for the mat."""
        self.position = position
        self.floor_speed = floor_speed
        self.camera = camera
        self.size = size
        self.span = span

    def background(self) -> Image.Image:
        """The still part of every frame: background, floor and mat, or water."""
        image = Image.new("RGB", self.size, BACKGROUND)
        draw = ImageDraw.Draw(image)
        width, height = self.size
        cam = self.camera
        if self.position == "water":
            surface = cam.px((0.0, 0.0))[1]
            draw.rectangle((0, surface, width, height), fill=WATER)
            return image
        ground = -MAT_THICKNESS if self.position in LYING else 0.0
        floor_top = cam.px((0.0, ground))[1]
        draw.rectangle((0, floor_top, width, height), fill=FLOOR)
        draw.line((0, floor_top, width, floor_top), fill=FLOOR_LINE, width=max(2, int(cam.scale)))
        if self.position in LYING:
            left = cam.px((self.span[0] - 14.0, 0.0))
            right = cam.px((self.span[1] + 14.0, ground))
            radius = (right[1] - left[1]) / 2
            draw.rounded_rectangle((*left, *right), radius=radius, fill=MAT, outline=MAT_EDGE)
        return image

    def shapes(self, t: float) -> list[Shape]:
        """Floor marks that scroll backwards while the figure walks or cycles on the spot."""
        if not self.floor_speed:
            return []
        cam, width = self.camera, self.size[0]
        shift = (self.floor_speed * t) % MARK_SPACING
        left = (0 - cam.origin_x) / cam.scale
        right = (width - cam.origin_x) / cam.scale
        first = math.floor(left / MARK_SPACING) * MARK_SPACING - shift
        marks = []
        x = first
        while x < right + MARK_SPACING:
            marks.append(
                Shape(0.0, FLOOR_MARK, tuple(capsule((x, -4.0), (x + 16.0, -4.0), 1.2, 1.2, 4)))
            )
            x += MARK_SPACING
        return marks

    def finish(self, image: Image.Image, t: float, region: tuple[int, int, int, int]) -> None:
        """Water only: tint what is under the surface and draw a moving wave, in place.

        Only ``region`` (left, top, right, bottom) is redrawn; the rest of the picture
        already shows water, which tinting would not change.
        """
        if self.position != "water":
            return
        cam = self.camera
        surface = int(cam.px((0.0, 0.0))[1])
        area = (region[0], max(region[1], surface), region[2], region[3])
        if area[3] > area[1]:
            below = image.crop(area)
            tinted = Image.blend(below, Image.new("RGB", below.size, WATER), 0.42)
            image.paste(tinted, area[:2])
        wave = [
            (x, surface + 0.9 * cam.scale * math.sin(x / (9.0 * cam.scale) - 3.0 * t))
            for x in range(region[0], region[2] + 8, 8)
        ]
        ImageDraw.Draw(image).line(wave, fill=WATER_LINE, width=max(2, int(cam.scale * 0.8)))
