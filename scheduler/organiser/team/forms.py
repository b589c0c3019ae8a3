"""Forms of the import, team, log and announcement pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    EmailField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import EqualTo, InputRequired, Length

from scheduler.attendees.forms import single_line, valid_email
from scheduler.i18n import lazy_gettext as _l
from scheduler.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH


class ImportForm(FlaskForm):
    """The participant list to upload."""

    file = FileField(
        _l("Participant list (CSV or XLSX)"), validators=[FileRequired(_l("Choose a file."))]
    )
    submit = SubmitField(_l("Upload and check"))


ROLE_CHOICES = [
    ("co_organiser", _l("Organiser")),
    ("viewer", _l("Viewer (read only)")),
    ("owner", _l("Owner")),
]


class InviteForm(FlaskForm):
    """Whom to invite into the team, and with which role."""

    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254), valid_email])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="co_organiser")
    submit = SubmitField(_l("Send the invitation"))


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class JoinForm(FlaskForm):
    """Joining with a new account: a name and a password, twice."""

    display_name = StringField(_l("Your name"), validators=[Length(max=200), single_line])
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(),
            Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH),
        ],
    )
    confirm = PasswordField(
        _l("Password again"),
        validators=[InputRequired(), EqualTo("password", _l("The passwords differ."))],
    )
    submit = SubmitField(_l("Set my password and join"))


class SignInToJoinForm(FlaskForm):
    """Joining with the account the address already has: its password."""

    password = PasswordField(
        _l("Password"), validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    submit = SubmitField(_l("Sign in and join"))


class AnnouncementForm(FlaskForm):
    """An email to the participants: previewed first, then sent to the count shown."""

    subject = StringField(_l("Subject"), validators=[InputRequired(), Length(max=150), single_line])
    body = TextAreaField(_l("Message"), validators=[InputRequired(), Length(max=10_000)])
    count = HiddenField()
    preview = SubmitField(_l("Preview"))
    send = SubmitField(_l("Send"))
