"""The outcome measures of a treatment episode and the treatment profile (CLINICAL.md,
"Outcome measures and treatment profile"; KNGF 2021 B.2 and B.3).

- NPRS: the average pain over the last 24 hours, 0-10, at every log, at intake and at close.
- PSK: up to 3 (at most 5) activities the patient chooses; difficulty 0 (none) .. 10
  (impossible), higher is worse. Change = intake minus now, so a positive change is better.
- GPE: one question in 7 steps; "completely recovered" and "much improved" are responders.
- Moments: intake, week 6, week 12 and close.
- Treatment profile: the intake screen counts prognostic factors in four groups and
  PROPOSES low or raised risk of persistent complaints; the physio decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

PAIN_MIN, PAIN_MAX = 0, 10
PSK_MIN, PSK_MAX = 0, 10
PSK_SUGGESTED = 3
PSK_MAX_ACTIVITIES = 5


class PainQuestion(StrEnum):
    """Which pain question a stored score answered (the wording changed on a known date)."""

    NOW = "now"  # "pain now": asked before the NPRS change
    AVERAGE_24H = "avg_24h"  # the NPRS: average pain over the last 24 hours


# The day logs started to ask the average pain over the last 24 hours instead of pain now.
AVERAGE_24H_SINCE = date(2026, 12, 7)


class Moment(StrEnum):
    """When the episode's measures are taken."""

    INTAKE = "intake"
    WEEK_6 = "week6"
    WEEK_12 = "week12"
    CLOSE = "close"


# The calendar moments, by days since the episode started.
TIMED_MOMENTS = ((Moment.WEEK_6, 6 * 7), (Moment.WEEK_12, 12 * 7))
# GPE looks back on the change since the start, so it is not asked at intake.
GPE_MOMENTS = (Moment.WEEK_6, Moment.WEEK_12, Moment.CLOSE)


def moment_due(
    started: date, today: date, done: set[Moment], *, closing: bool = False
) -> Moment | None:
    """The measurement moment to ask for now, if any.

    Intake comes first. When the physio is closing the episode, the close moment is asked.
    Otherwise only the latest calendar moment reached is asked: a missed week 6 is
    superseded by week 12, as the change since intake is what counts.
    """
    if Moment.INTAKE not in done:
        return Moment.INTAKE
    if closing:
        return None if Moment.CLOSE in done else Moment.CLOSE
    days = (today - started).days
    reached = [moment for moment, after in TIMED_MOMENTS if days >= after]
    if not reached or reached[-1] in done:
        return None
    return reached[-1]


class GPE(StrEnum):
    """Global perceived effect: how the back complaint changed since the start, in 7 steps."""

    RECOVERED = "recovered"
    MUCH_IMPROVED = "much_improved"
    SLIGHTLY_IMPROVED = "slightly_improved"
    UNCHANGED = "unchanged"
    SLIGHTLY_WORSE = "slightly_worse"
    MUCH_WORSE = "much_worse"
    WORSE_THAN_EVER = "worse_than_ever"

    @property
    def step(self) -> int:
        """1 (completely recovered) .. 7 (worse than ever), the order of the question."""
        return list(GPE).index(self) + 1


def is_responder(gpe: GPE) -> bool:
    """Recovered or much improved counts as a responder."""
    return gpe in (GPE.RECOVERED, GPE.MUCH_IMPROVED)


