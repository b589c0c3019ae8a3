"""Attendee pages: register, get a link, and the personal space of a participant."""

from __future__ import annotations

import json

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from scheduler.agenda.calendars import agenda_calendar, meeting_calendar
from scheduler.agenda.emails import profile_links
from scheduler.agenda.personal import personal_agenda
from scheduler.attendees.events import load_event
from scheduler.attendees.forms import ConfirmForm
from scheduler.attendees.links import LinkInvalid, check_access_token, redeem_access_token
from scheduler.attendees.session import (
    current_attendee,
    require_attendee,
    sign_in_attendee,
    sign_out_attendee,
)
from scheduler.extensions import db
from scheduler.http import calendar_response, no_store
from scheduler.i18n import current_language, gettext
from scheduler.mail.delivery import forget_mailbox_copies
from scheduler.models import (
    AgendaItem,
    DirectoryVisibility,
    Event,
    Meeting,
    SignupStatus,
    utcnow,
)
from scheduler.ratelimits import link_limits, signup_limits
from scheduler.registration import answers, feeds, registrations, seats
from scheduler.registration import privacy as personal_data
from scheduler.registration.emails import (
    queue_access_link,
    queue_promoted,
    queue_seat_email,
    queue_withdrawal_emails,
)
from scheduler.registration.forms import (
    AvailabilityForm,
    EditProfileForm,
    RegistrationForm,
    ResendLinkForm,
    answers_from,
    fill_answers,
    fill_from_participant,
    keep_given_options,
    populate_choices,
    profile_data,
    with_questions,
)
from scheduler.registration.portal import portal_lists
from scheduler.unit_of_work import after_commit, discard

blueprint = Blueprint("attendee", __name__, url_prefix="/events/<string(maxlength=80):slug>")


blueprint.after_request(no_store)


@blueprint.route("/register", methods=["GET", "POST"])
@signup_limits
def register(slug: str) -> str | BaseResponse:
    event = load_event(slug)
    if not event.is_registration_open():
        return render_template("attendee/registration_closed.html", event=event), 403
    # The directory default only preselects a listing: the consent box stays unticked.
    proposed = (
        DirectoryVisibility.PARTICIPANTS
        if event.directory_listed_by_default
        else DirectoryVisibility.NOBODY
    )
    form = with_questions(RegistrationForm, event)(directory_visibility=proposed.value)
    populate_choices(form, event)
    if form.validate_on_submit():
        outcome = registrations.register(
            event,
            form.email.data,
            profile_data(form),
            form.signups.data or [],
            form.unavailable_slot_ids(),
            language=current_language(),
            answers=answers_from(form),
        )
        queue_access_link(
            outcome.participant,
            "registered" if outcome.created else "duplicate",
            seats=outcome.seats,
            waitlisted=outcome.waitlisted,
        )
        return redirect(url_for("attendee.check_email", slug=slug))
    return render_template("attendee/register.html", event=event, form=form)


@blueprint.route("/privacy")
def privacy(slug: str) -> str:
    """The privacy notice attendees agree to, in the version their consent records."""
    return render_template(
        "attendee/privacy.html", event=load_event(slug), version=personal_data.PRIVACY_TEXT_VERSION
    )


@blueprint.route("/check-your-email")
def check_email(slug: str) -> str:
    return render_template("attendee/check_email.html", event=load_event(slug))


@blueprint.route("/link", methods=["GET", "POST"])
@link_limits
def resend_link(slug: str) -> str | BaseResponse:
    """Send a fresh link; the answer is the same whether or not the address is registered."""
    event = load_event(slug)
    form = ResendLinkForm()
    if form.validate_on_submit():
        participant = registrations.find_participant(event, form.email.data)
        if participant is not None and participant.anonymised_at is None:
            queue_access_link(participant, "again")
        return redirect(url_for("attendee.check_email", slug=slug))
    return render_template("attendee/resend_link.html", event=event, form=form)


@blueprint.route("/access/<string(maxlength=400):token>", methods=["GET", "POST"])
def access(slug: str, token: str) -> str | BaseResponse:
    """Opening the link shows a button; pressing it (a POST) swaps the single-use link for a
    session. Mail scanners that fetch links before the person clicks so use up nothing."""
    event = load_event(slug)
    form = ConfirmForm()
    try:
        participant = check_access_token(token, event.id)
        if request.method == "POST" and form.validate_on_submit():
            participant = redeem_access_token(token, event.id)
        elif (current := current_attendee(event)) is not None and current.id == participant.id:
            return redirect(url_for("attendee.portal", slug=slug))
        else:
            return render_template(
                "attendee/open_link.html", event=event, form=form, participant=participant
            )
    except LinkInvalid as error:
        return render_template("attendee/link_invalid.html", event=event, reason=str(error)), 400
    sign_in_attendee(participant)
    return redirect(url_for("attendee.portal", slug=slug))


