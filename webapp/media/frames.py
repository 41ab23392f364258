"""Turning a motion into pictures: one anti-aliased RGB frame per instant."""

from __future__ import annotations

import math
from collections.abc import Iterator

from PIL import Image, ImageDraw

from webapp.media.bike import bike_shapes
from webapp.media.figure import Shape
from webapp.media.motion import Motion
from webapp.media.overlay import draw_overlay
from webapp.media.scene import Scene, fit_camera
from webapp.media.staging import Stage
from webapp.media.timeline import Timeline

# Drawn at twice the size and halved: Pillow's polygons have no anti-aliasing of their own.
SUPERSAMPLE = 2
LAYOUT_SAMPLES = 120  # instants looked at to find the space the whole motion needs


class FrameMaker:
    """Draws the frames of one motion at a size and frame rate."""

    def __init__(self, motion: Motion, width: int, height: int, fps: int) -> None:
        """Lay the motion out in time and fit the camera to everything it will show."""
        self.motion = motion
        self.size = (width, height)
        self.fps = fps
        self.timeline = Timeline(motion)
        self.stage = Stage(motion, self.timeline)
        # Whole frames covering the timeline; the last cue is cut to the encoded length.
        self.count = max(math.ceil(self.timeline.duration * fps - 1e-6), 1)
        box = self._extent()
        big = (width * SUPERSAMPLE, height * SUPERSAMPLE)
        overlay = motion.counter or any(step.hold for step in motion.rep)
        self.camera = fit_camera(box, motion.position, big, overlay)
        self.scene = Scene(motion.position, motion.floor_speed, self.camera, big, (box[0], box[2]))
        self.backdrop = self.scene.background()
        self._canvas = self.backdrop.copy()
        self._frame = self.backdrop.reduce(SUPERSAMPLE)
        self._last_box: tuple[int, int, int, int] | None = None

    @property
    def duration(self) -> float:
        """Length of the encoded video in seconds (whole frames)."""
        return self.count / self.fps

    def _props(self, pose: dict[str, float]) -> list[Shape]:
        """The bicycle, when the figure rides one."""
        return bike_shapes(pose["crank"]) if self.motion.position == "bike" else []

    def _extent(self) -> tuple[float, float, float, float]:
        """The world box (x0, y0, x1, y1) the figure and its props fill over the motion."""
        xs: list[float] = []
        ys: list[float] = []
        steps = min(LAYOUT_SAMPLES, self.count)
        for i in range(steps + 1):
            shapes, pose = self.stage.shapes_at(self.timeline.duration * i / steps)
            for shape in shapes + self._props(pose):
                xs.extend(x for x, _ in shape.points)
                ys.extend(y for _, y in shape.points)
        return (min(xs), min(ys), max(xs), max(ys))

    def _changed_box(self, polygons: list, overlay: bool) -> tuple[int, int, int, int]:
        """The part of the big picture this frame draws on, on even pixel edges."""
        width, height = self.backdrop.size
        xs = [x for _, points in polygons for x, _ in points]
        ys = [y for _, points in polygons for _, y in points]
        margin = 4 * SUPERSAMPLE
        box = [min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin]
        if overlay:
            box[1] = 0  # the counter and countdown live in the top strip
            box[0], box[2] = 0, width
        if self.motion.position == "water":
            surface = self.camera.px((0.0, 0.0))[1]
            box[0], box[2] = 0, width  # the wave runs across the whole picture
            box[1] = min(box[1], surface - 2 * self.camera.scale)
            box[3] = max(box[3], surface + 2 * self.camera.scale)
        left, top = max(int(box[0]) // 2 * 2, 0), max(int(box[1]) // 2 * 2, 0)
        right = min(math.ceil(box[2] / 2) * 2, width)
        bottom = min(math.ceil(box[3] / 2) * 2, height)
        return (left, top, right, bottom)

    def _render(self, t: float, overlay: bool = True) -> Image.Image:
        """Draw the frame at time t into the reused picture and return it.

        Only the area that changed since the previous frame is restored, drawn and
        shrunk: copying and halving whole pictures would cost more than the drawing.
        """
        shapes, pose = self.stage.shapes_at(t)
        shapes = sorted(shapes + self._props(pose) + self.scene.shapes(t), key=lambda s: s.z)
        px = self.camera.px
        polygons = [(shape.fill, [px(point) for point in shape.points]) for shape in shapes]
        state = self.timeline.overlay_at(t)
        shown = overlay and bool(state.rep or state.remaining is not None)
        box = self._changed_box(polygons, shown)
        region = box
        if self._last_box is not None:
            region = (
                *map(min, box[:2], self._last_box[:2]),
                *map(max, box[2:], self._last_box[2:]),
            )
        self._last_box = box
        self._canvas.paste(self.backdrop.crop(region), region[:2])
        draw = ImageDraw.Draw(self._canvas)
        for fill, points in polygons:
            draw.polygon(points, fill=fill)
        self.scene.finish(self._canvas, t, region)
        if shown:
            draw_overlay(draw, state, self._canvas.size)
        small = self._canvas.crop(region).reduce(SUPERSAMPLE)
        self._frame.paste(small, (region[0] // SUPERSAMPLE, region[1] // SUPERSAMPLE))
        return self._frame

    def image(self, t: float, overlay: bool = True) -> Image.Image:
        """The frame at time t as a picture of its own; the poster leaves out the overlay."""
        return self._render(t, overlay).copy()

    def times(self) -> list[float]:
        """The instant of every frame."""
        return [i / self.fps for i in range(self.count)]

    def images(self) -> Iterator[Image.Image]:
        """Every frame in order; each picture is reused for the next frame, so use it first."""
        for t in self.times():
            yield self._render(t)
