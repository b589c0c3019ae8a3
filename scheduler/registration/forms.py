"""Attendee forms: registration, profile (with the event's own questions), availability,
sign-ups, sending the link again."""

from __future__ import annotations

from collections.abc import Callable

from flask_babel.speaklater import LazyString
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, InputRequired, Length, Optional, Regexp, ValidationError

from scheduler.attendees.choices import country_choices, country_names, language_choices
from scheduler.attendees.forms import (
    CheckedSelectField,
    MultiCheckboxField,
    RememberedSelect,
    no_link,
    no_nul,
    no_web_address,
    single_line,
    valid_email,
)
from scheduler.extensions import db
from scheduler.i18n import LANGUAGES, gettext, ngettext
from scheduler.i18n import lazy_gettext as _l
from scheduler.matchmaking.policy import organisations_to_pick
from scheduler.models import (
    STANDARD_SECTORS,
    AgendaItem,
    B2BSession,
    B2BSlot,
    CooperationInterest,
    DirectoryVisibility,
    Event,
    Organisation,
    OrganisationType,
    Participant,
    ParticipantType,
    QuestionKind,
    RegistrationQuestion,
    Sector,
    offered_types,
)
from scheduler.models.organisations import ORGANISATION_TYPE_LABELS, SECTOR_LABELS
from scheduler.models.people import COOPERATION_LABELS, PARTICIPANT_TYPE_LABELS
from scheduler.registration.organisations import OrganisationData
from scheduler.registration.registrations import ProfileData, sessions_with_slots
from scheduler.registration.seats import signup_items
from scheduler.templating import local_time, short_local

NEW_ORGANISATION = 0
VISIBILITY_CHOICES = [
    (DirectoryVisibility.NOBODY.value, _l("Not listed (default)")),
    (DirectoryVisibility.PARTICIPANTS.value, _l("Listed for the other participants of this event")),
    (DirectoryVisibility.PUBLIC.value, _l("Listed publicly on the event's website")),
]


def _line(label: object, maximum: int, required: bool = True, *extra) -> StringField:
    # No Optional() for optional lines: it would also skip the form's validate_<field> checks.
    validators = [Length(max=maximum), single_line, *extra]
    return StringField(label, validators=[InputRequired(), *validators] if required else validators)


def _text(label: object) -> TextAreaField:
    return TextAreaField(label, validators=[Optional(), Length(max=1000), no_nul])


class ProfileForm(FlaskForm):
    """What a participant says about themselves and their organisation."""

    first_name = _line(_l("First name"), 100, True, no_web_address)
    last_name = _line(_l("Last name"), 100, True, no_web_address)
    phone = StringField(
        _l("Phone"),
        validators=[
            Optional(),
            Length(max=40),
            Regexp(r"^\+?[0-9 ().-]{6,40}$", message=_l("Use digits, spaces and an optional +.")),
        ],
    )
    job_title = _line(_l("Job title"), 150, False, no_web_address)
    participant_type = SelectField(
        _l("I take part as"),
        choices=[(t.value, PARTICIPANT_TYPE_LABELS[t]) for t in ParticipantType],
        default=ParticipantType.DELEGATE.value,
    )
    organisation_id = CheckedSelectField(
        _l("Organisation"), coerce=int, default=NEW_ORGANISATION, widget=RememberedSelect()
    )
    organisation_name = _line(_l("Organisation name"), 200, False, no_link)
    organisation_type = SelectField(
        _l("Organisation type"),
        choices=[("", _l("Choose..."))]
        + [(t.value, ORGANISATION_TYPE_LABELS[t]) for t in OrganisationType],
    )
    country = SelectField(
        _l("Country"),
        choices=lambda: [("", gettext("Choose...")), *country_choices()],
        widget=RememberedSelect(),
    )
    city = _line(_l("City"), 120, required=False)
    website = URLField(_l("Website"), validators=[Optional(), Length(max=300), URL(), single_line])
    sectors = MultiCheckboxField(_l("Sectors"))
    tags = StringField(
        _l("Other sectors or keywords (comma-separated)"),
        validators=[Optional(), Length(max=300), single_line],
    )
    offer_text = _text(_l("What we offer"))
    seek_text = _text(_l("What we seek"))
    interests = MultiCheckboxField(
        _l("Cooperation we are interested in"),
        choices=[(i.value, COOPERATION_LABELS[i]) for i in CooperationInterest],
    )
    languages = MultiCheckboxField(_l("Languages I can meet in"), choices=language_choices)
    directory_visibility = RadioField(
        _l("Directory listing"),
        choices=VISIBILITY_CHOICES,
        default=DirectoryVisibility.NOBODY.value,
    )
    directory_consent = BooleanField(
        _l(
            "I agree that my name, organisation, job title and profile texts are shown as "
            "chosen above. My email and phone are only shown to people I have a confirmed "
            "meeting with."
        )
    )
    submit = SubmitField(_l("Save"))

    def validate_organisation_name(self, field: StringField) -> None:
        if self.organisation_id.data == NEW_ORGANISATION and not (field.data or "").strip():
            raise ValidationError(_l("Give your organisation's name, or pick it from the list."))

    def validate_organisation_type(self, field: SelectField) -> None:
        if self.organisation_id.data == NEW_ORGANISATION and not field.data:
            raise ValidationError(_l("Choose the type of your organisation."))

    def validate_country(self, field: SelectField) -> None:
        if self.organisation_id.data == NEW_ORGANISATION and not field.data:
            raise ValidationError(_l("Choose your organisation's country."))

    def validate_directory_consent(self, field: BooleanField) -> None:
        listed = self.directory_visibility.data != DirectoryVisibility.NOBODY.value
        if listed and not field.data:
            raise ValidationError(_l("Tick this box to be listed, or choose 'Not listed'."))


