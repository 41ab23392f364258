"""Back to the exercises after an urgent outcome (CLINICAL.md, red flags, refinements).

A tick of the patient's own, at once, is not enough. Either the physiotherapist confirms
that a doctor has seen the patient, or the patient states who saw them, on which day, and
that the doctor said they may exercise again; then the physio is told and can pause the plan
again. A plan the physio paused themselves is never resumed by either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class SeenBy(StrEnum):
    """Who saw the patient after the urgent outcome, in the patient's words."""

    GP = "gp"
    OUT_OF_HOURS = "out_of_hours"  # the huisartsenpost
    HOSPITAL = "hospital"  # the emergency department or a specialist
    OTHER_DOCTOR = "other_doctor"


class ConfirmedBy(StrEnum):
    """Who closed the urgent outcome."""

    PHYSIO = "physio"
    PATIENT = "patient"


class Problem(StrEnum):
    """Why a patient's statement cannot close the urgent outcome."""

    WHO = "who"  # no doctor named
    WHEN = "when"  # no day given
    BEFORE_CHECK = "before_check"  # seen before the check that said "call now"
    IN_FUTURE = "in_future"
    NOT_CLEARED = "not_cleared"  # the doctor did not say exercising is fine


@dataclass(frozen=True)
class Statement:
    """What the patient states about being seen."""

    seen_by: SeenBy | None
    seen_on: date | None
    may_exercise: bool


@dataclass(frozen=True)
class Resumption:
    """What follows from a confirmation."""

    resume: bool  # a plan paused by the check runs again
    tell_physio: bool  # the physio gets a flag and an email
    physio_may_pause_again: bool  # the physio's page offers to pause it again


def statement_problems(statement: Statement, *, check_day: date, today: date) -> list[Problem]:
    """Everything that keeps a statement from counting; an empty list means it counts."""
    problems = []
    if statement.seen_by is None:
        problems.append(Problem.WHO)
    if statement.seen_on is None:
        problems.append(Problem.WHEN)
    elif statement.seen_on < check_day:
        problems.append(Problem.BEFORE_CHECK)
    elif statement.seen_on > today:
        problems.append(Problem.IN_FUTURE)
    if not statement.may_exercise:
        problems.append(Problem.NOT_CLEARED)
    return problems


def after_confirmation(by: ConfirmedBy, *, has_physio: bool) -> Resumption:
    """The physio's word resumes the plan; the patient's statement resumes it and tells them."""
    if by == ConfirmedBy.PHYSIO:
        return Resumption(resume=True, tell_physio=False, physio_may_pause_again=False)
    return Resumption(resume=True, tell_physio=has_physio, physio_may_pause_again=has_physio)
