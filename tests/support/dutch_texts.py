"""Every Dutch text the product shows, with where it comes from, for the word tests.

Sources: the Dutch catalogue (messages.po, with the files that use each message), the [nl]
texts of the exercise files, the Dutch caption cues of the motion files, the literal text of
the templates, and the string literals of the Python code (e.g. the demo data).
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from jinja2 import Environment

from config import ROOT

CATALOGUE = ROOT / "webapp/translations/nl/LC_MESSAGES/messages.po"
EXERCISES = ROOT / "webapp/catalogue/exercises"
MOTIONS = ROOT / "webapp/catalogue/motions"
TEMPLATES = ROOT / "templates"
CODE = ROOT / "webapp"
# Where a message lives when only physiotherapists and admins read it.
STAFF_ONLY = (
    "templates/physio/",
    "templates/admin/",
    "templates/email/safety_alert.",
    "templates/email/patient_resumed.",
    "webapp/physio/",
    "webapp/admin/",
    "webapp/services/workspace/dashboard.py",
)
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class DutchText:
    """One Dutch text and where it was found (a message id, a file and field)."""

    where: str
    text: str
    patient_facing: bool = True


def words(text: str) -> list[str]:
    """The words of a text in lower case, without punctuation or placeholders' signs."""
    text = re.sub(r"%\((\w+)\)[sd]", r"\1", text)
    return [w.lower() for w in WORD.findall(text)]


def _locations() -> dict[str, set[str]]:
    """For each message id, the files that use it (extracted as `make extract-messages` does)."""
    method_map = [
        ("webapp/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    found: dict[str, set[str]] = {}
    keywords = {"_": None, "_l": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords=keywords
    ):
        key = message if isinstance(message, str) else message[0]
        found.setdefault(key, set()).add(filename)
    return found


def catalogue_texts() -> Iterator[DutchText]:
    """Every Dutch msgstr; patient-facing unless every file using it is for staff only."""
    used_in = _locations()
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="nl")
    for message in catalogue:
        if not message.id:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        files = used_in.get(key, set())
        staff = bool(files) and all(f.startswith(STAFF_ONLY) for f in files)
        strings = message.string if isinstance(message.string, tuple | list) else [message.string]
        for text in strings:
            if text:
                yield DutchText(f"messages.po: {key!r}", text, not staff)


def _dutch_strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Every string under a TOML value, with its dotted path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _dutch_strings(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _dutch_strings(item, f"{path}.{key}")


def exercise_texts() -> Iterator[DutchText]:
    """The [nl] section of every exercise file."""
    for path in sorted(EXERCISES.glob("*.toml")):
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        for where, text in _dutch_strings(raw.get("nl", {}), "nl"):
            yield DutchText(f"{path.name}: {where}", text)


def _motion_cues(value: object, path: str) -> Iterator[tuple[str, str]]:
    """Every Dutch caption in a motion file: any table's "nl" string."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "nl" and isinstance(item, str):
                yield path, item
            else:
                yield from _motion_cues(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _motion_cues(item, f"{path}[{index}]")


def motion_texts() -> Iterator[DutchText]:
    """The Dutch caption cues of every motion file."""
    for path in sorted(MOTIONS.glob("*.toml")):
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        for where, text in _motion_cues(raw, ""):
            yield DutchText(f"motions/{path.name}: {where}", text)


def template_texts() -> Iterator[DutchText]:
    """The literal text of every template (outside tags, expressions and comments)."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        parts, inside = [], None
        for _lineno, token, value in env.lexer.tokeniter(path.read_text(encoding="utf-8"), None):
            if inside is not None:
                inside = None if token == inside else inside
            elif token == "data":
                parts.append(value)
            elif token.endswith("_begin"):
                inside = token.replace("_begin", "_end")
        text = re.sub(r"<[^>]*>", " ", " ".join(parts))
        yield DutchText(f"{path.relative_to(ROOT)}", text)


def code_texts() -> Iterator[DutchText]:
    """Every string literal in the app's Python code (demo notes, defaults)."""
    for path in sorted(CODE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield DutchText(f"{path.relative_to(ROOT)}:{node.lineno}", node.value)


def all_texts() -> list[DutchText]:
    """Every source above."""
    return [
        *catalogue_texts(),
        *exercise_texts(),
        *motion_texts(),
        *template_texts(),
        *code_texts(),
    ]