class EditProfileForm(ProfileForm):
    """The profile, as its owner edits it: with the language of the emails they get."""

    # Not sent (or not one of ours), the language stays as it is.
    email_language = SelectField(
        _l("Language of the emails we send you"),
        choices=list(LANGUAGES.items()),
        validate_choice=False,
    )


class AvailabilityFields:
    """Whole B2B sessions one will miss, and single slots; together, the unavailable slots."""

    absent_sessions = MultiCheckboxField(_l("B2B sessions I will miss entirely"), coerce=int)
    unavailable_slots = MultiCheckboxField(
        _l("Single B2B slots when I am NOT available"), coerce=int
    )
    session_slots: dict[int, list[int]] = {}

    def unavailable_slot_ids(self) -> list[int]:
        chosen = set(self.unavailable_slots.data or [])
        for session_id in self.absent_sessions.data or []:
            chosen |= set(self.session_slots.get(session_id, []))
        return sorted(chosen)

    def show_unavailable(self, slot_ids: set[int]) -> None:
        """Pre-fill: a session whose every slot is taken away shows as a whole session."""
        whole = [s for s, slots in self.session_slots.items() if slots and set(slots) <= slot_ids]
        covered = {slot for s in whole for slot in self.session_slots[s]}
        self.absent_sessions.data = whole
        self.unavailable_slots.data = sorted(slot_ids - covered)


class RegistrationForm(AvailabilityFields, ProfileForm):
    """Registration: the profile plus email, programme, availability and privacy."""

    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254), valid_email])
    signups = MultiCheckboxField(_l("Workshops and visits"), coerce=int)
    privacy = BooleanField(
        _l(
            "I have read the privacy notice and agree that my registration data is processed "
            "to organise this event."
        ),
        validators=[InputRequired(message=_l("You must agree to the privacy notice to register."))],
    )
    submit = SubmitField(_l("Register"))
    signup_items: dict[int, AgendaItem] = {}

    def validate_signups(self, field: MultiCheckboxField) -> None:
        chosen = [self.signup_items[i] for i in field.data or [] if i in self.signup_items]
        for index, first in enumerate(chosen):
            for second in chosen[index + 1 :]:
                if first.starts_at < second.ends_at and second.starts_at < first.ends_at:
                    raise ValidationError(
                        gettext(
                            "\u201c%(first)s\u201d and \u201c%(second)s\u201d run at the same "
                            "time: choose one.",
                            first=first.title,
                            second=second.title,
                        )
                    )


class AvailabilityForm(AvailabilityFields, FlaskForm):
    submit = SubmitField(_l("Save availability"))


class ResendLinkForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[InputRequired(), Length(max=254), valid_email])
    submit = SubmitField(_l("Send me my link"))


