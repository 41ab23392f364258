"""Forms of the outcome measures: the intake screen (in our own plain words) and the moments."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField
from wtforms.validators import InputRequired, Length, Optional

from webapp.domain.measures import GPE, INTAKE_SCREEN, PSK_MAX_ACTIVITIES, FactorGroup
from webapp.forms import NPRS_LABEL, PAIN_CHOICES
from webapp.measure_labels import ANSWER_LABELS, GPE_LABELS, QUESTIONS

PSK_LABEL = _l("How much difficulty does it give you now? 0 = no difficulty, 10 = impossible")


def _question_field(key: str, group: FactorGroup) -> RadioField:
    """A yes/no question; the work questions may also be answered "no paid work"."""
    answers = ("yes", "no", "not_working") if group == FactorGroup.WORK else ("yes", "no")
    return RadioField(
        QUESTIONS[key],
        choices=[SelectChoice(a, ANSWER_LABELS[a]) for a in answers],
        validators=[InputRequired(message=_l("Choose an answer."))],
    )


def _nprs() -> RadioField:
    """The NPRS: average pain over the last 24 hours."""
    return RadioField(
        NPRS_LABEL,
        choices=PAIN_CHOICES,
        coerce=int,
        validators=[InputRequired(message=_l("Choose a pain score from 0 to 10."))],
    )


def _difficulty() -> RadioField:
    """A PSK score: how much difficulty the activity gives now."""
    return RadioField(PSK_LABEL, choices=PAIN_CHOICES, coerce=int, validators=[Optional()])


class PskScores:
    """The difficulty of up to five activities, by position."""

    def psk_scores(self) -> list[int | None]:
        """The scores in position order (None where not given)."""
        return [self[f"psk_score_{n}"].data for n in POSITIONS]


class IntakeForm(PskScores, FlaskForm):
    """The intake screen: the NPRS, the PSK activities and the prognostic factors."""

    pain = _nprs()

    def answers(self) -> dict[str, str]:
        """The answers by question key."""
        return {q.key: self[q.key].data for q in INTAKE_SCREEN}

    def psk_names(self) -> list[str]:
        """The activity names in position order."""
        return [self[f"psk_name_{n}"].data for n in POSITIONS]


class MomentForm(PskScores, FlaskForm):
    """Week 6, week 12 and close: the NPRS, the PSK of each activity and the GPE."""

    pain = _nprs()
    gpe = RadioField(
        _l("How has your back complaint changed since the start of your treatment?"),
        choices=[SelectChoice(g.value, GPE_LABELS[g.value]) for g in GPE],
        validators=[InputRequired(message=_l("Choose how your back has changed."))],
    )


class LdfForm(FlaskForm):
    """Yes or no to sharing the scores with the national database of physiotherapists."""

    share = RadioField(
        _l("May your practice share your scores with the national database?"),
        choices=[SelectChoice("yes", _l("Yes, that is fine")), SelectChoice("no", _l("No"))],
        default="no",
        validators=[InputRequired(message=_l("Choose yes or no."))],
    )


POSITIONS = range(1, PSK_MAX_ACTIVITIES + 1)
for _question in INTAKE_SCREEN:
    setattr(IntakeForm, _question.key, _question_field(_question.key, _question.group))
for _n in POSITIONS:
    setattr(
        IntakeForm,
        f"psk_name_{_n}",
        StringField(_l("Activity %(n)d", n=_n), validators=[Length(max=120)]),
    )
    setattr(IntakeForm, f"psk_score_{_n}", _difficulty())
    setattr(MomentForm, f"psk_score_{_n}", _difficulty())
