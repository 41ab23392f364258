"""Forms of the safety check: one yes/no question per sign, the age band, the confirmation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice
from wtforms.validators import DataRequired, InputRequired

from webapp.domain.safety import QUESTIONS
from webapp.safety.labels import AGE_TEXT, QUESTION_TEXT

YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]


class CheckForm(FlaskForm):
    """The red-flag questions; a field per question is added below, named by its key."""

    age_band = RadioField(
        _l("How old are you?"),
        choices=[SelectChoice(key, text) for key, text in AGE_TEXT.items()],
        validators=[InputRequired(message=_l("Choose your age."))],
    )
    next = HiddenField()

    def question_fields(self) -> list:
        """The question fields in the order of the check."""
        return [self[key] for key in QUESTIONS]

    def answers(self) -> dict[str, bool | None]:
        """Each question's answer: True, False, or None when it was left open."""
        return {key: {"yes": True, "no": False}.get(self[key].data or "") for key in QUESTIONS}


for _key in QUESTIONS:
    setattr(
        CheckForm,
        _key,
        RadioField(
            QUESTION_TEXT[_key],
            choices=YES_NO,
            validators=[InputRequired(message=_l("Answer yes or no."))],
        ),
    )


class ConfirmSeenForm(FlaskForm):
    """The patient's word that a doctor has seen them and they may exercise again."""

    seen = BooleanField(
        _l("I have been seen by a doctor and may exercise"),
        validators=[
            DataRequired(message=_l("Tick the box to confirm that a doctor has seen you."))
        ],
    )
