"""Forms of the event set-up pages: settings, a new event, a clone, an agenda item, a
B2B session and a registration question. Checks that need the event live in the operations
modules. Texts the participants read have an English and a French field."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    DateTimeLocalField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from scheduler.attendees.forms import MultiCheckboxField
from scheduler.i18n import lazy_gettext as _l
from scheduler.models import AgendaItemKind, EventStatus, ParticipantType, QuestionKind
from scheduler.models.events import AGENDA_ITEM_KIND_LABELS, EVENT_STATUS_LABELS
from scheduler.models.people import PARTICIPANT_TYPE_LABELS
from scheduler.models.questions import QUESTION_KIND_LABELS

LOCAL = "%Y-%m-%dT%H:%M"
SLUG = Regexp(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    message=_l("Lower-case letters, digits and single hyphens only, e.g. pic-2028."),
)


def _at_least_one(form: FlaskForm, field: MultiCheckboxField) -> None:
    # Not InputRequired: it would mark every checkbox as required.
    if not field.data:
        raise ValidationError(_l("Offer at least one participant type."))


class EventSettingsForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    host_organisation_id = SelectField(_l("Host organisation"), coerce=int, default=0)
    venue_name = StringField(_l("Venue"), validators=[Length(max=200)])
    address = StringField(_l("Address"), validators=[Length(max=400)])
    timezone = StringField(
        _l("Time zone"),
        validators=[InputRequired(), Length(max=64)],
        description=_l("e.g. Europe/Paris"),
    )
    start_date = DateField(_l("First day"), validators=[InputRequired()])
    end_date = DateField(_l("Last day"), validators=[InputRequired()])
    description = TextAreaField(_l("Description in English"), validators=[Length(max=20000)])
    description_fr = TextAreaField(_l("Description in French"), validators=[Length(max=20000)])
    status = SelectField(
        _l("Status"),
        choices=[(s.value, EVENT_STATUS_LABELS[s]) for s in EventStatus],
    )
    sender_email = EmailField(
        _l("Contact and sender address"), validators=[Optional(), Email(), Length(max=254)]
    )
    sender_name = StringField(_l("Sender name"), validators=[Length(max=200)])
    registration_opens_at = DateTimeLocalField(
        _l("Registration opens"), format=LOCAL, validators=[Optional()]
    )
    registration_closes_at = DateTimeLocalField(
        _l("Registration closes"), format=LOCAL, validators=[Optional()]
    )
    approval_required = BooleanField(_l("New registrations wait for an organiser's approval"))
    offered_types = MultiCheckboxField(
        _l("Participant types offered on the registration form"),
        choices=[(t.value, PARTICIPANT_TYPE_LABELS[t]) for t in ParticipantType],
        validators=[_at_least_one],
    )
    directory_listed_by_default = BooleanField(
        _l(
            "The registration form proposes a listing in the participant directory (each "
            "person still ticks their consent)"
        )
    )
    meeting_request_quota = IntegerField(
        _l("Requests each participant may send"),
        validators=[Optional(), NumberRange(min=1)],
        description=_l("empty: no limit"),
    )
    requests_expire_at = DateTimeLocalField(
        _l("Unanswered requests expire at"), format=LOCAL, validators=[Optional()]
    )
    auto_accept_requests = BooleanField(_l("Accept every request automatically"))
    max_meetings_per_participant = IntegerField(
        _l("Meetings per participant at most"),
        validators=[Optional(), NumberRange(min=1)],
        description=_l("empty: no limit"),
    )
    retention_days = IntegerField(
        _l("Keep personal data for (days after the event)"),
        validators=[InputRequired(), NumberRange(min=1, max=3650)],
    )


class NewEventForm(FlaskForm):
    name = StringField(_l("Name"), validators=[InputRequired(), Length(max=200)])
    slug = StringField(
        _l("Address (slug)"),
        validators=[InputRequired(), Length(max=80), SLUG],
        description=_l("the event's pages live at /events/<slug>"),
    )
    start_date = DateField(_l("First day"), validators=[InputRequired()])
    end_date = DateField(_l("Last day"), validators=[InputRequired()])
    timezone = StringField(
        _l("Time zone"),
        validators=[InputRequired(), Length(max=64)],
        default="Europe/Paris",
        description=_l("an IANA name, e.g. Europe/Paris"),
    )
    venue_name = StringField(_l("Venue"), validators=[Length(max=200)])


class CloneEventForm(FlaskForm):
    name = StringField(_l("Name of the new edition"), validators=[InputRequired(), Length(max=200)])
    slug = StringField(_l("Address (slug)"), validators=[InputRequired(), Length(max=80), SLUG])
    start_date = DateField(
        _l("Its first day"),
        validators=[InputRequired()],
        description=_l("every date and time moves by the same number of days"),
    )


class AgendaItemForm(FlaskForm):
    kind = SelectField(
        _l("Kind"), choices=[(k.value, AGENDA_ITEM_KIND_LABELS[k]) for k in AgendaItemKind]
    )
    title = StringField(_l("Title in English"), validators=[Length(max=200)])
    title_fr = StringField(_l("Title in French"), validators=[Length(max=200)])
    description = TextAreaField(_l("Description in English"), validators=[Length(max=20000)])
    description_fr = TextAreaField(_l("Description in French"), validators=[Length(max=20000)])
    room = StringField(_l("Room"), validators=[Length(max=120)])
    starts_at = DateTimeLocalField(_l("Starts"), format=LOCAL, validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Ends"), format=LOCAL, validators=[InputRequired()])
    capacity = IntegerField(
        _l("Capacity"),
        validators=[Optional(), NumberRange(min=1)],
        description=_l("empty: unlimited"),
    )
    requires_signup = BooleanField(_l("Participants sign up for it"))


class SessionForm(FlaskForm):
    name = StringField(_l("Name in English"), validators=[Length(max=120)])
    name_fr = StringField(_l("Name in French"), validators=[Length(max=120)])
    starts_at = DateTimeLocalField(_l("Window starts"), format=LOCAL, validators=[InputRequired()])
    ends_at = DateTimeLocalField(_l("Window ends"), format=LOCAL, validators=[InputRequired()])
    slot_minutes = IntegerField(
        _l("Slot length (minutes)"), default=20, validators=[InputRequired(), NumberRange(5, 240)]
    )
    pause_minutes = IntegerField(
        _l("Pause between slots (minutes)"), default=5, validators=[Optional(), NumberRange(0, 120)]
    )
    tables = IntegerField(
        _l("Number of tables"), default=20, validators=[InputRequired(), NumberRange(1, 500)]
    )
    room = StringField(_l("Room"), validators=[Length(max=120)])


class QuestionForm(FlaskForm):
    kind = SelectField(
        _l("Kind of answer"), choices=[(k.value, QUESTION_KIND_LABELS[k]) for k in QuestionKind]
    )
    label_en = StringField(_l("Question in English"), validators=[Length(max=300)])
    label_fr = StringField(_l("Question in French"), validators=[Length(max=300)])
    options_en = TextAreaField(
        _l("Options in English"),
        validators=[Length(max=5000)],
        description=_l("for a choice in a list: one option a line"),
    )
    options_fr = TextAreaField(
        _l("Options in French"),
        validators=[Length(max=5000)],
        description=_l("the same options, line for line"),
    )
    required = BooleanField(_l("An answer is required"))


DIRECTIONS = ("up", "down")


class MoveQuestionForm(FlaskForm):
    direction = HiddenField(validators=[InputRequired(), AnyOf(DIRECTIONS)])


class DeleteQuestionForm(FlaskForm):
    # The number of answers the organiser was shown, and so agreed to delete.
    answers = IntegerField(validators=[Optional(), NumberRange(min=0)], default=0)
class BoothForm(FlaskForm):
    table_id = SelectField(_l("Table"), coerce=int)
    host_id = SelectField(
        _l("Host"), coerce=int, default=0, description=_l("nobody: a plain table again")
    )
    label = StringField(
        _l("Name shown"),
        validators=[Length(max=120)],
        description=_l("empty: “Booth: ” and the host's organisation"),
    )


class DeleteSessionForm(FlaskForm):
    confirm = BooleanField(
        _l("Yes, delete this session with its slots and tables"), validators=[InputRequired()]
    )