def check_score(value: int | None, low: int = PSK_MIN, high: int = PSK_MAX) -> bool:
    """True for a whole score inside the scale."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def psk_change(at_intake: int, now: int) -> int:
    """The change in difficulty: intake minus now, so a positive change is an improvement."""
    return at_intake - now


def mean(values: Sequence[int]) -> Fraction | None:
    """The exact mean of some scores, or None without any."""
    return Fraction(sum(values), len(values)) if values else None


def psk_mean_change(pairs: Sequence[tuple[int | None, int | None]]) -> Fraction | None:
    """The mean change over the activities scored at both intake and now."""
    return mean([psk_change(a, b) for a, b in pairs if a is not None and b is not None])


class Profile(StrEnum):
    """The treatment profile: the risk of persistent complaints."""

    LOW = "low"
    RAISED = "raised"


class FactorGroup(StrEnum):
    """The four groups of prognostic factors (KNGF 2021 B.2)."""

    BACK = "back"
    PATIENT = "patient"
    PSYCHOSOCIAL = "psychosocial"
    WORK = "work"


@dataclass(frozen=True)
class ScreenQuestion:
    """One yes/no question of the intake screen; ``work`` questions may be "I do not work"."""

    key: str
    group: FactorGroup
    # The answer that counts as the prognostic factor being present.
    factor_when: str = "yes"


INTAKE_SCREEN: tuple[ScreenQuestion, ...] = (
    ScreenQuestion("earlier_episodes", FactorGroup.BACK),
    ScreenQuestion("leg_pain", FactorGroup.BACK),
    ScreenQuestion("limited", FactorGroup.BACK),
    ScreenQuestion("poor_health", FactorGroup.PATIENT),
    ScreenQuestion("stress", FactorGroup.PSYCHOSOCIAL),
    ScreenQuestion("fear_of_moving", FactorGroup.PSYCHOSOCIAL),
    ScreenQuestion("low_mood", FactorGroup.PSYCHOSOCIAL),
    ScreenQuestion("rest_is_best", FactorGroup.PSYCHOSOCIAL),
    ScreenQuestion("expects_recovery", FactorGroup.PSYCHOSOCIAL, factor_when="no"),
    ScreenQuestion("fears_the_worst", FactorGroup.PSYCHOSOCIAL),
    ScreenQuestion("heavy_work", FactorGroup.WORK),
    ScreenQuestion("unhappy_at_work", FactorGroup.WORK),
)
ANSWERS = ("yes", "no", "not_working")
# High pain intensity is a back-related factor; the intake's NPRS answers it.
HIGH_PAIN = 7
# Psychosocial factors weigh most for persistence; two of them raise the risk on their own.
PSYCHOSOCIAL_RAISES = 2
# Otherwise, this many factors from any group together raise it.
ANY_FACTORS_RAISE = 4
# With this many psychosocial factors they dominate: consider a cognitive-behavioural approach.
PSYCHOSOCIAL_DOMINANT = 3


@dataclass(frozen=True)
class Proposal:
    """What the intake screen suggests; the physio decides."""

    profile: Profile
    factors: Mapping[FactorGroup, tuple[str, ...]]
    psychosocial_dominant: bool

    @property
    def template(self) -> str:
        """The plan template that matches: stay active for low risk, the build-up for raised."""
        return suggested_template(self.profile)


def suggested_template(profile: Profile) -> str:
    """Low risk: stay-active information and a short plan; raised: graded activity."""
    return "build_up" if profile == Profile.RAISED else "stay_active"


def screen_errors(answers: Mapping[str, str]) -> list[str]:
    """The keys of questions left unanswered or answered with something not on offer."""
    wrong = []
    for question in INTAKE_SCREEN:
        allowed = ANSWERS if question.group == FactorGroup.WORK else ANSWERS[:2]
        if answers.get(question.key) not in allowed:
            wrong.append(question.key)
    return wrong


def propose_profile(answers: Mapping[str, str], pain: int) -> Proposal:
    """Propose a treatment profile from the intake answers and the intake NPRS.

    Raised risk with two or more psychosocial factors, or with four or more factors in all
    (high pain counting as a back-related one); low risk otherwise.
    """
    found: dict[FactorGroup, list[str]] = {group: [] for group in FactorGroup}
    for question in INTAKE_SCREEN:
        if answers.get(question.key) == question.factor_when:
            found[question.group].append(question.key)
    if pain >= HIGH_PAIN:
        found[FactorGroup.BACK].append("high_pain")
    psychosocial = len(found[FactorGroup.PSYCHOSOCIAL])
    total = sum(len(keys) for keys in found.values())
    raised = psychosocial >= PSYCHOSOCIAL_RAISES or total >= ANY_FACTORS_RAISE
    return Proposal(
        profile=Profile.RAISED if raised else Profile.LOW,
        factors={group: tuple(keys) for group, keys in found.items()},
        psychosocial_dominant=psychosocial >= PSYCHOSOCIAL_DOMINANT,
    )


@dataclass(frozen=True)
class Instrument:
    """A licensed questionnaire measured elsewhere: only its total (and subscale) is stored."""

    key: str
    name: str
    total_max: int
    subscale_max: int | None = None  # STarT Back's psychosocial subscale


INSTRUMENTS = {
    i.key: i
    for i in (
        Instrument("start_back", "STarT Back", 9, subscale_max=5),
        Instrument("qbpds", "QBPDS", 100),
        Instrument("odi", "ODI", 100),
        Instrument("rmdq", "RMDQ", 24),
    )
}


def external_score_problem(key: str, total: object, subscale: object) -> str | None:
    """Which field of a score measured elsewhere is wrong ("instrument", "total",
    "subscale"), or None when the instrument is known and the scores are in its range."""
    instrument = INSTRUMENTS.get(key)
    if instrument is None:
        return "instrument"
    if not check_score(total, 0, instrument.total_max):
        return "total"
    if instrument.subscale_max is None:
        return None if subscale is None else "subscale"
    if not check_score(subscale, 0, instrument.subscale_max) or subscale > total:
        return "subscale"
    return None
