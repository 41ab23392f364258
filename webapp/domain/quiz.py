"""The misconception quiz as data: five questions, their options and the true answer.

The questions check the three misconceptions the patient leaflet corrects (a clear cause,
pain means damage, rest is best), how long back pain usually lasts, and what to do on a day
with more pain during a time-contingent build-up. The words live in webapp/learn/quiz.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    """A question: its id, the option keys in the order shown, and the true one."""

    id: str
    options: tuple[str, ...]
    correct: str


TRUE_FALSE = ("true", "false")

QUESTIONS: tuple[Question, ...] = (
    Question("cause", TRUE_FALSE, "false"),
    Question("damage", TRUE_FALSE, "false"),
    Question("rest", TRUE_FALSE, "false"),
    Question("duration", ("weeks", "months", "never"), "weeks"),
    Question("bad_day", ("plan_amount", "skip", "extra_later"), "plan_amount"),
)


def score(answers: dict[str, str]) -> int:
    """How many questions were answered with the true option."""
    return sum(answers.get(q.id) == q.correct for q in QUESTIONS)
