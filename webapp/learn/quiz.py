"""The words of the misconception quiz: each question, its options and what is true."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

TRUE_FALSE_LABELS = {"true": _l("True"), "false": _l("Not true")}

PROMPTS = {
    "cause": _l("Back pain almost always has a clear cause that a scan can show."),
    "damage": _l("When back pain is very severe, the back is badly damaged."),
    "rest": _l("With back pain, it is best to rest or stay in bed until the pain is gone."),
    "duration": _l("How long does low back pain usually last?"),
    "bad_day": _l(
        "You are building up with a plan. Today your back hurts more than usual. What do you do?"
    ),
}

OPTION_LABELS = {
    "duration": {
        "weeks": _l("For most people, most of the pain is gone within 4 to 6 weeks."),
        "months": _l("For most people, it lasts many months."),
        "never": _l("It only goes away after an operation."),
    },
    "bad_day": {
        "plan_amount": _l("I do the amount my plan asks for today."),
        "skip": _l("I skip today and rest until the pain is less."),
        "extra_later": _l("I skip today and do twice as much tomorrow."),
    },
}

EXPLANATIONS = {
    "cause": _l(
        "Not true. In about 9 out of 10 people there is no clear cause. A scan usually "
        "tells nothing new, so it is rarely made."
    ),
    "damage": _l(
        "Not true. Back pain can be very severe while nothing is damaged. How much it hurts "
        "does not show how much is wrong."
    ),
    "rest": _l(
        "Not true. Staying active helps you recover, and bed rest slows recovery down. Keep "
        "doing your daily things and your work as much as you can."
    ),
    "duration": _l(
        "For many people the pain is gone within days, and for 9 out of 10 most of it is gone "
        "within 4 to 6 weeks. If little has changed after about 4 weeks, your GP can help."
    ),
    "bad_day": _l(
        "Do the amount your plan asks, also on a day with more pain. Pain is no reason to "
        "change it, and missed sessions are not made up with extra. If the pain is very bad "
        "or you notice new symptoms, contact your GP or physiotherapist."
    ),
}


def option_label(question_id: str, option: str):
    """The words for one option of a question."""
    return OPTION_LABELS.get(question_id, TRUE_FALSE_LABELS)[option]
