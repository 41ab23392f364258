"""What the physio's patient page shows of the treatment episode."""

from __future__ import annotations

from webapp.domain.measures import INSTRUMENTS, suggested_template
from webapp.measure_labels import (
    ANSWER_LABELS,
    CLOSE_REASON_LABELS,
    GPE_LABELS,
    GROUP_LABELS,
    MOMENT_LABELS,
    PROFILE_LABELS,
    QUESTIONS,
)
from webapp.models import User
from webapp.services.measures.closing import final_scores_given
from webapp.services.measures.episodes import grouped_answers, latest_episode, proposal
from webapp.services.measures.extras import external_scores, ldf_choice
from webapp.services.measures.psk import activities, mean_change, psk_table


def measures_panel(db, patient: User) -> dict:
    """What the patient page shows of the episode: intake answers, proposal and profile."""
    episode = latest_episode(db, patient)
    listed = activities(db, episode)
    return {
        "episode": episode,
        "proposal": proposal(episode) if episode else None,
        "intake_groups": grouped_answers(episode) if episode and episode.intake_at else {},
        "intake_words": {
            "questions": QUESTIONS,
            "answers": ANSWER_LABELS,
            "groups": GROUP_LABELS,
            "profiles": PROFILE_LABELS,
        },
        "suggested_template": suggested_template,
        "psk_rows": psk_table(listed),
        "psk_mean": mean_change(listed),
        "measure_words": {"moments": MOMENT_LABELS, "gpe": GPE_LABELS},
        "final_given": bool(episode) and final_scores_given(episode),
        "reason_labels": CLOSE_REASON_LABELS,
        "external": external_scores(db, episode),
        "instruments": INSTRUMENTS,
        "ldf": ldf_choice(db, patient),
    }
