"""Operator commands on a database they cannot use: the cause in one line, never a traceback."""

from __future__ import annotations

import pytest

from tests.support.smtp import free_port
from webapp import create_app


def _runner(tmp_path, database_url: str):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "VIDEO_DIR": str(tmp_path / "videos"),
        }
    )
    return app, app.test_cli_runner()


COMMANDS = [
    ["seed-demo"],
    ["catalogue", "load"],
    ["videos", "render", "--only", "walking"],
    ["create-user", "someone@example.org", "--password", "a long enough password"],
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(args[:2]))
def test_a_database_without_tables_is_named_with_the_fix(tmp_path, args):
    app, runner = _runner(tmp_path, f"sqlite:///{tmp_path / 'new.db'}")
    result = runner.invoke(args=args)
    app.extensions["rugcoach.engine"].dispose()
    assert result.exit_code == 1
    assert "database error: no such table" in result.output
    assert "flask --app webapp db upgrade" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "videos" / "manifest.json").exists()  # failed before rendering


@pytest.mark.parametrize(
    "args", [*COMMANDS, ["db", "upgrade"]], ids=lambda args: " ".join(args[:2])
)
def test_an_unreachable_database_is_named(tmp_path, args):
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/nowhere"
    app, runner = _runner(tmp_path, url)
    result = runner.invoke(args=args)
    app.extensions["rugcoach.engine"].dispose()
    assert result.exit_code == 1, result.output
    assert "database error:" in result.output and "Check DATABASE_URL." in result.output
    assert "Traceback" not in result.output
