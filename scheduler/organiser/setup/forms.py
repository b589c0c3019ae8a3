"""Forms of the event set-up pages: settings, a new event, a clone, an agenda item and a
B2B session. Checks that need the event live in the operations modules."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, NumberRange, Optional, Regexp

from scheduler.models import AgendaItemKind, EventStatus

LOCAL = "%Y-%m-%dT%H:%M"
SLUG = Regexp(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    message="Lower-case letters, digits and single hyphens only, e.g. pic-2028.",
)


class EventSettingsForm(FlaskForm):
    name = StringField("Name", validators=[InputRequired(), Length(max=200)])
    host_organisation_id = SelectField("Host organisation", coerce=int, default=0)
    venue_name = StringField("Venue", validators=[Length(max=200)])
    address = StringField("Address", validators=[Length(max=400)])
    timezone = StringField(
        "Time zone", validators=[InputRequired(), Length(max=64)], description="e.g. Europe/Paris"
    )
    start_date = DateField("First day", validators=[InputRequired()])
    end_date = DateField("Last day", validators=[InputRequired()])
    description = TextAreaField("Description", validators=[Length(max=20000)])
    status = SelectField(
        "Status",
        choices=[(s.value, s.value.replace("_", " ").capitalize()) for s in EventStatus],
    )
    sender_email = EmailField(
        "Contact and sender address", validators=[Optional(), Email(), Length(max=254)]
    )
    sender_name = StringField("Sender name", validators=[Length(max=200)])
    registration_opens_at = DateTimeLocalField(
        "Registration opens", format=LOCAL, validators=[Optional()]
    )
    registration_closes_at = DateTimeLocalField(
        "Registration closes", format=LOCAL, validators=[Optional()]
    )
    approval_required = BooleanField("New registrations wait for an organiser's approval")
    meeting_request_quota = IntegerField(
        "Requests each participant may send",
        validators=[Optional(), NumberRange(min=1)],
        description="empty: no limit",
    )
    requests_expire_at = DateTimeLocalField(
        "Unanswered requests expire at", format=LOCAL, validators=[Optional()]
    )
    auto_accept_requests = BooleanField("Accept every request automatically")
    max_meetings_per_participant = IntegerField(
        "Meetings per participant at most",
        validators=[Optional(), NumberRange(min=1)],
        description="empty: no limit",
    )
    retention_days = IntegerField(
        "Keep personal data for (days after the event)",
        validators=[InputRequired(), NumberRange(min=1, max=3650)],
    )


class NewEventForm(FlaskForm):
    name = StringField("Name", validators=[InputRequired(), Length(max=200)])
    slug = StringField(
        "Address (slug)",
        validators=[InputRequired(), Length(max=80), SLUG],
        description="the event's pages live at /events/<slug>",
    )
    start_date = DateField("First day", validators=[InputRequired()])
    end_date = DateField("Last day", validators=[InputRequired()])
    timezone = StringField(
        "Time zone",
        validators=[InputRequired(), Length(max=64)],
        default="Europe/Paris",
        description="an IANA name, e.g. Europe/Paris",
    )
    venue_name = StringField("Venue", validators=[Length(max=200)])


class CloneEventForm(FlaskForm):
    name = StringField("Name of the new edition", validators=[InputRequired(), Length(max=200)])
    slug = StringField("Address (slug)", validators=[InputRequired(), Length(max=80), SLUG])
    start_date = DateField(
        "Its first day",
        validators=[InputRequired()],
        description="every date and time moves by the same number of days",
    )


class AgendaItemForm(FlaskForm):
    kind = SelectField("Kind", choices=[(k.value, k.label) for k in AgendaItemKind])
    title = StringField("Title", validators=[InputRequired(), Length(max=200)])
    description = TextAreaField("Description", validators=[Length(max=20000)])
    room = StringField("Room", validators=[Length(max=120)])
    starts_at = DateTimeLocalField("Starts", format=LOCAL, validators=[InputRequired()])
    ends_at = DateTimeLocalField("Ends", format=LOCAL, validators=[InputRequired()])
    capacity = IntegerField(
        "Capacity", validators=[Optional(), NumberRange(min=1)], description="empty: unlimited"
    )
    requires_signup = BooleanField("Participants sign up for it")


class SessionForm(FlaskForm):
    name = StringField("Name", validators=[InputRequired(), Length(max=120)])
    starts_at = DateTimeLocalField("Window starts", format=LOCAL, validators=[InputRequired()])
    ends_at = DateTimeLocalField("Window ends", format=LOCAL, validators=[InputRequired()])
    slot_minutes = IntegerField(
        "Slot length (minutes)", default=20, validators=[InputRequired(), NumberRange(5, 240)]
    )
    pause_minutes = IntegerField(
        "Pause between slots (minutes)", default=5, validators=[Optional(), NumberRange(0, 120)]
    )
    tables = IntegerField(
        "Number of tables", default=20, validators=[InputRequired(), NumberRange(1, 500)]
    )
    room = StringField("Room", validators=[Length(max=120)])
