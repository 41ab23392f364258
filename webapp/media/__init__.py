"""Demonstration videos: a 3D person posed from motion files, encoded with the bundled ffmpeg.

The app calls ``render_catalogue`` and ``load_manifest`` for the built-in catalogue, and
``probe`` and ``transcode_to_mp4`` for physiotherapists' own recordings. Rendering needs
moderngl on Mesa's EGL; reading the manifest and probing do not.
"""

from webapp.media.errors import (
    EncodeError,
    MediaError,
    MotionError,
    ProbeError,
    RenderError,
    TranscodeError,
)
from webapp.media.manifest import load_manifest
from webapp.media.probe import Probe, probe, transcode_to_mp4
from webapp.media.render import RENDERER_VERSION, RenderReport, render_catalogue, render_exercise

__all__ = [
    "RENDERER_VERSION",
    "EncodeError",
    "MediaError",
    "MotionError",
    "Probe",
    "ProbeError",
    "RenderError",
    "RenderReport",
    "TranscodeError",
    "load_manifest",
    "probe",
    "render_catalogue",
    "render_exercise",
    "transcode_to_mp4",
]
