"""The first start: `make run` serves pages before any video is rendered."""

from __future__ import annotations

import re

from config import ROOT
from webapp.devserver import commands


def run_recipe() -> list[str]:
    """The commands of the Makefile's ``run`` target, in order."""
    text = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", text, re.M)[1]
    return [line.strip() for line in recipe.splitlines()]


def test_make_run_renders_no_video_before_the_server_starts():
    steps = run_recipe()
    assert steps[-1].endswith("-m webapp.devserver")
    assert not any("videos render" in step for step in steps)


def test_changed_videos_render_beside_the_running_server():
    services, background = commands("python", "5000")
    assert [argv[-2:] for argv in background] == [["videos", "render"]]
    assert not any("render" in argv for argv in services)
