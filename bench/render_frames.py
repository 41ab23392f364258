"""How long the 3D demonstration videos take to draw: posing and rendering per frame.

Prints figures for one exercise (default: the bridge) at the catalogue's size; not a test.
Run: .venv/bin/python bench/render_frames.py [slug]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from webapp.media.frames import FrameMaker  # noqa: E402 (after the path is set)
from webapp.media.motion import load_motion  # noqa: E402
from webapp.media.render import FPS, HEIGHT, WIDTH  # noqa: E402


def main(slug: str = "bridge") -> None:
    """Time the setup, then posing alone and posing plus drawing over moving frames."""
    started = time.perf_counter()
    maker = FrameMaker(
        load_motion(ROOT / "webapp/catalogue/motions" / f"{slug}.toml"), WIDTH, HEIGHT, FPS
    )
    maker.image(0.0)
    print(f"{slug}: set-up and first frame {time.perf_counter() - started:.2f} s")
    moving = [s for s in maker.timeline.segments if not s.hold and s.after != s.before][:2]
    times = [t for s in moving for t in (s.start + (s.end - s.start) * k / 8 for k in range(8))]
    started = time.perf_counter()
    for t in times:
        maker.placed(t)
    posing = (time.perf_counter() - started) / len(times)
    started = time.perf_counter()
    for t in times:
        maker.image(t + 1e-3)
    frame = (time.perf_counter() - started) / len(times)
    print(f"posing {posing * 1000:.0f} ms a frame; posing and drawing {frame * 1000:.0f} ms")
    frames = maker.count
    print(
        f"{frames} frames ({maker.duration:.1f} s at {FPS:g} fps): at most {frames * frame:.0f} s"
    )
    maker.close()


if __name__ == "__main__":
    main(*sys.argv[1:2])
