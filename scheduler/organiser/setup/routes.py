"""Setting an event up: its settings, a new event, a clone, the programme, the B2B
sessions and the registration questions. Views stay thin: the operations modules beside
this one do the work."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from scheduler.agenda.days import programme_days
from scheduler.attendees.forms import ConfirmForm
from scheduler.extensions import db
from scheduler.http import no_store
from scheduler.i18n import gettext, ngettext
from scheduler.models import (
    AgendaItem,
    AgendaItemKind,
    B2BSession,
    Event,
    EventStatus,
    Participant,
    ParticipantType,
    QuestionKind,
    RegistrationQuestion,
    offered_types,
)
from scheduler.organiser.access import organised_event
from scheduler.organiser.setup.booths import booth_hosts, booth_problems, booths_of, set_booth
from scheduler.organiser.setup.events import (
    EventSettings,
    NewEvent,
    SlugTaken,
    apply_settings,
    clone_event,
    create_event,
    dates_problem,
    host_choices,
    settings_problems,
    slug_taken,
    to_local,
    to_utc,
    zone_problem,
)
from scheduler.organiser.setup.forms import (
    AgendaItemForm,
    BoothForm,
    CloneEventForm,
    DeleteQuestionForm,
    DeleteSessionForm,
    EventSettingsForm,
    MoveQuestionForm,
    NewEventForm,
    QuestionForm,
    SessionForm,
)
from scheduler.organiser.setup.grid import programme_grid
from scheduler.organiser.setup.programme import (
    ItemData,
    ItemRefused,
    add_item,
    delete_item,
    item_problems,
    outside_dates,
    signup_count,
    update_item,
    warnings_of,
    zone_change_warning,
)
from scheduler.organiser.setup.questions import (
    AnswersNotConfirmed,
    QuestionData,
    add_question,
    answer_count,
    answer_counts,
    delete_question,
    move_question,
    question_problems,
    update_question,
)
from scheduler.organiser.setup.sessions import (
    SessionData,
    SessionRefused,
    add_session,
    capacity_line,
    delete_session,
    edit_problems,
    overbooked,
    session_lock,
    session_problems,
    tables_problem,
    update_session,
)
from scheduler.organiser.team.audit import record

blueprint = Blueprint("setup", __name__, url_prefix="/organiser/events")
blueprint.after_request(no_store)

EVENT = "/<string(maxlength=80):slug>"


def _english(english: str, french: str) -> str:
    """A name for the log, which is kept in English: the English text, else the French one."""
    return english or french


def _show(form: object, problems: dict[str, str]) -> bool:
    """Put ``problems`` beside their fields; ``True`` when there were none."""
    for name, message in problems.items():
        getattr(form, name).errors.append(message)
    return not problems


def _initial(form_class: type, obj: object, **overrides: object) -> dict[str, object]:
    """The form's starting values: ``obj``'s attributes of the same names, then
    ``overrides`` (times shown at the venue, enums as their values)."""
    names = [name for name in vars(form_class) if not name.startswith("_")]
    values = {name: getattr(obj, name) for name in names if hasattr(obj, name)}
    return {**values, **overrides}


def _uid_domain() -> str:
    return current_app.config["SERVER_NAME_FOR_UIDS"]


def _slug_taken(slug: str) -> str:
    return gettext("Another event already uses the address '%(slug)s'.", slug=slug)


@blueprint.route("/new", methods=["GET", "POST"])
@login_required
def new_event() -> str | Response:
    """Create an event; whoever creates it owns it."""
    form = NewEventForm()
    if form.validate_on_submit():
        data = NewEvent(
            name=form.name.data.strip(),
            slug=form.slug.data,
            start_date=form.start_date.data,
            end_date=form.end_date.data,
            timezone=form.timezone.data.strip(),
            venue_name=form.venue_name.data.strip(),
        )
        problems = {}
        if (problem := zone_problem(data.timezone)) is not None:
            problems["timezone"] = problem
        if (problem := dates_problem(data.start_date, data.end_date)) is not None:
            problems["end_date"] = problem
        if slug_taken(db.session, data.slug):
            problems["slug"] = _slug_taken(data.slug)
        if _show(form, problems):
            event = create_event(db.session, current_user, data)
            record(current_user, event, "create_event", detail=event.name)
            flash(
                gettext("%(event)s is created, in draft: set it up below.", event=event.name),
                "success",
            )
            return redirect(url_for("setup.settings", slug=event.slug))
    return render_template("organiser/setup/new_event.html", form=form)


def _settings_form(event: Event) -> EventSettingsForm:
    form = EventSettingsForm(
        data=_initial(
            EventSettingsForm,
            event,
            status=event.status.value,
            description=event.description_en,
            offered_types=[t.value for t in offered_types(event)],
            host_organisation_id=event.host_organisation_id or 0,
            registration_opens_at=to_local(event.registration_opens_at, event.timezone),
            registration_closes_at=to_local(event.registration_closes_at, event.timezone),
            requests_expire_at=to_local(event.requests_expire_at, event.timezone),
        )
    )
    form.host_organisation_id.choices = [(0, "None")] + [
        (o.id, o.name) for o in host_choices(db.session, event)
    ]
    return form


@blueprint.route(f"{EVENT}/settings", methods=["GET", "POST"])
@login_required
def settings(slug: str) -> str | Response:
    """The event's settings, registration and requests included."""
    event = organised_event(slug)
    form = _settings_form(event)
    if form.validate_on_submit():
        zone = form.timezone.data.strip()
        # Times are read at the venue; in the old zone while the new one is not valid.
        reading_zone = event.timezone if zone_problem(zone) else zone
        data = EventSettings(
            name=form.name.data.strip(),
            host_organisation_id=form.host_organisation_id.data or None,
            venue_name=form.venue_name.data.strip(),
            address=form.address.data.strip(),
            timezone=zone,
            start_date=form.start_date.data,
            end_date=form.end_date.data,
            description=form.description.data,
            description_fr=form.description_fr.data or "",
            status=EventStatus(form.status.data),
            sender_email=(form.sender_email.data or "").strip(),
            sender_name=form.sender_name.data.strip(),
            registration_opens_at=to_utc(form.registration_opens_at.data, reading_zone),
            registration_closes_at=to_utc(form.registration_closes_at.data, reading_zone),
            approval_required=form.approval_required.data,
            offered_types=[ParticipantType(value) for value in form.offered_types.data or []],
            directory_listed_by_default=form.directory_listed_by_default.data,
            meeting_request_quota=form.meeting_request_quota.data,
            requests_expire_at=to_utc(form.requests_expire_at.data, reading_zone),
            auto_accept_requests=form.auto_accept_requests.data,
            max_meetings_per_participant=form.max_meetings_per_participant.data,
            retention_days=form.retention_days.data,
        )
        if _show(form, settings_problems(data)):
            old_zone = event.timezone
            apply_settings(event, data)
            record(current_user, event, "edit_settings")
            flash(gettext("The settings are saved."), "success")
            if (warning := zone_change_warning(event, old_zone)) is not None:
                flash(warning, "warning")
            return redirect(url_for("setup.settings", slug=event.slug))
    return render_template(
        "organiser/setup/settings.html", event=event, form=form, outside=outside_dates(event)
    )


