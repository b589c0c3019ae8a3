"""Forms of the organiser console."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import InputRequired, Length

from scheduler.i18n import lazy_gettext as _l
from scheduler.passwords import MAX_PASSWORD_LENGTH


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    submit = SubmitField(_l("Sign in"))


class RemindersForm(FlaskForm):
    """Reminders on (``send`` checked) or off; the page sends the opposite of today's."""

    send = BooleanField(_l("Send evening reminders"))
