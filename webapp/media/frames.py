"""Turning a motion into pictures: the posed person in the room, one RGB frame per instant."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
from PIL import Image, ImageDraw

from webapp.media import props, room
from webapp.media.camera import Camera, direction, fit
from webapp.media.gl import Renderer
from webapp.media.motion import Motion
from webapp.media.overlay import draw_overlay
from webapp.media.rig import Posed
from webapp.media.staging import BASES, Stage, mirrored_setup
from webapp.media.timeline import Timeline, mirror_pose

LAYOUT_SAMPLES = 40  # instants looked at to find the space the whole motion needs
TOP_ROOM = 0.2  # share of the picture's height kept for the counter and countdown
GLIDE_SPEED = 0.7  # metres a second a swimmer moves forward
CAPSULES = [  # (from bone, to bone, radius m) for contact darkening on the mat
    ("root", "spine04", 0.13),
    ("spine04", "spine01", 0.14),
    ("neck01", "head", 0.06),
    *(
        (f"{a}.{s}", f"{b}.{s}", r)
        for s in "LR"
        for a, b, r in (
            ("upperarm01", "lowerarm01", 0.05),
            ("lowerarm01", "wrist", 0.04),
            ("wrist", "finger3-1", 0.035),
            ("upperleg01", "lowerleg01", 0.075),
            ("lowerleg01", "foot", 0.055),
            ("foot", "toe3-1", 0.04),
        )
    ),
]


class FrameMaker:
    """Draws the frames of one motion at a size and frame rate."""

    def __init__(self, motion: Motion, width: int, height: int, fps: float) -> None:
        """Lay the motion out in time and solve its start; cameras are fitted when needed."""
        self.motion = motion
        self.size = (width, height)
        self.fps = fps
        self.timeline = Timeline(motion)
        # Whole frames covering the timeline; the last cue is cut to the encoded length.
        self.count = max(math.ceil(self.timeline.duration * fps - 1e-6), 1)
        start = self.timeline.pose_at(0.0)
        self.stages = [Stage(motion.setup, start, self._props(start))]
        if motion.per_side:
            mirrored = mirrored_setup(motion.setup)
            flip = motion.setup.position == "side"  # lie on the other side, facing the camera
            self.stages.append(Stage(mirrored, mirror_pose(start), self._props(start), flip))
        self.travel = self._travel() if motion.travel != "none" else None
        self._fitted: dict[str, Camera] | None = None
        self.renderer: Renderer | None = None
        self._last: tuple | None = None

    @property
    def duration(self) -> float:
        """Length of the encoded video in seconds (whole frames)."""
        return self.count / self.fps

    def _props(self, pose: dict[str, float]) -> dict[str, np.ndarray]:
        """Points hands and feet reach for on a prop (the bike's pedals and handlebar)."""
        return props.bike_points(pose["crank"]) if self.motion.bike else {}

    def placed(self, t: float, skin: bool = True) -> tuple[Posed, np.ndarray | None]:
        """The posed body and its skin at time t, moved along when the exercise travels."""
        pose = self.timeline.pose_at(t)
        stage = self.stages[min(self.timeline.segment_at(t).side, len(self.stages) - 1)]
        placed = stage.place(pose, skin=skin, props=self._props(pose))
        shift = self._shift(t)
        placed.posed.heads += shift
        vertices = None if placed.vertices is None else placed.vertices + shift
        return placed.posed, vertices

    def _shift(self, t: float) -> np.ndarray:
        """How far a walker or swimmer has moved on at time t."""
        if self.travel is None:
            return np.zeros(3)
        times, offsets = self.travel
        return np.array([np.interp(t, times, offsets), 0.0, 0.0])

    def _travel(self) -> tuple[np.ndarray, np.ndarray]:
        """Forward distance over time: a swimmer glides; a walker's standing foot stays put."""
        times = np.linspace(0.0, self.timeline.duration, max(self.count, 2) * 2)
        if self.motion.travel == "glide":
            return times, -GLIDE_SPEED * times  # a swimmer lies head first along -X
        stage = self.stages[0]
        body = stage.body
        feet = [body.bone("foot", side) for side in "lr"]
        offsets, previous = [0.0], None
        for t in times:
            posed = stage.place(self.timeline.pose_at(t), skin=False).posed
            ankles = posed.heads[feet]
            if previous is not None:
                standing = int(np.argmin(previous[:, 2]))
                offsets.append(offsets[-1] - (ankles[standing, 0] - previous[standing, 0]))
            previous = ankles
        return times, np.array(offsets)

    @property
    def cameras(self) -> dict[str, Camera]:
        """The fixed camera of each view, fitted on first use (posing alone needs none)."""
        if self._fitted is None:
            self._fitted = self._cameras()
        return self._fitted

    def _cameras(self) -> dict[str, Camera]:
        """One fixed camera per view used, framing the space the whole motion needs."""
        views = {self.motion.view} | {segment.view for segment in self.timeline.segments}
        stage = self.stages[0]
        every = slice(None, None, 12)  # every 12th vertex outlines the body well enough
        points = []
        for i in range(LAYOUT_SAMPLES + 1):
            t = self.timeline.duration * i / LAYOUT_SAMPLES
            posed, _ = self.placed(t, skin=False)
            # A walker or swimmer is followed: frame them relative to where they have got to.
            points.append(stage.skin(posed, every) - self._shift(t))
        cloud = np.concatenate(points)
        three_quarter = BASES[self.motion.setup.position][1]
        aspect = self.size[0] / self.size[1]
        overlay = self.motion.counter or any(s.hold for s in self.timeline.segments)
        room = TOP_ROOM if overlay else 0.04
        return {view: fit(cloud, direction(view, three_quarter), aspect, room) for view in views}

    def _scene(self) -> Renderer:
        """The GL renderer with the room, made on first use (tests may never draw)."""
        if self.renderer is None:
            pool = self.motion.setup.position in ("water", "pool")
            statics = room.floor(tiles=pool)
            if not pool and not self.motion.bike and self.motion.travel == "none":
                statics += room.mat()
            if self.motion.bike:
                statics += props.bike_frame()
            self.renderer = Renderer(self.stages[0].body, self.size, statics, self.motion.water)
        return self.renderer

    def _camera(self, t: float) -> Camera:
        """The camera of the view playing at t, following a walker or swimmer."""
        camera = self.cameras[self.timeline.segment_at(t).view]
        shift = self._shift(t)
        return Camera(camera.eye + shift, camera.target + shift, camera.aspect)

    def _render(self, t: float) -> np.ndarray:
        """The 3D picture at t; a hold's unchanged frames are drawn once and reused."""
        pose = self.timeline.pose_at(t)
        glow = self.timeline.glow_at(t) if self.motion.highlight else (0.0,) * 4
        segment = self.timeline.segment_at(t)
        key = (tuple(round(v, 5) for v in pose.values()), segment.view, segment.side, glow)
        moving_water = self.motion.water is not None
        if self._last is not None and self._last[0] == key and not moving_water:
            return self._last[1]
        posed, vertices = self.placed(t)
        body = self.stages[0].body
        capsules = [
            (posed.heads[body.names.index(a)], posed.heads[body.names.index(b)], r)
            for a, b, r in CAPSULES
        ]
        extra = props.bike_moving(pose["crank"]) if self.motion.bike else None
        water = (
            room.water_surface(self.motion.water, tuple(posed.heads[0][:2]))
            if moving_water
            else None
        )
        pixels = self._scene().frame(
            vertices, self._camera(t), np.array(glow), capsules, extra, water, time=t
        )
        self._last = (key, pixels)
        return pixels

    def image(self, t: float, overlay: bool = True) -> Image.Image:
        """The frame at time t; the poster leaves out the counter and countdown."""
        picture = Image.fromarray(self._render(t).copy())  # the overlay must not mark the cache
        state = self.timeline.overlay_at(t)
        if overlay and (state.rep or state.remaining is not None):
            draw_overlay(ImageDraw.Draw(picture), state, picture.size)
        return picture

    def times(self) -> list[float]:
        """The instant of every frame."""
        return [i / self.fps for i in range(self.count)]

    def images(self) -> Iterator[Image.Image]:
        """Every frame in order."""
        for t in self.times():
            yield self.image(t)

    def close(self) -> None:
        """Free the GL context."""
        if self.renderer is not None:
            self.renderer.release()
            self.renderer = None
