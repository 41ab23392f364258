"""Forms of the patient blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import InputRequired, Length

from webapp.models import SessionStatus
from webapp.services.logbook import MAX_NOTE_LENGTH


class SessionLogForm(FlaskForm):
    """How today's session went and the pain score."""

    status = RadioField(
        _l("How did it go?"),
        choices=[
            SelectChoice(SessionStatus.DONE.value, _l("Done, all of it")),
            SelectChoice(SessionStatus.PARTIAL.value, _l("Partly done")),
            SelectChoice(SessionStatus.SKIPPED.value, _l("Skipped today")),
        ],
        default=SessionStatus.DONE.value,
        validators=[InputRequired(message=_l("Choose how it went."))],
    )
    pain = RadioField(
        _l("Pain now, from 0 (none) to 10 (worst imaginable)"),
        choices=[SelectChoice(str(n)) for n in range(11)],
        coerce=int,
        validators=[InputRequired(message=_l("Choose a pain score from 0 to 10."))],
    )
    note = TextAreaField(_l("Note (optional)"), validators=[Length(max=MAX_NOTE_LENGTH)])
