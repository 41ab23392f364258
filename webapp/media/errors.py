"""Errors the media package raises, each with a message a person can act on."""


class MediaError(Exception):
    """Base class: something about a video, its data or its files went wrong."""


class MotionError(MediaError, ValueError):
    """A motion file says something the renderer cannot use (names the file and field)."""


class EncodeError(MediaError, RuntimeError):
    """ffmpeg could not turn the rendered frames into video files."""


class ProbeError(MediaError, ValueError):
    """A file is not a playable video (not a video at all, truncated or corrupt)."""


class TranscodeError(MediaError, RuntimeError):
    """An uploaded recording could not be converted to a web video."""


class RenderError(MediaError, RuntimeError):
    """The frames could not be drawn (no OpenGL context, for instance)."""


class MediaUnavailable(MediaError, RuntimeError):
    """The video packages (PyAV, ffmpeg) are not installed yet on this server."""
