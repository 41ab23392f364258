"""The words of the red-flag check: questions for the patient, short signs for the physio."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from webapp.domain.safety import AgeBand

# Asked of the patient, in plain words (B1), one yes/no question each.
QUESTION_TEXT = {
    "leg_weakness_or_numbness": _l(
        "Do you have less strength or less feeling in one or both legs?"
    ),
    "saddle_numbness": _l(
        "Does the skin feel numb around your private parts, your buttocks or the inside of "
        "your thighs?"
    ),
    "severe_leg_pain": _l("Do you have very bad pain that shoots down into one or both legs?"),
    "bladder_or_bowel": _l(
        "Is it hard or impossible to pass urine, or do you lose urine or stool without wanting to?"
    ),
    "recent_back_surgery": _l("Have you had an operation on your back in the last few months?"),
    "known_aneurysm": _l(
        "Has a doctor told you that the main blood vessel in your belly is widened (an aneurysm)?"
    ),
    "sudden_severe_constant_pain": _l(
        "Did very bad pain start suddenly, and does it stay the same whether you move or "
        "keep still?"
    ),
    "constant_pain": _l("Is the pain always there, in every position?"),
    "night_pain": _l("Does the pain keep you awake or wake you up at night?"),
    "feeling_ill": _l("Do you feel ill, for example with a fever?"),
    "cancer_history": _l("Have you ever had cancer?"),
    "weight_loss": _l("Have you lost weight without trying to?"),
    "corticosteroids": _l(
        "Have you taken prednisone or other corticosteroid tablets for a long time?"
    ),
    "accident_or_fall": _l("Did bad back pain start after an accident or a fall?"),
    "morning_stiffness": _l("Is your back stiff for more than an hour after you get up?"),
    "first_episode": _l("Is this the first time in your life that you have back pain?"),
}

AGE_TEXT = {
    AgeBand.UNDER_20.value: _l("Younger than 20"),
    AgeBand.FROM_20_TO_40.value: _l("20 to 39"),
    AgeBand.FROM_40_TO_50.value: _l("40 to 50"),
    AgeBand.OVER_50.value: _l("Older than 50"),
}

# Short names of the signs for the physio (and the patient's own list of past checks).
SIGN_TEXT = {
    "leg_weakness_or_numbness": _l("Less strength or feeling in one or both legs"),
    "saddle_numbness": _l("Numbness in the saddle area"),
    "severe_leg_pain": _l("Severe shooting leg pain"),
    "bladder_or_bowel": _l("Trouble passing urine, or loss of bladder or bowel control"),
    "recent_back_surgery": _l("Recent back surgery"),
    "known_aneurysm": _l("Known aortic aneurysm"),
    "sudden_severe_constant_pain": _l("Sudden, very severe pain that does not change with posture"),
    "constant_pain": _l("Constant pain in every posture"),
    "night_pain": _l("Pain at night"),
    "feeling_ill": _l("Feeling ill"),
    "cancer_history": _l("Cancer in the history"),
    "weight_loss": _l("Unexplained weight loss"),
    "corticosteroids": _l("Long-term corticosteroids"),
    "accident_or_fall": _l("Severe pain after an accident or fall"),
    "morning_stiffness": _l("Morning stiffness over an hour"),
    "first_after_50": _l("First back pain after the age of 50"),
    "start_before_20": _l("Back pain that started before the age of 20"),
}

OUTCOME_TEXT = {
    "urgent": _l("Call the GP now"),
    "see_gp": _l("See the GP within a few days"),
    "clear": _l("No warning signs"),
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
        "questions": QUESTION_TEXT,
        "ages": AGE_TEXT,
        "signs": SIGN_TEXT,
        "outcomes": OUTCOME_TEXT,
        "triggers": TRIGGER_TEXT,
    }