@blueprint.route(f"{EVENT}/clone", methods=["GET", "POST"])
@login_required
def clone(slug: str) -> str | Response:
    """Copy the event into a new edition: settings, programme and sessions, no people."""
    event = organised_event(slug)
    form = CloneEventForm()
    if form.validate_on_submit():
        data = NewEvent(
            name=form.name.data.strip(),
            slug=form.slug.data,
            start_date=form.start_date.data,
            end_date=form.start_date.data,
            timezone=event.timezone,
        )
        try:
            copy = clone_event(db.session, event, current_user, data, uid_domain=_uid_domain())
        except SlugTaken:
            form.slug.errors.append(_slug_taken(data.slug))
        else:
            record(current_user, copy, "clone_event", detail=f"from {event.slug}")
            flash(
                gettext(
                    "%(copy)s is created from %(event)s, in draft.",
                    copy=copy.name,
                    event=event.name,
                ),
                "success",
            )
            return redirect(url_for("setup.settings", slug=copy.slug))
    return render_template("organiser/setup/clone.html", event=event, form=form)


def _item_data(event: Event, form: AgendaItemForm) -> ItemData:
    return ItemData(
        kind=AgendaItemKind(form.kind.data),
        title=form.title.data.strip(),
        title_fr=(form.title_fr.data or "").strip(),
        description=form.description.data,
        description_fr=form.description_fr.data or "",
        room=form.room.data.strip(),
        starts_at=to_utc(form.starts_at.data, event.timezone),
        ends_at=to_utc(form.ends_at.data, event.timezone),
        capacity=form.capacity.data,
        requires_signup=form.requires_signup.data,
    )


