"""Forms of the organiser console."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, SubmitField
from wtforms.validators import InputRequired, Length

from scheduler.attendees.forms import valid_email
from scheduler.i18n import LANGUAGES
from scheduler.i18n import lazy_gettext as _l
from scheduler.models import ParticipantType
from scheduler.models.people import PARTICIPANT_TYPE_LABELS
from scheduler.passwords import MAX_PASSWORD_LENGTH
from scheduler.registration.forms import ProfileForm


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    submit = SubmitField(_l("Sign in"))


class RemindersForm(FlaskForm):
    """Reminders on (``send`` checked) or off; the page sends the opposite of today's."""

    send = BooleanField(_l("Send evening reminders"))


class DefaultLanguageForm(FlaskForm):
    """The language of the event's pages for visitors whose browser asks for none of ours."""

    default_language = SelectField(
        _l("Language of the pages when the visitor's browser asks for neither"),
        choices=list(LANGUAGES.items()),
    )
    submit = SubmitField(_l("Save the language"))


# Organisers may give any type, whatever the registration form offers.
ORGANISER_TYPE_CHOICES = [(t.value, PARTICIPANT_TYPE_LABELS[t]) for t in ParticipantType]


class OrganiserProfileForm(ProfileForm):
    """A participant's profile as an organiser edits it on their behalf: with their address and
    every participant type; without the directory listing, which only the person can consent to."""

    email = EmailField(
        _l("Email"), validators=[InputRequired(), Length(max=254), valid_email]
    )
    participant_type = SelectField(_l("Takes part as"))
    directory_visibility = None
    directory_consent = None
    submit = SubmitField(_l("Save the changes"))
