"""Shared pieces of the outcome-measure tests: intake answers and a profiled episode."""

from __future__ import annotations

from webapp.domain.measures import INTAKE_SCREEN
from webapp.services.measures.episodes import save_intake, set_profile

# No prognostic factor present.
CALM = {q.key: ("no" if q.factor_when == "yes" else "yes") for q in INTAKE_SCREEN}
# Stressed and afraid to move: two psychosocial factors, a raised risk.
WORRIED = dict(CALM, stress="yes", fear_of_moving="yes")


# Two hard activities and their difficulty at intake.
PSK = (("Sokken aantrekken", 7), ("Boodschappen tillen", 8))


def intake_form(answers: dict[str, str], pain: int = 5, psk=PSK) -> dict[str, str]:
    """The intake page's fields for these answers."""
    fields = dict(answers, pain=str(pain))
    for n, (name, score) in enumerate(psk, start=1):
        fields[f"psk_name_{n}"] = name
        fields[f"psk_score_{n}"] = str(score)
    return fields


def answered_intake(db, patient, clock, answers=WORRIED, pain: int = 6, psk=PSK):
    """The patient answered the intake screen today; returns the episode."""
    now = clock()
    episode = save_intake(
        db,
        patient=patient,
        answers=answers,
        pain=pain,
        psk_names=[name for name, _ in psk] + [""] * (5 - len(psk)),
        psk_scores=[score for _, score in psk] + [None] * (5 - len(psk)),
        today=now.date(),
        now=now,
    )
    db.commit()
    return episode


def profiled(db, patient, physio, clock, profile: str = "raised", answers=WORRIED):
    """An episode whose intake was answered and whose profile the physio set."""
    episode = answered_intake(db, patient, clock, answers)
    set_profile(db, episode=episode, physio=physio, profile=profile, note="", now=clock())
    db.commit()
    return episode
