"""Captions: valid WebVTT with ordered cues inside the video, and plain transcripts."""

from __future__ import annotations

import pytest

from webapp.media.captions import timestamp, transcript, webvtt


def test_timestamps_have_hours_minutes_seconds_and_milliseconds():
    """WebVTT wants HH:MM:SS.mmm."""
    assert timestamp(0) == "00:00:00.000"
    assert timestamp(7.25) == "00:00:07.250"
    assert timestamp(3661.0004) == "01:01:01.000"


def test_webvtt_numbers_cues_and_escapes_markup():
    """A header, blank lines between cues, and <, > and & written as entities."""
    text = webvtt([(0.0, 2.0, "Adem in"), (2.0, 4.5, "Knie <-> borst & terug")], 5.0)
    assert text == (
        "WEBVTT\n\n"
        "1\n00:00:00.000 --> 00:00:02.000\nAdem in\n\n"
        "2\n00:00:02.000 --> 00:00:04.500\nKnie &lt;-&gt; borst &amp; terug\n"
    )


@pytest.mark.parametrize(
    "cues",
    [
        [(0.0, 3.0, "a"), (2.0, 4.0, "b")],  # overlap
        [(1.0, 1.0, "a")],  # empty
        [(0.0, 6.0, "a")],  # past the end
        [(0.0, 1.0, " ")],  # no words
    ],
)
def test_webvtt_refuses_cues_that_do_not_fit(cues):
    """Overlapping, empty or too long cues are a bug, not a caption."""
    with pytest.raises(ValueError, match="cue"):
        webvtt(cues, 5.0)


def test_transcript_rounds_to_milliseconds():
    """JSON-friendly lists for the manifest."""
    assert transcript([(0.0, 1.23456, "Laat los")]) == [[0.0, 1.235, "Laat los"]]


def test_readable_cues_pass_and_hurried_ones_are_named():
    """At least 1.5 s, at most 17 characters a second; a safety cue needs 3 s or more."""
    from webapp.media.captions import readability_problems

    assert (
        readability_problems([(0.0, 1.5, "Adem in"), (1.5, 4.0, "Til uw billen langzaam op")]) == []
    )
    too_short = readability_problems([(0.0, 1.4, "Adem in")])
    assert len(too_short) == 1 and "'Adem in'" in too_short[0] and "1.50 s" in too_short[0]
    too_fast = readability_problems([(0.0, 2.0, "Til hoofd en schouders een klein stukje op")])
    assert "2.47 s" in too_fast[0]  # 42 characters need 42 / 17 seconds
    safety = [(0.0, 2.6, "Stop als de pijn uitstraalt")]
    assert readability_problems(safety) and "safety" in readability_problems(safety)[0]
    assert readability_problems([(0.0, 3.0, "Stop als de pijn uitstraalt")]) == []