@blueprint.route(f"{EVENT}/programme", methods=["GET", "POST"])
@login_required
def programme(slug: str) -> str | Response:
    """The programme by day, its warnings, and a form to add an item."""
    event = organised_event(slug)
    form = AgendaItemForm()
    if form.validate_on_submit():
        data = _item_data(event, form)
        if _show(form, item_problems(event, data)):
            item = add_item(db.session, event, data, uid_domain=_uid_domain())
            record(current_user, event, "add_item", detail=_english(item.title_en, item.title_fr))
            flash(gettext("%(item)s is added to the programme.", item=item.title), "success")
            return redirect(url_for("setup.programme", slug=event.slug))
    warnings = warnings_of(event)
    items = dict(programme_days(event))
    warned = {item_id for warning in warnings for item_id in warning.item_ids}
    return render_template(
        "organiser/setup/programme.html",
        event=event,
        form=form,
        days=[(grid, items.get(grid.day, [])) for grid in programme_grid(event, warned)],
        warnings=[warning.message for warning in warnings],
    )


def _event_item(event: Event, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.event_id != event.id:
        abort(404)
    return item


@blueprint.route(f"{EVENT}/programme/<int(min=1, max=2147483647):item_id>", methods=["GET", "POST"])
@login_required
def edit_item(slug: str, item_id: int) -> str | Response:
    """Edit one agenda item, or delete it."""
    event = organised_event(slug)
    item = _event_item(event, item_id)
    form = AgendaItemForm(
        data=_initial(
            AgendaItemForm,
            item,
            kind=item.kind.value,
            title=item.title_en,
            description=item.description_en,
            starts_at=to_local(item.starts_at, event.timezone),
            ends_at=to_local(item.ends_at, event.timezone),
        )
    )
    if form.validate_on_submit():
        data = _item_data(event, form)
        if _show(form, item_problems(event, data, item)):
            update_item(item, data)
            record(current_user, event, "edit_item", detail=_english(item.title_en, item.title_fr))
            flash(gettext("%(item)s is saved.", item=item.title), "success")
            return redirect(url_for("setup.programme", slug=event.slug))
    return render_template(
        "organiser/setup/item.html",
        event=event,
        item=item,
        form=form,
        delete_form=ConfirmForm(),
        held=signup_count(db.session, item),
    )


@blueprint.route(f"{EVENT}/programme/<int(min=1, max=2147483647):item_id>/delete", methods=["POST"])
@login_required
def delete_agenda_item(slug: str, item_id: int) -> Response:
    """Delete an item nobody holds a seat in; otherwise say why not."""
    event = organised_event(slug)
    item = _event_item(event, item_id)
    if ConfirmForm().validate_on_submit():
        title, logged = item.title, _english(item.title_en, item.title_fr)
        try:
            delete_item(db.session, item)
        except ItemRefused as refused:
            flash(str(refused), "danger")
            return redirect(url_for("setup.edit_item", slug=event.slug, item_id=item.id))
        record(current_user, event, "delete_item", detail=logged)
        flash(gettext("%(item)s is deleted.", item=title), "success")
    return redirect(url_for("setup.programme", slug=event.slug))


def _sizes(session: B2BSession) -> dict[str, str]:
    """The session's name and its numbers of slots and tables, for a message."""
    return {
        "session": session.name,
        "slots": ngettext("%(num)s slot", "%(num)s slots", len(session.slots)),
        "tables": ngettext("%(num)s table", "%(num)s tables", len(session.tables)),
    }


def _session_data(event: Event, form: SessionForm) -> SessionData:
    return SessionData(
        name=form.name.data.strip(),
        name_fr=(form.name_fr.data or "").strip(),
        starts_at=to_utc(form.starts_at.data, event.timezone),
        ends_at=to_utc(form.ends_at.data, event.timezone),
        slot_minutes=form.slot_minutes.data,
        pause_minutes=form.pause_minutes.data or 0,
        tables=form.tables.data,
        room=form.room.data.strip(),
    )


@blueprint.route(f"{EVENT}/sessions", methods=["GET", "POST"])
@login_required
def sessions(slug: str) -> str | Response:
    """The B2B sessions with their capacity, who is overbooked, and a form to add one."""
    event = organised_event(slug)
    form = SessionForm()
    if form.validate_on_submit():
        data = _session_data(event, form)
        if _show(form, session_problems(event, data)):
            session = add_session(db.session, event, data)
            record(current_user, event, "add_session", detail=_english(data.name, data.name_fr))
            flash(
                gettext("%(session)s is added: %(slots)s and %(tables)s.", **_sizes(session)),
                "success",
            )
            return redirect(url_for("setup.sessions", slug=event.slug))
    return render_template(
        "organiser/setup/sessions.html",
        event=event,
        form=form,
        line=capacity_line(db.session, event),
        overbooked=overbooked(db.session, event),
    )


def _question_data(form: QuestionForm) -> QuestionData:
    return QuestionData(
        kind=QuestionKind(form.kind.data),
        label_en=form.label_en.data or "",
        label_fr=form.label_fr.data or "",
        required=form.required.data,
        options_en=form.options_en.data or "",
        options_fr=form.options_fr.data or "",
    )


@blueprint.route(f"{EVENT}/questions", methods=["GET", "POST"])
@login_required
def questions(slug: str) -> str | Response:
    """The event's own registration questions in their order, and a form to add one."""
    event = organised_event(slug)
    form = QuestionForm()
    if form.validate_on_submit():
        data = _question_data(form)
        if _show(form, question_problems(db.session, data)):
            question = add_question(db.session, event, data)
            record(
                current_user, event, "add_question", detail=_english(data.label_en, data.label_fr)
            )
            flash(gettext("%(question)s is added.", question=question.label), "success")
            return redirect(url_for("setup.questions", slug=event.slug))
    return render_template(
        "organiser/setup/questions.html",
        event=event,
        form=form,
        answers=answer_counts(db.session, event),
        move_form=MoveQuestionForm(),
    )


def _event_question(slug: str, question_id: int) -> tuple[Event, RegistrationQuestion]:
    """The organised event at ``slug`` and its question ``question_id``, else a 404."""
    event = organised_event(slug)
    question = db.session.get(RegistrationQuestion, question_id)
    if question is None or question.event_id != event.id:
        abort(404)
    return event, question


QUESTION = f"{EVENT}/questions/<int(min=1, max=2147483647):question_id>"


@blueprint.route(QUESTION, methods=["GET", "POST"])
@login_required
def edit_question(slug: str, question_id: int) -> str | Response:
    """Edit one question; deleting it is offered with the number of answers that go."""
    event, question = _event_question(slug, question_id)
    form = QuestionForm(data=_initial(QuestionForm, question, kind=question.kind.value))
    if form.validate_on_submit():
        data = _question_data(form)
        if _show(form, question_problems(db.session, data, question)):
            update_question(question, data)
            record(
                current_user, event, "edit_question", detail=_english(data.label_en, data.label_fr)
            )
            flash(gettext("%(question)s is saved.", question=question.label), "success")
            return redirect(url_for("setup.questions", slug=event.slug))
    answers = answer_count(db.session, question)
    return render_template(
        "organiser/setup/question.html",
        event=event,
        question=question,
        form=form,
        answers=answers,
        delete_form=DeleteQuestionForm(formdata=None, answers=answers),
    )


@blueprint.route(f"{QUESTION}/move", methods=["POST"], endpoint="move_question")
@login_required
def move_question_route(slug: str, question_id: int) -> Response:
    """Move a question one place up or down the registration form."""
    event, question = _event_question(slug, question_id)
    form = MoveQuestionForm()
    if form.validate_on_submit():
        move_question(db.session, question, -1 if form.direction.data == "up" else 1)
        record(
            current_user,
            event,
            "move_question",
            detail=_english(question.label_en, question.label_fr),
        )
    return redirect(url_for("setup.questions", slug=event.slug))


@blueprint.route(f"{QUESTION}/delete", methods=["POST"], endpoint="delete_question")
@login_required
def delete_question_route(slug: str, question_id: int) -> Response:
    """Delete a question with its answers, as many as the organiser was shown."""
    event, question = _event_question(slug, question_id)
    form = DeleteQuestionForm()
    if form.validate_on_submit():
        label, logged = question.label, _english(question.label_en, question.label_fr)
        try:
            deleted = delete_question(db.session, question, form.answers.data or 0)
        except AnswersNotConfirmed as refused:
            flash(
                ngettext(
                    "%(num)s person has answered this question by now: check, then delete "
                    "it again.",
                    "%(num)s people have answered this question by now: check, then delete "
                    "it again.",
                    refused.args[0],
                ),
                "warning",
            )
            return redirect(
                url_for("setup.edit_question", slug=event.slug, question_id=question_id)
            )
        record(current_user, event, "delete_question", detail=f"{logged} ({deleted} answers)")
        flash(
            ngettext(
                "%(question)s is deleted, with %(num)s answer.",
                "%(question)s is deleted, with %(num)s answers.",
                deleted,
                question=label,
            )
            if deleted
            else gettext("%(question)s is deleted.", question=label),
            "success",
        )
    return redirect(url_for("setup.questions", slug=event.slug))


SESSION = f"{EVENT}/sessions/<int(min=1, max=2147483647):session_id>"


def _event_session(event: Event, session_id: int) -> B2BSession:
    session = db.session.get(B2BSession, session_id)
    if session is None or session.event_id != event.id:
        abort(404)
    return session


def _session_form(event: Event, session: B2BSession, *formdata: object) -> SessionForm:
    """The session's form, its values shown at the venue; ``None`` as ``formdata`` ignores
    what was posted (the page answers another of its forms)."""
    initial = _initial(
        SessionForm,
        session,
        name=session.name_en,  # the English field: not the name in the reader's language
        starts_at=to_local(session.starts_at, event.timezone),
        ends_at=to_local(session.ends_at, event.timezone),
        tables=len(session.tables),
    )
    return SessionForm(*formdata, data=initial)


def _booth_form(session: B2BSession) -> BoothForm:
    form = BoothForm()
    form.table_id.choices = [(t.id, t.display_name) for t in session.tables]
    form.host_id.choices = [(0, gettext("Nobody"))] + [
        (p.id, f"{p.full_name} ({p.organisation.name})" if p.organisation else p.full_name)
        for p in booth_hosts(db.session, session)
    ]
    return form


def _session_page(
    event: Event,
    session: B2BSession,
    form: SessionForm,
    booth_form: BoothForm | None = None,
    delete_form: DeleteSessionForm | None = None,
) -> str:
    hosts = {p.id: p for p in booth_hosts(db.session, session)}
    return render_template(
        "organiser/setup/session.html",
        event=event,
        session=session,
        form=form,
        booth_form=booth_form or _booth_form(session),
        delete_form=delete_form or DeleteSessionForm(formdata=None),
        booths=[(table, hosts.get(table.reserved_for_id)) for table in booths_of(session)],
        lock=session_lock(db.session, session),
    )


@blueprint.route(SESSION, methods=["GET", "POST"])
@login_required
def edit_session(slug: str, session_id: int) -> str | Response:
    """Edit a B2B session: name, room, window, slots and the number of tables."""
    event = organised_event(slug)
    session = _event_session(event, session_id)
    form = _session_form(event, session)
    if form.validate_on_submit():
        data = _session_data(event, form)
        problems = edit_problems(db.session, event, session, data)
        if problem := tables_problem(db.session, session, data.tables):
            problems["tables"] = problem
        if _show(form, problems):
            update_session(db.session, session, data)
            record(current_user, event, "edit_session", detail=_english(data.name, data.name_fr))
            flash(
                gettext("%(session)s is saved: %(slots)s and %(tables)s.", **_sizes(session)),
                "success",
            )
            return redirect(url_for("setup.sessions", slug=event.slug))
    return _session_page(event, session, form)


@blueprint.route(f"{SESSION}/booths", methods=["POST"])
@login_required
def session_booth(slug: str, session_id: int) -> str | Response:
    """Reserve a table of the session for a host, or free it."""
    event = organised_event(slug)
    session = _event_session(event, session_id)
    form = _booth_form(session)
    if form.validate_on_submit():
        table = next(t for t in session.tables if t.id == form.table_id.data)
        host = db.session.get(Participant, form.host_id.data) if form.host_id.data else None
        if _show(form, booth_problems(db.session, session, table, host.id if host else None)):
            set_booth(db.session, session, table, host, form.label.data.strip())
            record(
                current_user,
                event,
                "set_booth",
                participant=host,
                detail=f"{_english(session.name_en, session.name_fr)}, table {table.number}",
            )
            message = (
                gettext(
                    "Table %(number)s is now the booth of %(host)s.",
                    number=table.number,
                    host=host.full_name,
                )
                if host
                else gettext("Table %(number)s is a plain table again.", number=table.number)
            )
            flash(message, "success")
            return redirect(url_for("setup.edit_session", slug=event.slug, session_id=session.id))
    return _session_page(event, session, _session_form(event, session, None), booth_form=form)


@blueprint.route(f"{SESSION}/delete", methods=["POST"])
@login_required
def delete_b2b_session(slug: str, session_id: int) -> str | Response:
    """Delete a session nothing is placed or published in, once confirmed."""
    event = organised_event(slug)
    session = _event_session(event, session_id)
    form = DeleteSessionForm()
    if form.validate_on_submit():
        name, logged = session.name, _english(session.name_en, session.name_fr)
        try:
            delete_session(db.session, session)
        except SessionRefused as refused:
            flash(str(refused), "danger")
            return redirect(url_for("setup.edit_session", slug=event.slug, session_id=session.id))
        record(current_user, event, "delete_session", detail=logged)
        flash(gettext("%(session)s is deleted.", session=name), "success")
        return redirect(url_for("setup.sessions", slug=event.slug))
    return _session_page(event, session, _session_form(event, session, None), delete_form=form)
