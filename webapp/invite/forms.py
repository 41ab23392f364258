"""Forms of the invite blueprint."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from webapp.forms import new_password, password_again
from webapp.zone_field import ZoneField


class InviteRegisterForm(FlaskForm):
    """A new patient account from an invitation: the email and language come with it."""

    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    password = new_password(_l("Password"))
    password_confirm = password_again(_l("Password again"))
    timezone = ZoneField(_l("Time zone"))
