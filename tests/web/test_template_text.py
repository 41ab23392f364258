"""Every word a template shows goes through gettext, so both languages are complete.

Each template is split with the app's own Jinja lexer: only the literal "data" between tags
and expressions can hold untranslated text. Expressions become a neutral placeholder, the
HTML is parsed, and any letters left in text or in user-visible attributes fail the test.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import Environment

from config import ROOT

TEMPLATES = ROOT / "templates"
# Stands in for a {{ ... }} expression: not a letter, so translated output never fails.
PLACEHOLDER = "\ue000"

# Words that are the same in every language, on purpose.
ALLOWED = {
    "Rugcoach",  # the brand name
    "Nederlands",  # each language is named in its own language on the switcher,
    "English",  # so a visitor who cannot read the current one still finds theirs
}
# Attributes that a person sees or hears (tooltips, screen-reader names, placeholders).
VISIBLE_ATTRIBUTES = {
    "alt",
    "title",
    "placeholder",
    "aria-label",
    "aria-roledescription",
    "aria-valuetext",
    "label",
}
# Inputs whose value is the text on the button (a <button>'s value is never shown).
BUTTON_INPUTS = {"submit", "button", "reset"}
# Elements whose content is code, not text.
CODE_ELEMENTS = {"script", "style"}


def _templates() -> list[Path]:
    """Every template file, email bodies included."""
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt"})


def skeleton(env: Environment, source: str) -> str:
    """The template's literal text with expressions as placeholders and statements removed."""
    parts, inside = [], None
    for _lineno, token, value in env.lexer.tokeniter(source, None):
        if inside is not None:
            if token == inside:
                inside = None
            continue
        if token == "data":
            parts.append(value)
        elif token == "variable_begin":
            parts.append(PLACEHOLDER)
            inside = "variable_end"
        elif token == "block_begin":
            inside = "block_end"
        elif token == "comment_begin":
            inside = "comment_end"
        elif token == "linecomment_begin":
            inside = "linecomment_end"
    # A tag whose name is an expression (<{{ h }} ...>) is still a tag.
    return re.sub("<(/?)" + PLACEHOLDER, r"<\1x-expression", "".join(parts))


def untranslated_words(text: str) -> list[str]:
    """The words in ``text`` that contain letters and are not on the allow-list."""
    words = re.findall(r"[^\s" + PLACEHOLDER + r"]+", text)
    found = []
    for word in words:
        bare = word.strip(".,:;!?()[]{}\"'«»“”‘’·•-–—/|")
        if bare in ALLOWED:
            continue
        if any(unicodedata.category(ch).startswith("L") for ch in bare):
            found.append(word)
    return found


class _TextFinder(HTMLParser):
    """Collects literal text and visible attribute values that contain words."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._code_depth = 0

    def handle_starttag(self, tag, attrs):
        """Check the attributes a person perceives; note when code starts."""
        if tag in CODE_ELEMENTS:
            self._code_depth += 1
        values = dict(attrs)
        for name, value in attrs:
            visible = name in VISIBLE_ATTRIBUTES or (
                name == "value" and tag == "input" and values.get("type") in BUTTON_INPUTS
            )
            if visible and value and untranslated_words(value):
                self.problems.append(f'<{tag} {name}="{value}">')

    def handle_startendtag(self, tag, attrs):
        """A self-closing tag has the same attributes to check."""
        self.handle_starttag(tag, attrs)
        if tag in CODE_ELEMENTS:
            self._code_depth -= 1

    def handle_endtag(self, tag):
        """Leave code."""
        if tag in CODE_ELEMENTS and self._code_depth:
            self._code_depth -= 1

    def handle_data(self, data):
        """Text between tags must not hold words."""
        if self._code_depth:
            return
        words = untranslated_words(data)
        if words:
            self.problems.append(" ".join(words))


def problems_in(env: Environment, source: str) -> list[str]:
    """What in one template's source is shown to people without gettext."""
    finder = _TextFinder()
    finder.feed(skeleton(env, source))
    finder.close()
    return finder.problems


@pytest.fixture(scope="module")
def jinja_env():
    """The app's Jinja environment (its delimiters and extensions)."""
    from webapp import create_app

    app = create_app({"DATABASE_URL": "sqlite://"})
    yield app.jinja_env
    app.extensions["rugcoach.engine"].dispose()


def test_every_template_text_goes_through_gettext(jinja_env):
    found = {}
    for path in _templates():
        problems = problems_in(jinja_env, path.read_text(encoding="utf-8"))
        if problems:
            found[str(path.relative_to(TEMPLATES))] = problems
    report = "\n".join(f"{name}: {' | '.join(items)}" for name, items in found.items())
    assert not found, "Text outside gettext (wrap it in {{ _('...') }}):\n" + report


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('<p>{{ _("Hello") }}</p>', []),
        ("<p>Hello</p>", ["Hello"]),
        ('<img alt="A back" src="{{ url }}">', ['<img alt="A back">']),
        ('<img alt="{{ _("A back") }}">', []),
        ('<input type="submit" value="Send">', ['<input value="Send">']),
        ('<button name="locale" value="nl">{{ _("Dutch") }}</button>', []),
        ("{% if x %}Yes{% endif %}", ["Yes"]),
        ("{# a note #}<title>{% block t %}{% endblock %} · Rugcoach</title>", []),
        ("<style>body { color: red; }</style>&nbsp;&rarr; 3 × {{ n }}", []),
        ('<{{ h }} id="a-heading">{{ name }}</{{ h }}>', []),
    ],
)
def test_the_check_finds_literal_text_and_passes_translated_text(jinja_env, source, expected):
    assert problems_in(jinja_env, source) == expected
