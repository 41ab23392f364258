"""Forms of the safety check: a yes/no question per sign, the age band, and what follows."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from webapp.domain.safety import ALL_QUESTIONS, FOLLOW_UPS, follow_ups_due
from webapp.safety.labels import AGE_TEXT, QUESTION_TEXT, SEEN_BY_TEXT
from webapp.services.plans.plan_checks import MAX_NOTE

YES_NO = [SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))]
ANSWER_REQUIRED = _l("Answer yes or no.")


class CheckForm(FlaskForm):
    """The red-flag questions; a field per question is added below, named by its key.

    A follow-up question is only required when one of its questions was answered yes.
    """

    age_band = RadioField(
        _l("How old are you?"),
        choices=[SelectChoice(key, text) for key, text in AGE_TEXT.items()],
        validators=[InputRequired(message=_l("Choose your age."))],
    )
    next = HiddenField()

    def answers(self) -> dict[str, bool | None]:
        """Each question's answer: True, False, or None when it was left open."""
        return {key: {"yes": True, "no": False}.get(self[key].data or "") for key in ALL_QUESTIONS}

    def validate(self, extra_validators=None) -> bool:
        """The fields' own checks, then every follow-up that is due must be answered."""
        valid = super().validate(extra_validators)
        answers = self.answers()
        for key in follow_ups_due(answers):
            if answers[key] is None:
                self[key].errors = [*self[key].errors, ANSWER_REQUIRED]
                valid = False
        return valid


for _key in ALL_QUESTIONS:
    _required = InputRequired(message=ANSWER_REQUIRED)
    setattr(
        CheckForm,
        _key,
        RadioField(
            QUESTION_TEXT[_key],
            choices=YES_NO,
            validators=[Optional() if _key in FOLLOW_UPS else _required],
        ),
    )


class SeenForm(FlaskForm):
    """The patient's statement that a doctor has seen them: who, when, and the all-clear."""

    seen_by = RadioField(
        _l("Who saw you?"),
        choices=[SelectChoice(key, text) for key, text in SEEN_BY_TEXT.items()],
        validators=[InputRequired(message=_l("Choose who saw you."))],
    )
    seen_on = DateField(
        _l("On which day?"),
        validators=[InputRequired(message=_l("Enter the day the doctor saw you."))],
    )
    may_exercise = BooleanField(
        _l("The doctor said I may exercise again"),
        validators=[
            DataRequired(
                message=_l(
                    "Only go on when the doctor said you may exercise. If not, ask your "
                    "physiotherapist."
                )
            )
        ],
    )


class NumbersForm(FlaskForm):
    """The patient's GP and huisartsenpost phone numbers; both may stay empty."""

    gp_phone = StringField(
        _l("Your GP's phone number"),
        validators=[Optional(), Length(max=32)],
        render_kw={"type": "tel", "autocomplete": "tel"},
    )
    out_of_hours_phone = StringField(
        _l("The phone number of the huisartsenpost (evening, night and weekend)"),
        validators=[Optional(), Length(max=32)],
        render_kw={"type": "tel"},
    )


class PauseAgainForm(FlaskForm):
    """The physio pauses a plan again after the patient's own statement; a note is optional."""

    note = TextAreaField(_l("Note to the patient (optional)"), validators=[Length(max=MAX_NOTE)])


class ConfirmSeenForm(FlaskForm):
    """The physio's word that a doctor has seen the patient and exercise may continue."""
