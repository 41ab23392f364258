"""The words of the outcome measures, shared by the patient's and the physio's pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.domain.measures import GPE, FactorGroup, Moment, Profile

# The intake questions as the patient reads them; keys are the domain's.
QUESTIONS = {
    "earlier_episodes": _l("Have you had back pain like this before?"),
    "leg_pain": _l("Does the pain also go into one of your legs?"),
    "limited": _l("Does your back stop you from doing many everyday things?"),
    "poor_health": _l("Apart from your back, is your health poor in general?"),
    "stress": _l("Have you often felt tense or stressed in the past weeks?"),
    "fear_of_moving": _l("Are you afraid that moving could harm your back?"),
    "low_mood": _l("Have you often felt down or gloomy in the past weeks?"),
    "rest_is_best": _l("Do you think rest is the best thing for your back now?"),
    "expects_recovery": _l("Do you expect your back to be a lot better in three months?"),
    "fears_the_worst": _l("Do you often think the pain is terrible and will never go away?"),
    "heavy_work": _l("Is your work physically heavy?"),
    "unhappy_at_work": _l("Are you unhappy at work, or do you get on badly with people there?"),
}
ANSWER_LABELS = {
    "yes": _l("Yes"),
    "no": _l("No"),
    "not_working": _l("I have no paid work"),
}
GROUP_LABELS = {
    FactorGroup.BACK: _l("Back-related"),
    FactorGroup.PATIENT: _l("Patient-related"),
    FactorGroup.PSYCHOSOCIAL: _l("Psychosocial"),
    FactorGroup.WORK: _l("Work-related"),
}
PROFILE_LABELS = {
    Profile.LOW.value: _l("Low risk of persistent complaints"),
    Profile.RAISED.value: _l("Raised risk of persistent complaints"),
}
PROFILE_SHORT = {Profile.LOW.value: _l("Low risk"), Profile.RAISED.value: _l("Raised risk")}
MOMENT_LABELS = {
    Moment.INTAKE.value: _l("Intake"),
    Moment.WEEK_6.value: _l("Week 6"),
    Moment.WEEK_12.value: _l("Week 12"),
    Moment.CLOSE.value: _l("Close"),
}
GPE_LABELS = {
    GPE.RECOVERED.value: _l("Completely recovered"),
    GPE.MUCH_IMPROVED.value: _l("Much improved"),
    GPE.SLIGHTLY_IMPROVED.value: _l("Slightly improved"),
    GPE.UNCHANGED.value: _l("Unchanged"),
    GPE.SLIGHTLY_WORSE.value: _l("Slightly worse"),
    GPE.MUCH_WORSE.value: _l("Much worse"),
    GPE.WORSE_THAN_EVER.value: _l("Worse than ever"),
}
CLOSE_REASON_LABELS = {
    "goal_reached": _l("Goal reached"),
    "patient_stopped": _l("Patient stopped"),
    "referred": _l("Referred"),
    "other": _l("Other reason"),
}
SCREENING_LABELS = {
    "urgent": _l("Urgent: call the GP or 112"),
    "see_gp": _l("Discuss with the GP"),
    "clear": _l("No warning signs"),
}


def summary_words() -> dict:
    """The labels the episode summary needs, for the template."""
    return {
        "moment_labels": MOMENT_LABELS,
        "gpe_labels": GPE_LABELS,
        "profile_labels": PROFILE_LABELS,
        "reason_labels": CLOSE_REASON_LABELS,
        "screening_labels": SCREENING_LABELS,
    }