class Later(LazyString):
    """A label written when first shown, then kept: a valid POST never writes it."""

    def __init__(self, write: Callable[..., str], *args: object) -> None:
        super().__init__(write, *args)
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            self._text = str(self._func(*self._args))
        return self._text


def populate_choices(
    form: ProfileForm | AvailabilityForm, event: Event, participant: Participant | None = None
) -> None:
    """Fill the choice lists that depend on the event, the database and who is editing."""
    if isinstance(form, ProfileForm):
        _organisation_choices(form, event, participant)
        offered = offered_types(event)
        form.participant_type.choices = [(t.value, t.label) for t in offered]
        current = participant.participant_type if participant else None
        if current is not None and current not in offered:
            # A type the organiser gave (speaker, staff) is kept, not silently replaced.
            form.participant_type.choices.insert(0, (current.value, current.label))
    if isinstance(form, RegistrationForm):
        form.signup_items = {item.id: item for item in signup_items(event)}
        form.signups.choices = [
            (item_id, Later(signup_label, event, item))
            for item_id, item in form.signup_items.items()
        ]
    if isinstance(form, RegistrationForm | AvailabilityForm):
        sessions = sessions_with_slots(event)
        slots = sorted((slot for s in sessions for slot in s.slots), key=lambda s: s.starts_at)
        # Labels written only if the form is shown: a valid POST needs only the values.
        form.unavailable_slots.choices = [(s.id, Later(slot_label, event, s)) for s in slots]
        form.absent_sessions.choices = [(s.id, Later(session_label, event, s)) for s in sessions]
        form.session_slots = {s.id: [slot.id for slot in s.slots] for s in sessions}


def _organisation_choices(form: ProfileForm, event: Event, participant: Participant | None) -> None:
    pickable = organisations_to_pick(event, participant)

    def choices() -> list[tuple[int, str]]:
        countries = country_names()
        organisations = db.session.execute(
            pickable.with_only_columns(Organisation.id, Organisation.name, Organisation.country)
        )
        return [(NEW_ORGANISATION, gettext("My organisation is not listed"))] + [
            (id_, f"{name} ({countries.get(country, country)})")
            for id_, name, country in organisations
        ]

    def offers(organisation_id: object) -> bool:
        if organisation_id == NEW_ORGANISATION:
            return True
        picked = pickable.where(Organisation.id == organisation_id)
        return db.session.scalar(picked.with_only_columns(Organisation.id).limit(1)) is not None

    form.organisation_id.choices = choices
    form.organisation_id.offers = offers
    form.sectors.choices = [
        (s.slug, s.display_label)
        for s in db.session.scalars(
            select(Sector).where(Sector.is_standard.is_(True)).order_by(Sector.label)
        )
    ] or [(slug, str(SECTOR_LABELS[slug])) for slug in STANDARD_SECTORS]


def signup_label(event: Event, item: AgendaItem) -> str:
    when = (
        f"{short_local(item.starts_at, event.timezone)}"
        f"\u2013{local_time(item.ends_at, event.timezone)}"
    )
    if item.seats_left is None:
        room = gettext("open")
    elif item.seats_left > 0:
        room = ngettext("%(num)s seat left", "%(num)s seats left", item.seats_left)
    else:
        room = gettext("full: waiting list")
    return f"{item.title} ({when}, {room})"


def session_label(event: Event, session: B2BSession) -> str:
    start = short_local(session.starts_at, event.timezone)
    return f"{session.name} ({start}\u2013{local_time(session.ends_at, event.timezone)})"


def slot_label(event: Event, slot: B2BSlot) -> str:
    start = short_local(slot.starts_at, event.timezone)
    when = f"{start}\u2013{local_time(slot.ends_at, event.timezone)}"
    return gettext("%(session)s: %(detail)s", session=slot.session.name, detail=when)