@blueprint.route("/me")
def portal(slug: str) -> str | BaseResponse:
    event = load_event(slug)
    participant = current_attendee(event)
    if participant is None:
        return redirect(url_for("attendee.resend_link", slug=slug))
    requests, meetings = portal_lists(participant)
    return render_template(
        "attendee/portal.html",
        event=event,
        me=participant,
        requests=requests,
        meetings=meetings,
        form=ConfirmForm(),
    )


@blueprint.route("/me/profile", methods=["GET", "POST"])
def edit_profile(slug: str) -> str | BaseResponse:
    event = load_event(slug)
    participant = require_attendee(event)
    form = with_questions(EditProfileForm, event)()
    populate_choices(form, event, participant)
    given = answers.stored_answers(participant)
    keep_given_options(form, given)
    if request.method == "GET":
        fill_from_participant(form, participant)
        fill_answers(form, given)
    if form.validate_on_submit():
        registrations.apply_profile(participant, profile_data(form))
        answers.save_answers(participant, answers_from(form))
        flash(gettext("Your profile is saved."), "success")
        return redirect(url_for("attendee.portal", slug=slug))
    return render_template("attendee/profile.html", event=event, form=form, me=participant)


@blueprint.route("/me/availability", methods=["GET", "POST"])
def availability(slug: str) -> str | BaseResponse:
    event = load_event(slug)
    participant = require_attendee(event)
    form = AvailabilityForm()
    populate_choices(form, event)
    if request.method == "GET":
        form.show_unavailable({s.id for s in participant.unavailable_slots})
    if form.validate_on_submit():
        registrations.set_unavailability(participant, form.unavailable_slot_ids())
        flash(gettext("Your availability is saved."), "success")
        return redirect(url_for("attendee.portal", slug=slug))
    return render_template("attendee/availability.html", event=event, form=form)


@blueprint.route("/me/agenda")
def agenda(slug: str) -> str:
    """The participant's own agenda, day by day; printable (one page per day)."""
    event = load_event(slug)
    participant = require_attendee(event)
    feed = url_for(
        "attendee.calendar_feed", slug=slug, token=feeds.feed_token(participant), _external=True
    )
    return render_template(
        "attendee/agenda.html",
        event=event,
        me=participant,
        days=personal_agenda(db.session, participant),
        feed_url=feed,
        webcal_url="webcal://" + feed.split("://", 1)[1],
        form=ConfirmForm(),
    )


@blueprint.route("/me/agenda/feed/reset", methods=["POST"])
def reset_feed(slug: str) -> BaseResponse:
    """Replace the subscription address: calendars subscribed to the old one stop updating."""
    event = load_event(slug)
    participant = require_attendee(event)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    feeds.revoke_feed(participant)
    flash(
        gettext("Your calendar subscription address is replaced; the old one no longer works."),
        "info",
    )
    return redirect(url_for("attendee.agenda", slug=slug))


