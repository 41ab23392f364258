"""Plain Dutch (B1) for patients: no sentence in their texts is longer than 20 words.

Checked: every Dutch message a patient can see (messages used only on physio or admin pages
are left out) and the Dutch texts of the exercise files. A sentence ends at . ! or ? (a
colon or semicolon does not end it).
"""

from __future__ import annotations

import re

from tests.support.dutch_texts import catalogue_texts, exercise_texts, words

LIMIT = 20
# Sentences that may be longer, each with the reason (matched on their first words). None is
# needed today: every long sentence could be split without losing its meaning.
ALLOWED_LONG: dict[str, str] = {}


def sentences(text: str) -> list[str]:
    """The sentences of a text: split after . ! or ? followed by a space or the end."""
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text.strip()) if s.strip()]


def too_long(text: str) -> list[str]:
    """The sentences of a text longer than the limit, unless allowed."""
    return [
        s
        for s in sentences(text)
        if len(words(s)) > LIMIT and not any(s.startswith(start) for start in ALLOWED_LONG)
    ]


def test_no_patient_sentence_is_longer_than_20_words():
    texts = [t for t in (*catalogue_texts(), *exercise_texts()) if t.patient_facing]
    long = [f"{t.where}: ({len(words(s))} words) {s}" for t in texts for s in too_long(t.text)]
    assert not long, f"{len(long)} sentence(s) over {LIMIT} words:\n" + "\n".join(long)
    unused = [start for start in ALLOWED_LONG if not any(start in t.text for t in texts)]
    assert not unused, f"allowed but no longer in use: {unused}"


def test_the_sentence_count_sees_every_sentence(monkeypatch):
    long = " ".join(["woord"] * 21) + "?"
    text = f"Kort. {long} Ook kort!"
    assert [len(words(s)) for s in sentences(text)] == [1, 21, 2]
    assert too_long(text) == [long]
    monkeypatch.setitem(ALLOWED_LONG, "woord woord", "a test of the allow-list")
    assert too_long(text) == []


def test_physio_only_messages_are_left_out_and_patient_messages_kept():
    by_id = {t.where: t for t in catalogue_texts()}
    assert not by_id["messages.po: 'Red-flag answer'"].patient_facing
    assert by_id["messages.po: 'Call your GP: %(number)s'"].patient_facing
