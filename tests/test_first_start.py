"""The first start: `make run` serves pages before the scheduler's packages and any video."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import time
from importlib.metadata import packages_distributions

from config import ROOT
from webapp.devserver import Processes, commands, start_behind


def run_recipe() -> list[str]:
    """The commands of the Makefile's ``run`` target, in order."""
    text = (ROOT / "Makefile").read_text()
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", text, re.M)[1]
    return [line.strip() for line in recipe.splitlines()]


def pins(name: str) -> dict[str, str]:
    """A requirements file's pinned distributions (lower-case names) and their versions."""
    found = {}
    for line in (ROOT / name).read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            dist, version = line.split("==")
            found[dist.strip().lower().replace("_", "-")] = version.strip()
    return found


def scheduler_only_modules() -> list[str]:
    """Top-level modules that come only from requirements.txt's packages beyond the web set."""
    extra = set(pins("requirements.txt"))
    owners = packages_distributions()
    return sorted(
        module
        for module, dists in owners.items()
        if dists and all(d.lower().replace("_", "-") in extra for d in dists)
    )


def test_make_run_renders_no_video_before_the_server_starts():
    steps = run_recipe()
    assert "-m webapp.devserver" in steps[-1]
    assert not any("videos render" in step for step in steps)


def test_make_run_installs_only_the_web_set_before_the_server_starts():
    prerequisites = re.search(r"^run:(.*)$", (ROOT / "Makefile").read_text(), re.M)[1].split()
    assert "$(VENV)/.web" in prerequisites
    assert "$(VENV)/.runtime" not in prerequisites
    assert "--first" in run_recipe()[-1] and "$(VENV)/.runtime" in run_recipe()[-1]


def test_requirements_txt_is_the_web_set_plus_the_schedulers_packages():
    text = (ROOT / "requirements.txt").read_text()
    assert "-r requirements-web.txt" in text.splitlines()
    web, rest = pins("requirements-web.txt"), pins("requirements.txt")
    assert not set(web) & set(rest)  # each pin written once
    assert {"av", "numpy", "moderngl", "imageio-ffmpeg", "pywebpush"} <= set(rest)
    assert {"flask", "sqlalchemy", "flask-login", "apscheduler", "babel"} <= set(web)


def test_the_site_serves_pages_without_the_schedulers_packages(tmp_path):
    modules = scheduler_only_modules()
    assert {"av", "numpy", "moderngl", "imageio_ffmpeg", "pywebpush"} <= set(modules)
    # A fresh process in which those packages cannot be imported, as before they are installed.
    script = textwrap.dedent(
        """
        import json, os, sys
        modules, folder = json.loads(sys.argv[1]), sys.argv[2]
        for name in modules:
            sys.modules[name] = None
        os.environ.update(
            RUGCOACH_ENV="testing", DATABASE_URL=f"sqlite:///{folder}/first.db",
            OUTBOX_DIR=f"{folder}/outbox",
        )
        from webapp import create_app
        app = create_app()
        result = app.test_cli_runner().invoke(args=["prepare", "--demo"])
        assert result.exit_code == 0, result.output
        from tests.support.client import post_form
        codes = {}
        for email, pages in (
            ("fysio@example.org", ["/physio/", "/physio/videos"]),
            ("daan@example.org", ["/today", "/progress", "/exercises"]),
        ):
            client = app.test_client()
            form = {"email": email, "password": "rugcoach-demo"}
            codes[email] = post_form(client, "/login", form).status_code
            codes.update((page, client.get(page).status_code) for page in pages)
        assert set(codes.values()) <= {200, 302} and list(codes.values()).count(302) == 2, codes
        loaded = [name for name in modules if sys.modules.get(name) is not None]
        assert not loaded, loaded
        print("served")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(modules), str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "served" in done.stdout


def test_changed_videos_render_beside_the_running_server():
    services, background = commands("python", "5000")
    assert [argv[-2:] for argv in background] == [["videos", "render"]]
    assert not any("render" in argv for argv in services)


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_the_scheduler_starts_only_after_the_rest_is_installed(tmp_path):
    marker = tmp_path / "installed"
    processes = Processes()
    install = _python(
        f"import time, pathlib; time.sleep(0.3); pathlib.Path({str(marker)!r}).touch()"
    )
    # The "scheduler" exits 0 only when it finds the install finished before it started.
    scheduler = _python(
        f"import pathlib, sys; sys.exit(0 if pathlib.Path({str(marker)!r}).exists() else 3)"
    )
    start_behind(processes, install, [scheduler])
    assert len(processes.services) == 1
    assert processes.services[0].wait(timeout=30) == 0


def test_a_failed_install_keeps_the_site_and_says_why(tmp_path, capsys):
    processes = Processes()
    start_behind(processes, _python("import sys; sys.exit(1)"), [_python("pass")])
    assert processes.services == []
    assert "could not install requirements.txt" in capsys.readouterr().err


def test_stopping_stops_every_child_and_starts_no_new_one():
    processes = Processes()
    processes.start(_python("import time; time.sleep(60)"), service=True)
    started = time.monotonic()
    processes.stop()
    assert time.monotonic() - started < 15
    assert processes.services[0].returncode is not None
    processes.start(_python("pass"), service=True)
    assert len(processes.services) == 1
