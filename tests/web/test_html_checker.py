"""The Nu Html Checker finds no error on the main pages of every role.

The checker is vnu-jar from npm, run on Debian's Java; `make test` (or `make vnu`) installs
it into .tools/. It is never skipped: without it this test fails and says how to get it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from config import ROOT
from tests.support.client import answer_safety_check

VNU_JAR = ROOT / ".tools" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = {
    None: ["/", "/login", "/register", "/password/forgot", "/privacy"],
    "patient@example.org": [
        "/today",
        "/progress",
        "/exercises",
        "/learn/",
        "/messages",
        "/reminders",
        "/safety/check",
        "/account",
        "/account/data",
        "/account/delete",
        "/account/access-log",
    ],
    "physio@example.org": [
        "/physio/",
        "/physio/invite",
        "/physio/videos",
        "/physio/patients/{patient}",
        "/account",
        "/account/two-factor",
    ],
    "admin@example.org": ["/admin/", "/admin/users", "/admin/audit", "/admin/outbox", "/account"],
}


def _checker() -> list[str]:
    """The command that runs the checker; fails the test when it cannot run."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail(
            f"The Nu Html Checker cannot run (java: {java}, {VNU_JAR.relative_to(ROOT)}: "
            f"{'present' if VNU_JAR.exists() else 'missing'}); run `make vnu`"
        )
    return [java, "-Xss2m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def _save_pages(app, tmp_path: Path, patient_id: int) -> list[Path]:
    """Every page as each role sees it, written to a file the checker reads."""
    saved = []
    for who, paths in PAGES.items():
        client = app.test_client()
        if who is not None:
            from tests.support.client import post_form

            post_form(client, "/login", {"email": who, "password": "correct horse battery"})
            if who.startswith("patient"):
                answer_safety_check(client)
        for path in paths:
            url = path.format(patient=patient_id)
            response = client.get(url)
            assert response.status_code == 200, (who, url, response.status_code)
            name = f"{who or 'anonymous'}{url}".replace("/", "_").replace("@", "-") + ".html"
            target = tmp_path / name
            target.write_bytes(response.get_data())
            saved.append(target)
    return saved


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_main_pages_of_every_role_have_no_html_errors(
    app, db, patient, physio, admin, plan, tmp_path
):
    command = _checker()
    files = _save_pages(app, tmp_path, patient.id)
    result = subprocess.run(
        [*command, *map(str, files)], capture_output=True, text=True, timeout=300, check=False
    )
    report = json.loads(result.stderr or '{"messages": []}')
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')}"
        for m in report["messages"]
        if m.get("type") == "error"
    ]
    assert len(files) >= 25
    assert errors == [], "\n".join(errors)
