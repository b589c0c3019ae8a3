"""Forms of the directory and of meeting requests."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from scheduler.attendees.choices import country_choices, language_choices
from scheduler.attendees.forms import RememberedSelect, no_nul
from scheduler.i18n import gettext
from scheduler.i18n import lazy_gettext as _l
from scheduler.models import CooperationInterest, OrganisationType, Priority
from scheduler.models.organisations import ORGANISATION_TYPE_LABELS, SECTOR_LABELS
from scheduler.models.people import COOPERATION_LABELS

PRIORITY_CHOICES = [
    (str(int(Priority.MUST_MEET)), _l("Must meet")),
    (str(int(Priority.WOULD_LIKE)), _l("Would like to meet")),
    (str(int(Priority.IF_TIME_ALLOWS)), _l("If time allows")),
]


class DirectoryFilterForm(FlaskForm):
    """GET filters; an unknown value is reported beside its field and ignored."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=100), no_nul])
    sector = SelectField(
        _l("Sector"),
        choices=[("", _l("Any sector")), *SECTOR_LABELS.items()],
        validators=[Optional()],
        widget=RememberedSelect(),
    )
    country = SelectField(
        _l("Country"),
        choices=lambda: [("", gettext("Any country")), *country_choices()],
        validators=[Optional()],
        widget=RememberedSelect(),
    )
    organisation_type = SelectField(
        _l("Organisation type"),
        choices=[("", _l("Any type"))]
        + [(t.value, ORGANISATION_TYPE_LABELS[t]) for t in OrganisationType],
        validators=[Optional()],
        widget=RememberedSelect(),
    )
    interest = SelectField(
        _l("Cooperation"),
        choices=[("", _l("Any cooperation"))]
        + [(i.value, COOPERATION_LABELS[i]) for i in CooperationInterest],
        validators=[Optional()],
        widget=RememberedSelect(),
    )
    language = SelectField(
        _l("Language"),
        choices=lambda: [("", gettext("Any language")), *language_choices()],
        validators=[Optional()],
        widget=RememberedSelect(),
    )


class MeetingRequestForm(FlaskForm):
    message = TextAreaField(
        _l("Message"),
        validators=[
            InputRequired(message=_l("Say in a few words what you would like to discuss.")),
            Length(max=600),
            no_nul,
        ],
    )
    priority = RadioField(
        _l("Priority"), choices=PRIORITY_CHOICES, default=str(int(Priority.WOULD_LIKE))
    )
    submit = SubmitField(_l("Request a meeting"))
