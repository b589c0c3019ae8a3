"""The language switch of every page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf, InputRequired

from scheduler.i18n import LANGUAGES


class LanguageForm(FlaskForm):
    language = HiddenField(validators=[InputRequired(), AnyOf(list(LANGUAGES))])
    next = HiddenField()
