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
from scheduler.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH


class ImportForm(FlaskForm):
    """The participant list to upload."""

    file = FileField("Participant list (CSV or XLSX)", validators=[FileRequired("Choose a file.")])
    submit = SubmitField("Upload and check")


ROLE_CHOICES = [
    ("co_organiser", "Organiser"),
    ("viewer", "Viewer (read only)"),
    ("owner", "Owner"),
]


class InviteForm(FlaskForm):
    """Whom to invite into the team, and with which role."""

    email = EmailField("Email", validators=[InputRequired(), Length(max=254), valid_email])
    role = SelectField("Role", choices=ROLE_CHOICES, default="co_organiser")
    submit = SubmitField("Send the invitation")


class RoleForm(FlaskForm):
    role = SelectField("Role", choices=ROLE_CHOICES)


class JoinForm(FlaskForm):
    """Joining with a new account: a name and a password, twice."""

    display_name = StringField("Your name", validators=[Length(max=200), single_line])
    password = PasswordField(
        "Password",
        validators=[
            InputRequired(),
            Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH),
        ],
    )
    confirm = PasswordField(
        "Password again", validators=[InputRequired(), EqualTo("password", "The passwords differ.")]
    )
    submit = SubmitField("Set my password and join")


class SignInToJoinForm(FlaskForm):
    """Joining with the account the address already has: its password."""

    password = PasswordField(
        "Password", validators=[InputRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    submit = SubmitField("Sign in and join")


class AnnouncementForm(FlaskForm):
    """An email to the participants: previewed first, then sent to the count shown."""

    subject = StringField("Subject", validators=[InputRequired(), Length(max=150), single_line])
    body = TextAreaField("Message", validators=[InputRequired(), Length(max=10_000)])
    count = HiddenField()
    preview = SubmitField("Preview")
    send = SubmitField("Send")
