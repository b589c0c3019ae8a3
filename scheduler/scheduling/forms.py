"""Forms of the schedule console."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SubmitField
from wtforms.validators import InputRequired, NumberRange


class GenerateForm(FlaskForm):
    time_limit = IntegerField(
        "Seconds the engine may take",
        default=60,
        validators=[
            InputRequired(message="Give a number of seconds."),
            NumberRange(min=5, max=600, message="Between 5 and 600 seconds."),
        ],
    )
    submit = SubmitField("Generate")
