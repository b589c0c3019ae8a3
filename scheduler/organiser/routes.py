"""Organiser console: sign in, sign out, the list of one's events and each event's organiser
area (dashboard, registrations, emails)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from scheduler.attendees.choices import country_names
from scheduler.attendees.forms import ConfirmForm
from scheduler.extensions import db
from scheduler.http import no_store
from scheduler.i18n import gettext, language, language_name, ngettext
from scheduler.models import (
    Event,
    OutboxStatus,
    Participant,
    ParticipantType,
    Priority,
    RequestStatus,
)
from scheduler.organiser.access import organised_event
from scheduler.organiser.auth import authenticate, sign_in, sign_out
from scheduler.organiser.charts import bar_chart, cumulative_line
from scheduler.organiser.dashboard import (
    MEETINGS_HISTOGRAM_TOP,
    event_breakdowns,
    event_figures,
    organised_events,
)
from scheduler.organiser.emails import queue_decision
from scheduler.organiser.exports import (
    Table,
    meetings_table,
    participants_table,
    requests_table,
    signups_table,
)
from scheduler.organiser.forms import (
    ORGANISER_TYPE_CHOICES,
    DefaultLanguageForm,
    LoginForm,
    OrganiserProfileForm,
    RemindersForm,
)
from scheduler.organiser.outbox import outbox_report, retry_failed
from scheduler.organiser.participants import (
    DecisionRefused,
    EmailTaken,
    approve,
    edit_on_behalf,
    participant_file,
    participant_in,
    reject,
    withdraw_on_behalf,
)
from scheduler.organiser.registrations import (
    LISTED,
    SORTS,
    STATUSES,
    WITH_REQUESTS,
    filter_choices,
    parse_filters,
    registration_page,
)
from scheduler.organiser.requests import (
    AGES,
    ORDERS,
    STATES,
    parse_request_filters,
    request_page,
    without_meeting,
)
from scheduler.organiser.spreadsheets import CSV_TYPE, XLSX_TYPE, csv_bytes, xlsx_bytes
from scheduler.organiser.team.audit import ACTIONS, entries, record
from scheduler.ratelimits import login_limits
from scheduler.registration.answers import stored_answers
from scheduler.registration.emails import queue_access_link, queue_withdrawal_emails
from scheduler.registration.forms import (
    answers_from,
    fill_answers,
    fill_from_participant,
    keep_given_options,
    populate_choices,
    profile_data,
    with_questions,
)

blueprint = Blueprint("organiser", __name__, url_prefix="/organiser")


blueprint.after_request(no_store)


@blueprint.route("/login", methods=["GET", "POST"])
@login_limits
def login() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("organiser.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        account = authenticate(form.email.data or "", form.password.data or "")
        if account is not None:
            sign_in(account)
            return redirect(url_for("organiser.dashboard"))
        form.password.errors.append(gettext("Email or password is not right."))
    return render_template("organiser/login.html", form=form)


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    sign_out(current_user)
    flash(gettext("You are signed out."), "info")
    return redirect(url_for("public.home"))


@blueprint.route("/")
@login_required
def dashboard() -> str:
    """The signed-in organiser's events, with their number of active participants."""
    return render_template(
        "organiser/dashboard.html", rows=organised_events(db.session, current_user)
    )


EVENT = "/events/<string(maxlength=80):slug>"


