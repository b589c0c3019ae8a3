"""Forms of the directory and of meeting requests."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from scheduler.attendees.choices import COUNTRIES, LANGUAGES
from scheduler.attendees.forms import no_nul
from scheduler.models import CooperationInterest, OrganisationType, Priority
from scheduler.models.organisations import ORGANISATION_TYPE_LABELS, STANDARD_SECTORS

PRIORITY_CHOICES = [
    (str(int(Priority.MUST_MEET)), "Must meet"),
    (str(int(Priority.WOULD_LIKE)), "Would like to meet"),
    (str(int(Priority.IF_TIME_ALLOWS)), "If time allows"),
]


class DirectoryFilterForm(FlaskForm):
    """GET filters; an unknown value is reported beside its field and ignored."""

    class Meta:
        csrf = False

    q = StringField("Search", validators=[Optional(), Length(max=100), no_nul])
    sector = SelectField(
        "Sector", choices=[("", "Any sector"), *STANDARD_SECTORS.items()], validators=[Optional()]
    )
    country = SelectField(
        "Country", choices=[("", "Any country"), *COUNTRIES], validators=[Optional()]
    )
    organisation_type = SelectField(
        "Organisation type",
        choices=[("", "Any type")]
        + [(t.value, ORGANISATION_TYPE_LABELS[t]) for t in OrganisationType],
        validators=[Optional()],
    )
    interest = SelectField(
        "Cooperation",
        choices=[("", "Any cooperation")] + [(i.value, i.label) for i in CooperationInterest],
        validators=[Optional()],
    )
    language = SelectField(
        "Language", choices=[("", "Any language"), *LANGUAGES], validators=[Optional()]
    )


class MeetingRequestForm(FlaskForm):
    message = TextAreaField(
        "Message",
        validators=[
            InputRequired(message="Say in a few words what you would like to discuss."),
            Length(max=600),
            no_nul,
        ],
    )
    priority = RadioField(
        "Priority", choices=PRIORITY_CHOICES, default=str(int(Priority.WOULD_LIKE))
    )
    submit = SubmitField("Request a meeting")
