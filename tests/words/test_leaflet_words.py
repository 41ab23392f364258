"""Our sentences are our own: no Dutch text shares a run of 8 words with the patient leaflet.

The leaflet (kiesBeter, "Aspecifieke lage rugpijn") gives us facts, not sentences. A run of 8
or more words in the same order is a copied sentence, except for the few plain facts below
that cannot be said another way without bending them. The leaflet is kept as fingerprints of
its runs (tests/support/leaflet_runs.py), not as text.
"""

from __future__ import annotations

import pytest

from tests.support.dutch_texts import all_texts, words
from tests.support.leaflet_runs import RUN, fingerprint, load, runs

# Shared runs we keep on purpose, each with the reason.
ALLOWED_RUNS = {
    "de meeste pijn binnen 4 tot 6 weken": (
        "the recovery figure (NHG) in its plain form; other words for the numbers or the time "
        "span would change the fact"
    ),
}


def _allowed() -> set[str]:
    """The fingerprints of every run inside an allowed phrase."""
    return {fingerprint(run) for phrase in ALLOWED_RUNS for run in runs(words(phrase))}


def shared_runs(text: str, leaflet: set[str]) -> list[str]:
    """The runs of 8 words a text shares with the leaflet, joined to their longest form."""
    tokens = words(text)
    allowed = _allowed()
    hits = [
        i
        for i, run in enumerate(runs(tokens))
        if fingerprint(run) in leaflet and fingerprint(run) not in allowed
    ]
    found, start, end = [], None, None
    for i in hits:
        if start is not None and i <= end:
            end = i + RUN
            continue
        if start is not None:
            found.append(" ".join(tokens[start:end]))
        start, end = i, i + RUN
    if start is not None:
        found.append(" ".join(tokens[start:end]))
    return found


@pytest.fixture(scope="module")
def leaflet() -> set[str]:
    """The fingerprints of the leaflet's runs of 8 words."""
    return load()


def test_no_dutch_text_repeats_a_run_of_8_words_from_the_leaflet(leaflet):
    copied = [
        f"{text.where}: “{run}”" for text in all_texts() for run in shared_runs(text.text, leaflet)
    ]
    assert not copied, "Sentences taken from the leaflet:\n" + "\n".join(copied)


def test_every_allowed_run_is_in_the_leaflet_and_long_enough(leaflet):
    for phrase in ALLOWED_RUNS:
        assert len(words(phrase)) >= RUN, phrase
        assert {fingerprint(run) for run in runs(words(phrase))} <= leaflet, phrase


def test_the_check_sees_a_copied_sentence_through_other_punctuation_and_case(leaflet):
    # One of the leaflet's own sentences, with its comma dropped and a capital added.
    copied = "Door Te veel rust blijven de klachten juist bestaan, zegt men."
    assert shared_runs(copied, leaflet) == ["door te veel rust blijven de klachten juist bestaan"]


def test_an_allowed_fact_passes_but_a_longer_copy_around_it_does_not(leaflet):
    assert (
        shared_runs("Bij de meeste mensen is de meeste pijn binnen 4 tot 6 weken weg.", leaflet)
        == []
    )
    copied = "Bij 9 op de 10 mensen verdwijnt de meeste pijn binnen 4 tot 6 weken."
    assert shared_runs(copied, leaflet) == [
        "bij 9 op de 10 mensen verdwijnt de meeste pijn binnen 4 tot 6"
    ]