@blueprint.route(f"{EVENT}/")
@login_required
def event_home(slug: str) -> str:
    """The event's dashboard: who takes part, the requests and the meetings, in figures."""
    event = organised_event(slug)
    figures = event_figures(db.session, event)
    breakdowns = event_breakdowns(db.session, event)
    countries = country_names()
    return render_template(
        "organiser/event_home.html",
        event=event,
        figures=figures,
        registrations_line=cumulative_line(breakdowns.registrations_per_day),
        charts={
            "types": bar_chart([(kind.label, count) for kind, count in figures.by_type]),
            "requests": bar_chart(
                [(status.label, figures.requests[status]) for status in RequestStatus]
            ),
            "countries": bar_chart(
                [
                    (countries.get(code, code) if code else gettext("Unknown"), count)
                    for code, count in breakdowns.by_country
                ]
            ),
            "sectors": bar_chart(
                [(sector.display_label, count) for sector, count in breakdowns.by_sector]
            ),
            "meetings": bar_chart(
                [
                    (meetings_bar_label(number), count)
                    for number, count in breakdowns.meetings_per_participant
                ]
            ),
        },
        workshops=breakdowns.workshops,
        language_form=DefaultLanguageForm(default_language=event.default_language),
    )


def meetings_bar_label(number: int) -> str:
    """The label of one bar of the meetings-per-participant histogram; the last bar gathers the
    participants with MEETINGS_HISTOGRAM_TOP meetings or more."""
    if number >= MEETINGS_HISTOGRAM_TOP:
        return gettext("%(num)s or more", num=number)
    return str(number)


@blueprint.route(f"{EVENT}/language", methods=["POST"])
@login_required
def default_language(slug: str) -> Response:
    """Set the language of the event's pages for visitors who chose none (the switch on every
    page and the browser's own languages come first)."""
    event = organised_event(slug)
    form = DefaultLanguageForm()
    if not form.validate_on_submit():
        abort(400)
    event.default_language = form.default_language.data
    flash(
        gettext(
            "The event's pages are now in %(language)s for visitors who chose no language.",
            language=language_name(event.default_language),
        ),
        "info",
    )
    return redirect(url_for("organiser.event_home", slug=slug))


@blueprint.route(f"{EVENT}/registrations/")
@login_required
def registrations(slug: str) -> str:
    """The event's registrations: search, filters, sorting and paging from the query string."""
    event = organised_event(slug)
    page = registration_page(db.session, event, parse_filters(request.args))
    return render_template(
        "organiser/registrations.html",
        event=event,
        result=page,
        choices=filter_choices(db.session, event),
        types=ParticipantType,
        statuses=STATUSES,
        sorts=SORTS,
        listed=LISTED,
        with_requests=WITH_REQUESTS,
    )


@blueprint.route(f"{EVENT}/requests/")
@login_required
def requests_and_meetings(slug: str) -> str:
    """The participants with no meeting at all, and every request with its state and age."""
    event = organised_event(slug)
    return render_template(
        "organiser/requests.html",
        event=event,
        lonely=without_meeting(db.session, event),
        result=request_page(db.session, event, parse_request_filters(request.args)),
        states=STATES,
        ages=AGES,
        orders=ORDERS,
        priorities=Priority,
    )


FORMAT = "<any(csv, xlsx):fmt>"


