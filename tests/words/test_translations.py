"""Dutch is complete: every string the code and templates use has a Dutch translation."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from config import ROOT

CATALOGUE = ROOT / "webapp/translations/nl/LC_MESSAGES/messages.po"


def _extract(tmp_path: Path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from babel.messages.frontend import main; main()",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        return read_po(handle)


def test_every_message_has_a_dutch_translation(tmp_path):
    template = _extract(tmp_path)
    with CATALOGUE.open("rb") as handle:
        dutch = read_po(handle, locale="nl")
    missing = []
    for message in template:
        if not message.id:
            continue
        translated = dutch.get(message.id)
        strings = translated.string if translated else None
        ok = all(strings) if isinstance(strings, tuple | list) else bool(strings)
        if not ok or (translated and translated.fuzzy):
            missing.append(message.id)
    assert not missing, f"{len(missing)} message(s) without a Dutch translation: {missing[:10]}"


def test_dutch_placeholders_match_the_source():
    with CATALOGUE.open("rb") as handle:
        dutch = read_po(handle, locale="nl")
    for message in dutch:
        if not message.id:
            continue
        errors = list(message.check(dutch))
        assert not errors, f"{message.id!r}: {errors}"
