"""Red-flag triage: which answers mean "call your GP now", "discuss with your GP", or clear.

Sources: NHG-Standaard Aspecifieke lagerugpijn (2017) and KNGF-richtlijn Lage rugpijn (2021,
B.1.3), as summarised in CLINICAL.md. Single signs predict poorly (Henschke & Williams,
2015), so only the urgent group (possible cauda equina, possible burst aortic aneurysm)
gets the "call now" outcome; the other signs are a reason to discuss it with the GP.
The app never diagnoses: an outcome only says who the patient should talk to, and when.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    """What the patient should do after the check."""

    URGENT = "urgent"  # contact the GP or out-of-hours GP service today
    SEE_GP = "see_gp"  # discuss with the GP soon; exercises may continue
    CLEAR = "clear"


class AgeBand(StrEnum):
    """The patient's age, in the bands the rules use."""

    UNDER_20 = "under_20"
    FROM_20_TO_40 = "20_40"
    FROM_40_TO_50 = "40_50"
    OVER_50 = "over_50"


# Possible cauda equina syndrome: each sign alone is urgent.
CAUDA_EQUINA = (
    "leg_weakness_or_numbness",  # loss of strength or feeling in one or both legs
    "saddle_numbness",  # numbness around the groin and buttocks ("rijbroek")
    "severe_leg_pain",  # severe pain shooting into the leg(s)
    "bladder_or_bowel",  # cannot pass urine, or loss of bladder or bowel control
    "recent_back_surgery",
)
# Possible (burst) abdominal aortic aneurysm.
KNOWN_ANEURYSM = "known_aneurysm"
SUDDEN_CONSTANT_PAIN = "sudden_severe_constant_pain"  # sudden, very severe, same in any posture
# Reasons to discuss with the GP (not urgent).
SEE_GP_SIGNS = (
    "constant_pain",  # the same whatever the posture
    "night_pain",
    "feeling_ill",
    "cancer_history",
    "weight_loss",  # unexplained
    "corticosteroids",  # used for a long time
    "accident_or_fall",  # severe pain after an accident or fall
    "morning_stiffness",  # stiff for more than an hour in the morning
)
FIRST_EPISODE = "first_episode"
QUESTIONS = (*CAUDA_EQUINA, KNOWN_ANEURYSM, SUDDEN_CONSTANT_PAIN, *SEE_GP_SIGNS, FIRST_EPISODE)


@dataclass(frozen=True)
class Triage:
    """The outcome and the answers that led to it (in the order of the questions)."""

    outcome: Outcome
    reasons: tuple[str, ...]


def triage(answers: Mapping[str, bool], age: AgeBand) -> Triage:
    """Sort yes/no answers and the age band into urgent, discuss with the GP, or clear."""
    unknown = set(answers) - set(QUESTIONS)
    if unknown:
        raise ValueError(f"unknown questions: {sorted(unknown)}")
    yes = {key for key, value in answers.items() if value}
    urgent = [key for key in CAUDA_EQUINA if key in yes]
    if KNOWN_ANEURYSM in yes:
        urgent.append(KNOWN_ANEURYSM)
    older_than_40 = age in (AgeBand.FROM_40_TO_50, AgeBand.OVER_50)
    if SUDDEN_CONSTANT_PAIN in yes and older_than_40:
        urgent.append(SUDDEN_CONSTANT_PAIN)
    if urgent:
        return Triage(Outcome.URGENT, tuple(urgent))
    discuss = [key for key in SEE_GP_SIGNS if key in yes]
    if SUDDEN_CONSTANT_PAIN in yes:
        discuss.append(SUDDEN_CONSTANT_PAIN)  # under 40: not the aneurysm picture, still unusual
    if FIRST_EPISODE in yes and age == AgeBand.OVER_50:
        discuss.append("first_after_50")
    if age == AgeBand.UNDER_20:
        discuss.append("start_before_20")
    if discuss:
        return Triage(Outcome.SEE_GP, tuple(discuss))
    return Triage(Outcome.CLEAR, ())