def _download(event: Event, table: Table, fmt: str) -> Response:
    """The table as a file to download, named after the event."""
    if fmt == "xlsx":
        data, mimetype = xlsx_bytes(table.name, table.header, table.rows), XLSX_TYPE
    else:
        data, mimetype = csv_bytes(table.header, table.rows), CSV_TYPE
    filename = f"{event.slug}-{table.name.lower()}.{fmt}"
    return Response(
        data,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@blueprint.route(f"{EVENT}/registrations/export.{FORMAT}")
@login_required
def export_participants(slug: str, fmt: str) -> Response:
    """The participants that the list's filters select, every page, as CSV or XLSX."""
    event = organised_event(slug)
    table = participants_table(db.session, event, parse_filters(request.args))
    return _download(event, table, fmt)


@blueprint.route(f"{EVENT}/requests/export.{FORMAT}")
@login_required
def export_requests(slug: str, fmt: str) -> Response:
    """Every meeting request of the event, as CSV or XLSX."""
    event = organised_event(slug)
    return _download(event, requests_table(db.session, event), fmt)


@blueprint.route(f"{EVENT}/meetings/export.{FORMAT}")
@login_required
def export_meetings(slug: str, fmt: str) -> Response:
    """Every meeting of the event with its draft and published slot and table."""
    event = organised_event(slug)
    return _download(event, meetings_table(db.session, event), fmt)


@blueprint.route(f"{EVENT}/signups/export.{FORMAT}")
@login_required
def export_signups(slug: str, fmt: str) -> Response:
    """The seats and waiting lists of the programme items people sign up for."""
    event = organised_event(slug)
    return _download(event, signups_table(db.session, event), fmt)


PARTICIPANT = f"{EVENT}/registrations/<int(min=1, max=2147483647):participant_id>"


def _participant(event: Event, participant_id: int) -> Participant:
    participant = participant_in(db.session, event, participant_id)
    if participant is None:
        abort(404)
    return participant


@blueprint.route(PARTICIPANT)
@login_required
def participant(slug: str, participant_id: int) -> str:
    """Everything a participant entered, their requests, meetings and seats, and what the
    organisers changed for them."""
    event = organised_event(slug)
    person = _participant(event, participant_id)
    return render_template(
        "organiser/participant.html",
        event=event,
        file=participant_file(db.session, person),
        form=ConfirmForm(),
        priorities=Priority,
        log=entries(db.session, event, participant=person),
        actions=ACTIONS,
    )


def _decide(slug: str, participant_id: int, action: Callable[[Participant], str]) -> Response:
    """Run one of the organisers' changes on a participant from a POST button, then go back
    to their page with what happened (or why nothing did)."""
    event = organised_event(slug)
    person = _participant(event, participant_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        flash(action(person), "success")
    except DecisionRefused as refusal:
        flash(str(refusal), "warning")
    return redirect(url_for("organiser.participant", slug=slug, participant_id=participant_id))


@blueprint.route(f"{PARTICIPANT}/edit", methods=["GET", "POST"])
@login_required
def edit_participant(slug: str, participant_id: int) -> str | Response:
    """Correct a participant's profile or address for them (their listing in the directory
    stays theirs to decide)."""
    event = organised_event(slug)
    person = _participant(event, participant_id)
    if person.anonymised_at is not None:
        abort(404)
    form = with_questions(OrganiserProfileForm, event, enforce_required=False)()
    populate_choices(form, event, person)
    form.participant_type.choices = list(ORGANISER_TYPE_CHOICES)  # any, not only those offered
    given = stored_answers(person)
    keep_given_options(form, given)
    if request.method == "GET":
        fill_from_participant(form, person)
        fill_answers(form, given)
        form.email.data = person.email
    if form.validate_on_submit():
        try:
            changed = edit_on_behalf(
                db.session,
                person,
                form.email.data or "",
                profile_data(form, visibility=person.directory_visibility),
                answers_from(form),
            )
        except EmailTaken as taken:
            form.email.errors.append(str(taken))
        else:
            if changed:
                record(
                    current_user,
                    event,
                    "edit_profile",
                    participant=person,
                    detail=_changed_labels(form, changed),
                )
                flash(gettext("%(name)s's profile is saved.", name=person.full_name), "success")
            else:
                flash(gettext("Nothing was changed."), "info")
            return redirect(
                url_for("organiser.participant", slug=slug, participant_id=participant_id)
            )
    return render_template("organiser/participant_edit.html", event=event, person=person, form=form)


def _changed_labels(form: OrganiserProfileForm, changed: list[str]) -> str:
    """The changed fields as the log names them: in English, like every detail of the log."""
    with language("en"):
        return ", ".join(
            gettext("Answers to the registration questions")
            if name == "answers"
            else str(form[name].label.text)
            for name in changed
        )


@blueprint.route(f"{PARTICIPANT}/approve", methods=["POST"])
@login_required
def approve_participant(slug: str, participant_id: int) -> Response:
    """Confirm a registration that waits for approval, and email the person their link."""

    def act(person: Participant) -> str:
        approve(db.session, person)
        queue_decision(person, approved=True)
        record(current_user, person.event, "approve", participant=person)
        return gettext(
            "%(name)s's registration is confirmed; they were emailed their link.",
            name=person.full_name,
        )

    return _decide(slug, participant_id, act)


@blueprint.route(f"{PARTICIPANT}/reject", methods=["POST"])
@login_required
def reject_participant(slug: str, participant_id: int) -> Response:
    """Turn down a registration that waits for approval, and tell the person."""

    def act(person: Participant) -> str:
        queue_withdrawal_emails(reject(db.session, person))
        queue_decision(person, approved=False)
        record(current_user, person.event, "reject", participant=person)
        return gettext(
            "%(name)s's registration is turned down; they were told by email.",
            name=person.full_name,
        )

    return _decide(slug, participant_id, act)


@blueprint.route(f"{PARTICIPANT}/withdraw", methods=["POST"])
@login_required
def withdraw_participant(slug: str, participant_id: int) -> Response:
    """Withdraw a participant on their behalf: seats freed, requests and meetings cancelled."""

    def act(person: Participant) -> str:
        queue_withdrawal_emails(withdraw_on_behalf(db.session, person))
        record(current_user, person.event, "withdraw", participant=person)
        return gettext(
            "%(name)s is withdrawn; their seats and meetings were released.",
            name=person.full_name,
        )

    return _decide(slug, participant_id, act)


@blueprint.route(f"{PARTICIPANT}/send-link", methods=["POST"])
@login_required
def send_link(slug: str, participant_id: int) -> Response:
    """Email the participant a fresh link to their personal space."""

    def act(person: Participant) -> str:
        if person.anonymised_at is not None:
            raise DecisionRefused(
                gettext("This participant's data was erased: there is no one to email.")
            )
        queue_access_link(person, "organiser")
        record(current_user, person.event, "send_link", participant=person)
        return gettext("A new link was emailed to %(email)s.", email=person.email)

    return _decide(slug, participant_id, act)


@blueprint.route(f"{EVENT}/emails/")
@login_required
def emails(slug: str) -> str:
    """What became of the event's emails: sent, waiting, failed and why."""
    event = organised_event(slug)
    return render_template(
        "organiser/emails.html",
        event=event,
        report=outbox_report(db.session, event),
        statuses=OutboxStatus,
        form=ConfirmForm(),
        reminders_form=RemindersForm(send=not event.send_reminders),
    )


@blueprint.route(f"{EVENT}/emails/retry", methods=["POST"])
@blueprint.route(f"{EVENT}/emails/<int(min=1, max=2147483647):email_id>/retry", methods=["POST"])
@login_required
def retry_emails(slug: str, email_id: int | None = None) -> Response:
    """Send the failed emails again (one, or all of them)."""
    event = organised_event(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    count = retry_failed(db.session, event, email_id)
    if count:
        record(current_user, event, "retry_emails", detail=f"{count} email(s)")
    flash(
        ngettext("%(num)s email queued again.", "%(num)s emails queued again.", count)
        if count
        else gettext("No failed email to send."),
        "info",
    )
    return redirect(url_for("organiser.emails", slug=slug))


@blueprint.route(f"{EVENT}/emails/reminders", methods=["POST"])
@login_required
def reminders(slug: str) -> Response:
    """Switch the evening reminders of the next day's agenda on or off."""
    event = organised_event(slug)
    form = RemindersForm()
    if not form.validate_on_submit():
        abort(400)
    event.send_reminders = form.send.data
    record(current_user, event, "reminders", detail="on" if event.send_reminders else "off")
    flash(
        gettext("Evening reminders are on.")
        if event.send_reminders
        else gettext("Evening reminders are off."),
        "info",
    )
    return redirect(url_for("organiser.emails", slug=slug))
