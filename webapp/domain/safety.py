"""Red-flag triage: which answers mean "call 112 now", "call your GP today", "discuss with
your GP", or clear.

Sources: NHG-Standaard Aspecifieke lagerugpijn (2017) and KNGF-richtlijn Lage rugpijn (2021,
B.1.3), as summarised in CLINICAL.md with its refinements. Single signs predict poorly
(Henschke & Williams, 2015), so only the urgent group (possible cauda equina, possible burst
aortic aneurysm) gets a "call now" outcome; the other signs are a reason to discuss it with
the GP. The app never diagnoses: an outcome only says who the patient should call, and when.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    """What the patient should do after the check."""

    URGENT = "urgent"  # call now: 112, or the GP / huisartsenpost today (see Route)
    SEE_GP = "see_gp"  # discuss with the GP soon; exercises may continue
    CLEAR = "clear"


class Route(StrEnum):
    """Whom an urgent patient calls first."""

    CALL_112 = "call_112"  # a possible burst aneurysm with a threatened circulation
    GP_TODAY = "gp_today"  # the GP today; out of hours the huisartsenpost (112 if life-threatening)


class AgeBand(StrEnum):
    """The patient's age, in the bands the rules use."""

    UNDER_20 = "under_20"
    FROM_20_TO_40 = "20_40"
    FROM_40_TO_50 = "40_50"
    OVER_50 = "over_50"


OVER_40 = (AgeBand.FROM_40_TO_50, AgeBand.OVER_50)

# Loss of strength or feeling in a leg: urgent only when it is new or getting worse (stable
# tingling with known sciatica is not: asking only the first question over-triaged it).
LEG_SIGNS = "leg_weakness_or_numbness"
LEG_SIGNS_NEW_OR_WORSE = "leg_weakness_new_or_worse"
# Possible cauda equina syndrome: each of these alone is urgent.
CAUDA_EQUINA = (
    "saddle_numbness",  # numbness around the groin and buttocks ("rijbroek")
    "severe_leg_pain",  # severe pain shooting into the leg(s)
    "bladder_or_bowel",  # cannot pass urine, or loss of bladder or bowel control
    "recent_back_procedure",  # an operation, a lumbar puncture or a spinal injection
)
# Possible (burst) abdominal aortic aneurysm; with a threatened circulation it is 112.
KNOWN_ANEURYSM = "known_aneurysm"
SUDDEN_CONSTANT_PAIN = "sudden_severe_constant_pain"  # sudden, very severe, same in any posture
CIRCULATION = "circulation_signs"  # fainting or nearly, pale, sweaty or clammy, very unwell
# Reasons to discuss with the GP (not urgent) at any age: about the back pain itself ...
BACK_PAIN_SIGNS = (
    "constant_pain",  # the same whatever the posture
    "night_pain",
    "accident_or_fall",  # severe pain after an accident or fall
    "morning_stiffness",  # stiff for more than an hour in the morning
)
# ... and about the patient's health.
HEALTH_SIGNS = (
    "feeling_ill",  # e.g. with a fever
    "weak_immune_system",  # by medicines or by an illness (infection risk)
    "injecting_drugs",  # infection risk
    "recent_infection",  # infection risk
    "cancer_history",
    "weight_loss",  # unexplained
    "corticosteroids",  # used for a long time
    "known_osteoporosis",  # possible fracture
    "height_loss",  # possible fracture
)
SEE_GP_SIGNS = (*BACK_PAIN_SIGNS, *HEALTH_SIGNS)
# Reasons to discuss with the GP that depend on the age.
FIRST_EPISODE = "first_episode"  # with age over 50: first back pain after 50
LITTLE_FORCE = "pain_after_little_force"  # with age over 50: possible osteoporotic fracture
STARTED_BEFORE_20 = "started_before_20"  # when this back pain began, not the age today

