"""Forms of the physio blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from webapp.labels import CATEGORIES, POSITIONS

NEW = "new"


class VideoUploadForm(FlaskForm):
    """A recording for an existing exercise, or for a new exercise of the physio's own."""

    exercise = SelectField(_l("Exercise"), validators=[InputRequired()])
    video = FileField(
        _l("Video file"),
        validators=[FileRequired(message=_l("Choose a video file."))],
        description=_l("MP4, MOV or WebM, at most %(mb)d MB and %(minutes)d minutes."),
    )
    name_nl = StringField(_l("Name of the new exercise (Dutch)"), validators=[Length(max=120)])
    name_en = StringField(_l("Name in English (optional)"), validators=[Length(max=120)])
    unit = SelectField(
        _l("Counted in"),
        choices=[
            SelectChoice("reps", _l("Repetitions")),
            SelectChoice("hold", _l("Seconds held")),
            SelectChoice("minutes", _l("Minutes")),
        ],
        default="reps",
    )
    position = SelectField(_l("Position"), default="supine")
    category = SelectField(_l("Kind of exercise"), default="mobility")
    sets = IntegerField(_l("Sets"), default=2, validators=[Optional(), NumberRange(min=1, max=10)])
    amount = IntegerField(
        _l("Amount per set"), default=10, validators=[Optional(), NumberRange(min=1, max=600)]
    )
    steps = TextAreaField(_l("Steps (one per line, Dutch)"), validators=[Length(max=2000)])

    def __init__(self, exercises, max_mb: int, max_minutes: int, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # An empty first option: a required list must not start on a real choice (HTML).
        self.exercise.choices = [
            SelectChoice("", _l("Choose an exercise")),
            SelectChoice(NEW, _l("A new exercise of my own")),
        ] + [SelectChoice(str(e.id), label) for e, label in exercises]
        self.video.description = self.video.description % {"mb": max_mb, "minutes": max_minutes}
        self.position.choices = [SelectChoice(k, v) for k, v in POSITIONS.items()]
        self.category.choices = [SelectChoice(k, v) for k, v in CATEGORIES.items()]
