"""The words of the red-flag check: questions for the patient, short signs for the physio."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.domain import safety
from webapp.domain.resume import SeenBy
from webapp.domain.safety import AgeBand, Route

# Asked of the patient, in plain words (B1), one yes/no question each.
QUESTION_TEXT = {
    "leg_weakness_or_numbness": _l(
        "Do you have less strength or less feeling in one or both legs?"
    ),
    "leg_weakness_new_or_worse": _l("Is that new, or is it getting worse?"),
    "saddle_numbness": _l(
        "Does the skin feel numb around your private parts, your buttocks or the inside of "
        "your thighs?"
    ),
    "severe_leg_pain": _l("Do you have very bad pain that shoots down into one or both legs?"),
    "bladder_or_bowel": _l(
        "Is it hard or impossible to pass urine, or do you lose urine or stool without wanting to?"
    ),
    "recent_back_procedure": _l(
        "In the last few months, did you have an operation on your back, a lumbar puncture or "
        "an injection in your back?"
    ),
    "known_aneurysm": _l(
        "Has a doctor told you that the main blood vessel in your belly is widened (an aneurysm)?"
    ),
    "sudden_severe_constant_pain": _l(
        "Did very bad pain start suddenly, and does it stay the same whether you move or "
        "keep still?"
    ),
    "circulation_signs": _l(
        "Did you faint or nearly faint? Or are you pale, sweaty or clammy, or do you feel very "
        "unwell?"
    ),
    "constant_pain": _l("Is the pain always there, in every position?"),
    "night_pain": _l("Does the pain keep you awake or wake you up at night?"),
    "accident_or_fall": _l("Did bad back pain start after an accident or a fall?"),
    "morning_stiffness": _l("Is your back stiff for more than an hour after you get up?"),
    "pain_after_little_force": _l(
        "Did the pain start suddenly with little or no force, for example when you bent over, "
        "lifted something light or coughed?"
    ),
    "first_episode": _l("Is this the first time in your life that you have back pain?"),
    "started_before_20": _l("Did the back pain you have now start before you were 20?"),
    "feeling_ill": _l("Do you feel ill, for example with a fever?"),
    "weak_immune_system": _l(
        "Is your defence against infections weak, from medicines or an illness?"
    ),
    "injecting_drugs": _l("Do you use drugs that you inject?"),
    "recent_infection": _l(
        "Did you have an infection in the last few weeks, for example of your bladder, skin or "
        "lungs?"
    ),
    "cancer_history": _l("Have you ever had cancer?"),
    "weight_loss": _l("Have you lost weight without trying to?"),
    "corticosteroids": _l(
        "Have you taken prednisone or other corticosteroid tablets for a long time?"
    ),
    "known_osteoporosis": _l("Has a doctor told you that you have brittle bones (osteoporosis)?"),
    "height_loss": _l("Have you become shorter in the last few years?"),
}
# Questions of earlier versions of the check, to show checks stored with them.
OLD_QUESTION_TEXT = {
    "recent_back_surgery": _l("Have you had an operation on your back in the last few months?"),
}
# Said under a follow-up question: when it applies, and how to answer.
FOLLOW_UP_HINT = {
    "leg_weakness_new_or_worse": _l(
        "Answer no if it has been the same for a while, for example with sciatica your doctor "
        "knows about."
    ),
    "circulation_signs": _l("Only if you answered yes to one of the two questions above."),
}
# The questions in groups, each with its heading.
SECTIONS = (
    (
        _l("Legs, bladder and bowel"),
        (safety.LEG_SIGNS, safety.LEG_SIGNS_NEW_OR_WORSE, *safety.CAUDA_EQUINA),
    ),
    (
        _l("Sudden, very bad pain"),
        (safety.KNOWN_ANEURYSM, safety.SUDDEN_CONSTANT_PAIN, safety.CIRCULATION),
    ),
    (
        _l("Your back pain"),
        (
            *safety.BACK_PAIN_SIGNS,
            safety.LITTLE_FORCE,
            safety.FIRST_EPISODE,
            safety.STARTED_BEFORE_20,
        ),
    ),
    (_l("Your health"), safety.HEALTH_SIGNS),
)

AGE_TEXT = {
    AgeBand.UNDER_20.value: _l("Younger than 20"),
    AgeBand.FROM_20_TO_40.value: _l("20 to 39"),
    AgeBand.FROM_40_TO_50.value: _l("40 to 50"),
    AgeBand.OVER_50.value: _l("Older than 50"),
}

# Short names of the signs for the physio (and the patient's own list of past checks).
SIGN_TEXT = {
    "leg_weakness_new_or_worse": _l("Less strength or feeling in a leg, new or getting worse"),
    "leg_weakness_or_numbness": _l("Less strength or feeling in one or both legs"),
    "saddle_numbness": _l("Numbness in the saddle area"),
    "severe_leg_pain": _l("Severe shooting leg pain"),
    "bladder_or_bowel": _l("Trouble passing urine, or loss of bladder or bowel control"),
    "recent_back_procedure": _l("Recent operation, lumbar puncture or injection in the back"),
    "recent_back_surgery": _l("Recent back surgery"),
    "known_aneurysm": _l("Known aortic aneurysm"),
    "sudden_severe_constant_pain": _l("Sudden, very severe pain that does not change with posture"),
    "circulation_signs": _l("Fainting, pale, clammy or very unwell"),
    "constant_pain": _l("Constant pain in every posture"),
    "night_pain": _l("Pain at night"),
    "accident_or_fall": _l("Severe pain after an accident or fall"),
    "morning_stiffness": _l("Morning stiffness over an hour"),
    "pain_after_little_force": _l("Sudden pain after little or no force, over 50"),
    "feeling_ill": _l("Feeling ill"),
    "weak_immune_system": _l("Weakened immune system"),
    "injecting_drugs": _l("Injecting drug use"),
    "recent_infection": _l("Recent infection"),
    "cancer_history": _l("Cancer in the history"),
    "weight_loss": _l("Unexplained weight loss"),
    "corticosteroids": _l("Long-term corticosteroids"),
    "known_osteoporosis": _l("Known osteoporosis"),
    "height_loss": _l("Loss of height"),
    "first_after_50": _l("First back pain after the age of 50"),
    "start_before_20": _l("Back pain that started before the age of 20"),
}

OUTCOME_TEXT = {
    "urgent": _l("Call a doctor now"),
    "see_gp": _l("See the GP within a few days"),
    "clear": _l("No warning signs"),
}
ROUTE_TEXT = {
    Route.CALL_112.value: _l("Call 112 now"),
    Route.GP_TODAY.value: _l("Call the GP today"),
}
SEEN_BY_TEXT = {
    SeenBy.GP.value: _l("The GP"),
    SeenBy.OUT_OF_HOURS.value: _l("The out-of-hours GP service (huisartsenpost)"),
    SeenBy.HOSPITAL.value: _l("A hospital: the emergency department or a specialist"),
    SeenBy.OTHER_DOCTOR.value: _l("Another doctor"),
}

TRIGGER_TEXT = {
    "registration": _l("At the start"),
    "pain_high": _l("After pain of 8 or more"),
    "worse_week": _l("After a worse week"),
    "manual": _l("Chosen by the patient"),
}


def labels() -> dict:
    """Every label dict, for the templates."""
    return {
        "questions": {**QUESTION_TEXT, **OLD_QUESTION_TEXT},
        "sections": SECTIONS,
        "parents": safety.FOLLOW_UPS,
        "hints": FOLLOW_UP_HINT,
        "ages": AGE_TEXT,
        "signs": SIGN_TEXT,
        "outcomes": OUTCOME_TEXT,
        "routes": ROUTE_TEXT,
        "seen_by": SEEN_BY_TEXT,
        "triggers": TRIGGER_TEXT,
    }
