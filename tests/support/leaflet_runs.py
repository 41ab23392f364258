"""Fingerprints of the patient leaflet's runs of 8 words, so the test needs no copy of its text.

The leaflet (kiesBeter, "Aspecifieke lage rugpijn") is not ours to redistribute; the test only
needs to know whether a run of words occurs in it. Rebuild the file after a new version:
``python -m tests.support.leaflet_runs path/to/leaflet.txt > tests/data/leaflet-runs.txt``.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from tests.support.dutch_texts import words

RUN = 8
FINGERPRINTS = Path(__file__).parent.parent / "data" / "leaflet-runs.txt"


def fingerprint(run: tuple[str, ...]) -> str:
    """A short, stable hash of a run of words."""
    return hashlib.blake2b(" ".join(run).encode(), digest_size=8).hexdigest()


def runs(tokens: list[str], size: int = RUN) -> list[tuple[str, ...]]:
    """Every run of ``size`` consecutive words, in order."""
    return [tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]


def load() -> set[str]:
    """The stored fingerprints of the leaflet's runs."""
    lines = FINGERPRINTS.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def main(path: str) -> None:
    """Print the fingerprints of a leaflet text, one a line, sorted."""
    tokens = words(Path(path).read_text(encoding="utf-8"))
    print(f"# {RUN}-word runs of the kiesBeter leaflet, blake2b-64 of the lower-case words")
    for value in sorted({fingerprint(run) for run in runs(tokens)}):
        print(value)


if __name__ == "__main__":
    main(sys.argv[1])
