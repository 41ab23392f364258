"""Demonstration videos: a 3D person posed from motion files, encoded with the bundled ffmpeg.

The app calls ``render_catalogue`` and ``load_manifest`` for the built-in catalogue, and
``probe`` and ``transcode_to_mp4`` for physiotherapists' own recordings. Rendering needs
moderngl on Mesa's EGL; reading the manifest and probing do not.
"""

from importlib import import_module

# Where each public name lives. They are imported on first use, so the web server, which
# reads the manifest and probes uploads, never loads numpy or OpenGL, and serves pages before
# the scheduler's packages (requirements.txt beyond requirements-web.txt) are installed.
_HOMES = {
    "EncodeError": "errors",
    "MediaError": "errors",
    "MediaUnavailable": "errors",
    "MotionError": "errors",
    "ProbeError": "errors",
    "RenderError": "errors",
    "TranscodeError": "errors",
    "load_manifest": "manifest",
    "Probe": "probe",
    "probe": "probe",
    "transcode_to_mp4": "probe",
    "RENDERER_VERSION": "render",
    "RenderReport": "render",
    "render_catalogue": "render",
    "render_exercise": "render",
}


def __getattr__(name: str):
    """Import a public name's module when the name is first asked for."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)


__all__ = [
    "RENDERER_VERSION",
    "EncodeError",
    "MediaError",
    "MediaUnavailable",
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