# The yes/no questions every patient answers, in the order they are asked.
QUESTIONS = (
    LEG_SIGNS,
    *CAUDA_EQUINA,
    KNOWN_ANEURYSM,
    SUDDEN_CONSTANT_PAIN,
    *BACK_PAIN_SIGNS,
    LITTLE_FORCE,
    FIRST_EPISODE,
    STARTED_BEFORE_20,
    *HEALTH_SIGNS,
)
# Follow-up questions, asked only when one of their questions is answered yes.
FOLLOW_UPS: dict[str, tuple[str, ...]] = {
    LEG_SIGNS_NEW_OR_WORSE: (LEG_SIGNS,),
    CIRCULATION: (KNOWN_ANEURYSM, SUDDEN_CONSTANT_PAIN),
}
ALL_QUESTIONS = (*QUESTIONS, *FOLLOW_UPS)


@dataclass(frozen=True)
class Triage:
    """The outcome, the answers that led to it, and for an urgent one whom to call first."""

    outcome: Outcome
    reasons: tuple[str, ...]
    route: Route | None = None


def follow_ups_due(answers: Mapping[str, bool | None]) -> tuple[str, ...]:
    """The follow-up questions that must be answered, given the answers so far."""
    return tuple(key for key, parents in FOLLOW_UPS.items() if any(answers.get(p) for p in parents))


def triage(answers: Mapping[str, bool], age: AgeBand) -> Triage:
    """Sort yes/no answers and the age band into urgent (with its route), GP, or clear.

    An unanswered question counts as no, except that leg signs without an answer to "new or
    getting worse?" count as new: the safe side for a question the patient skipped.
    """
    unknown = set(answers) - set(ALL_QUESTIONS)
    if unknown:
        raise ValueError(f"unknown questions: {sorted(unknown)}")
    yes = {key for key, value in answers.items() if value}
    urgent = []
    if LEG_SIGNS in yes and answers.get(LEG_SIGNS_NEW_OR_WORSE, True):
        urgent.append(LEG_SIGNS_NEW_OR_WORSE)
    urgent += [key for key in CAUDA_EQUINA if key in yes]
    aneurysm = [KNOWN_ANEURYSM] if KNOWN_ANEURYSM in yes else []
    if SUDDEN_CONSTANT_PAIN in yes and age in OVER_40:
        aneurysm.append(SUDDEN_CONSTANT_PAIN)
    circulation = CIRCULATION in yes and bool({KNOWN_ANEURYSM, SUDDEN_CONSTANT_PAIN} & yes)
    if aneurysm and circulation:
        return Triage(Outcome.URGENT, (*aneurysm, CIRCULATION, *urgent), Route.CALL_112)
    if circulation:
        # Sudden severe pain under 40 with fainting or paleness: not the aneurysm picture,
        # but never a matter of days either.
        urgent += [SUDDEN_CONSTANT_PAIN, CIRCULATION]
    if urgent or aneurysm:
        return Triage(Outcome.URGENT, (*urgent, *aneurysm), Route.GP_TODAY)
    return _discuss(yes, age)


def _discuss(yes: set[str], age: AgeBand) -> Triage:
    """The signs to discuss with the GP, or clear."""
    discuss = [key for key in SEE_GP_SIGNS if key in yes]
    if SUDDEN_CONSTANT_PAIN in yes:
        discuss.append(SUDDEN_CONSTANT_PAIN)  # under 40: not the aneurysm picture, still unusual
    if FIRST_EPISODE in yes and age == AgeBand.OVER_50:
        discuss.append("first_after_50")
    if LITTLE_FORCE in yes and age == AgeBand.OVER_50:
        discuss.append(LITTLE_FORCE)
    if STARTED_BEFORE_20 in yes or age == AgeBand.UNDER_20:
        discuss.append("start_before_20")
    if discuss:
        return Triage(Outcome.SEE_GP, tuple(discuss))
    return Triage(Outcome.CLEAR, ())
