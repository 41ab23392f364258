"""Forms of the information pages: the quiz and the start date of the back pain."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice
from wtforms.validators import InputRequired, Optional

from webapp.domain.quiz import QUESTIONS
from webapp.learn.quiz import PROMPTS, option_label


def quiz_form_class() -> type[FlaskForm]:
    """A form with one radio group per quiz question, in the quiz's order."""

    class QuizForm(FlaskForm):
        pass

    for question in QUESTIONS:
        setattr(
            QuizForm,
            question.id,
            RadioField(
                PROMPTS[question.id],
                choices=[SelectChoice(o, option_label(question.id, o)) for o in question.options],
                validators=[InputRequired(message=_l("Choose an answer."))],
            ),
        )
    return QuizForm


class OnsetForm(FlaskForm):
    """When the back pain started (empty: not known)."""

    onset = DateField(
        _l("When did your back pain start?"),
        description=_l("An estimate is fine. Leave it empty if you do not know."),
        validators=[Optional()],
    )
