"""Forms of the outcome measures: the intake screen (in our own plain words) and its labels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice
from wtforms.validators import InputRequired

from webapp.domain.measures import INTAKE_SCREEN, FactorGroup
from webapp.forms import NPRS_LABEL, PAIN_CHOICES
from webapp.measure_labels import ANSWER_LABELS, QUESTIONS


def _question_field(key: str, group: FactorGroup) -> RadioField:
    """A yes/no question; the work questions may also be answered "no paid work"."""
    answers = ("yes", "no", "not_working") if group == FactorGroup.WORK else ("yes", "no")
    return RadioField(
        QUESTIONS[key],
        choices=[SelectChoice(a, ANSWER_LABELS[a]) for a in answers],
        validators=[InputRequired(message=_l("Choose an answer."))],
    )


class IntakeForm(FlaskForm):
    """The intake screen: the 24-hour pain score and the questions about prognostic factors."""

    pain = RadioField(
        NPRS_LABEL,
        choices=PAIN_CHOICES,
        coerce=int,
        validators=[InputRequired(message=_l("Choose a pain score from 0 to 10."))],
    )

    def answers(self) -> dict[str, str]:
        """The answers by question key."""
        return {q.key: self[q.key].data for q in INTAKE_SCREEN}


for _question in INTAKE_SCREEN:
    setattr(IntakeForm, _question.key, _question_field(_question.key, _question.group))