@blueprint.route("/calendar/<string(length=43):token>.ics")
def calendar_feed(slug: str, token: str) -> BaseResponse:
    """The personal agenda for calendar subscriptions, behind its secret address; answers
    304 when the calendar's copy is current."""
    event = load_event(slug)
    participant = feeds.subscriber(event, token)
    if participant is None:
        abort(404)
    data, etag, changed = feeds.current_feed(
        participant,
        lambda stamp: agenda_calendar(db.session, participant, profile_links(event), stamp),
    )
    response = Response(data, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Cache-Control"] = "private, no-cache"
    response.set_etag(etag)
    response.last_modified = changed
    return response.make_conditional(request)


@blueprint.route("/me/agenda.ics")
def agenda_ics(slug: str) -> BaseResponse:
    """The participant's agenda as a calendar file: meetings, seats and plenaries."""
    event = load_event(slug)
    participant = require_attendee(event)
    data = agenda_calendar(db.session, participant, profile_links(event), utcnow())
    return calendar_response(data, f"{event.slug}-my-agenda.ics")


@blueprint.route("/me/meetings/<int(min=1, max=2147483647):meeting_id>.ics")
def meeting_ics(slug: str, meeting_id: int) -> BaseResponse:
    """One published meeting of the participant, for "Add to my calendar"."""
    event = load_event(slug)
    participant = require_attendee(event)
    meeting = db.session.get(Meeting, meeting_id)
    if (
        meeting is None
        or meeting.event_id != event.id
        or not meeting.is_live
        or meeting.published is None
        or participant not in meeting.participants
    ):
        abort(404)
    data = meeting_calendar(meeting, participant, profile_links(event), utcnow())
    return calendar_response(data, f"{event.slug}-meeting-{meeting.id}.ics")


@blueprint.route("/me/sessions")
def sessions(slug: str) -> str:
    event = load_event(slug)
    participant = require_attendee(event)
    statuses = {
        s.agenda_item_id: s.status
        for s in participant.signups
        if s.status is not SignupStatus.CANCELLED
    }
    return render_template(
        "attendee/sessions.html",
        event=event,
        items=seats.signup_items(event),
        statuses=statuses,
        form=ConfirmForm(),
    )


def _signup_item(event: Event, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.event_id != event.id or not item.requires_signup:
        abort(404)
    return item


@blueprint.route("/me/sessions/<int(min=1, max=2147483647):item_id>/join", methods=["POST"])
def join_session(slug: str, item_id: int) -> BaseResponse:
    event = load_event(slug)
    participant = require_attendee(event)
    item = _signup_item(event, item_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        status = seats.join_session(participant, item)
    except seats.SignupRefused as refusal:
        discard()
        flash(str(refusal), "warning")
        return redirect(url_for("attendee.sessions", slug=slug))
    if status is SignupStatus.CONFIRMED:
        queue_seat_email(participant, item, taken=True)
        flash(gettext("You have a seat in \u201c%(item)s\u201d.", item=item.title), "success")
    else:
        flash(
            gettext("\u201c%(item)s\u201d is full: you are on the waiting list.", item=item.title),
            "warning",
        )
    return redirect(url_for("attendee.sessions", slug=slug))


@blueprint.route("/me/sessions/<int(min=1, max=2147483647):item_id>/leave", methods=["POST"])
def leave_session(slug: str, item_id: int) -> BaseResponse:
    event = load_event(slug)
    participant = require_attendee(event)
    item = _signup_item(event, item_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    signup = seats.signup_of(participant, item)
    had_seat = signup is not None and signup.status is SignupStatus.CONFIRMED
    promoted = seats.leave_session(participant, item)
    if had_seat:
        queue_seat_email(participant, item, taken=False)
    if promoted is not None:
        queue_promoted(promoted, item)
    flash(gettext("You left \u201c%(item)s\u201d.", item=item.title), "info")
    return redirect(url_for("attendee.sessions", slug=slug))


@blueprint.route("/me/export.json")
def export(slug: str) -> Response:
    event = load_event(slug)
    participant = require_attendee(event, active=False)
    body = json.dumps(personal_data.export_data(participant), ensure_ascii=False, indent=2)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-my-data.json"'},
    )


@blueprint.route("/me/withdraw", methods=["GET", "POST"])
def withdraw(slug: str) -> str | BaseResponse:
    event = load_event(slug)
    participant = require_attendee(event)
    form = ConfirmForm()
    if form.validate_on_submit():
        queue_withdrawal_emails(personal_data.withdraw(participant))
        flash(
            gettext("You have withdrawn from the event. Your seats and meetings were released."),
            "info",
        )
        return redirect(url_for("attendee.portal", slug=slug))
    return render_template("attendee/withdraw.html", event=event, form=form)


@blueprint.route("/me/delete", methods=["GET", "POST"])
def delete_account(slug: str) -> str | BaseResponse:
    event = load_event(slug)
    participant = require_attendee(event, active=False)
    form = ConfirmForm()
    if form.validate_on_submit():
        erasure = personal_data.erase(participant)
        queue_withdrawal_emails(erasure)
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        after_commit(lambda: forget_mailbox_copies(app, erasure.erased_emails))
        sign_out_attendee()
        flash(gettext("Your account is deleted. Your personal data was erased."), "info")
        return redirect(url_for("public.event_page", slug=slug))
    return render_template("attendee/delete.html", event=event, form=form)


@blueprint.route("/me/sign-out", methods=["POST"])
def sign_out(slug: str) -> BaseResponse:
    event = load_event(slug)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    sign_out_attendee(current_attendee(event))
    flash(
        gettext(
            "You are signed out, on this device and on every other one. "
            "Use the link in your emails to come back."
        ),
        "info",
    )
    return redirect(url_for("public.event_page", slug=slug))