def profile_data(form: ProfileForm, visibility: DirectoryVisibility | None = None) -> ProfileData:
    """The operations' view of a validated profile form. ``visibility`` stands for a form
    without the listing fields: an organiser's edit, since listing is the person's own consent."""
    new = form.organisation_id.data == NEW_ORGANISATION
    return ProfileData(
        first_name=form.first_name.data or "",
        last_name=form.last_name.data or "",
        phone=form.phone.data or "",
        job_title=form.job_title.data or "",
        participant_type=ParticipantType(form.participant_type.data),
        offer_text=form.offer_text.data or "",
        seek_text=form.seek_text.data or "",
        interests=[CooperationInterest(v) for v in form.interests.data or []],
        languages=list(form.languages.data or []),
        visibility=visibility or DirectoryVisibility(form.directory_visibility.data),
        email_language=_email_language(form),
        organisation=OrganisationData(
            existing_id=None if new else form.organisation_id.data,
            name=form.organisation_name.data or "",
            type=OrganisationType(form.organisation_type.data) if new else None,
            country=form.country.data or "",
            city=form.city.data or "",
            website=form.website.data or "",
            sector_slugs=list(form.sectors.data or []) if new else [],
            tags=[t.strip() for t in (form.tags.data or "").split(",") if t.strip()] if new else [],
        ),
    )


def _email_language(form: ProfileForm) -> str | None:
    if isinstance(form, EditProfileForm) and form.email_language.data in LANGUAGES:
        return form.email_language.data
    return None


def fill_from_participant(form: ProfileForm, participant: Participant) -> None:
    """Pre-fill the profile form for editing."""
    form.first_name.data = participant.first_name
    form.last_name.data = participant.last_name
    form.phone.data = participant.phone
    form.job_title.data = participant.job_title
    form.participant_type.data = participant.participant_type.value
    form.organisation_id.data = participant.organisation_id or NEW_ORGANISATION
    form.offer_text.data = participant.offer_text
    form.seek_text.data = participant.seek_text
    form.interests.data = [i.value for i in participant.interest_values]
    form.languages.data = participant.language_codes
    if form.directory_visibility is not None:
        form.directory_visibility.data = participant.directory_visibility.value
        form.directory_consent.data = (
            participant.directory_visibility is not DirectoryVisibility.NOBODY
        )
    if isinstance(form, EditProfileForm):
        form.email_language.data = participant.language


QUESTION_PREFIX = "question_"


def _answer_field(question: RegistrationQuestion, enforce_required: bool = True) -> Field:
    """The field of one of the event's questions, labelled in the reader's language."""
    required = (
        [InputRequired(message=_l("Answer this question, please."))]
        if question.required and enforce_required
        else []
    )
    if question.kind is QuestionKind.TEXT:
        return TextAreaField(
            question.label, validators=[*required, Optional(), Length(max=2000), no_nul]
        )
    blank = ("", gettext("Choose..."))
    return SelectField(
        question.label, choices=[blank, *question.choices()], default="", validators=required
    )


def with_questions(
    form_class: type[ProfileForm], event: Event, enforce_required: bool = True
) -> type[ProfileForm]:
    """``form_class`` with a field for each of ``event``'s questions, in the form's order.
    Without ``enforce_required`` (an organiser correcting someone's profile), a required
    question may stay unanswered: the person answers it, not the organiser."""
    fields = {
        f"{QUESTION_PREFIX}{q.id}": _answer_field(q, enforce_required) for q in event.questions
    }
    extended = type(form_class.__name__, (form_class,), fields)
    extended.question_names = list(fields)
    return extended


def answers_from(form: ProfileForm) -> dict[int, str]:
    """The answers of a validated form, by question id ("" for none)."""
    return {
        int(name.removeprefix(QUESTION_PREFIX)): (form[name].data or "").strip()
        for name in getattr(form, "question_names", [])
    }


def keep_given_options(form: ProfileForm, answers: dict[int, str]) -> None:
    """Offer each stored answer in its list, even an option removed or reworded since, so
    that the answer given stays valid: on every request, before the form is validated."""
    for question_id, value in answers.items():
        field = form._fields.get(f"{QUESTION_PREFIX}{question_id}")
        if isinstance(field, SelectField) and value not in dict(field.choices):
            field.choices.append((value, value))


def fill_answers(form: ProfileForm, answers: dict[int, str]) -> None:
    """Pre-fill the question fields with stored answers (as stored, for the lists too)."""
    keep_given_options(form, answers)
    for question_id, value in answers.items():
        name = f"{QUESTION_PREFIX}{question_id}"
        if name in form:
            form[name].data = value
