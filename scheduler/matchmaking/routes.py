"""Directory, profile pages, meeting requests and suggestions."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from scheduler.attendees.choices import country_names, language_names
from scheduler.attendees.events import load_event
from scheduler.attendees.forms import ConfirmForm
from scheduler.attendees.session import current_attendee, require_attendee
from scheduler.extensions import db
from scheduler.http import no_store
from scheduler.i18n import gettext
from scheduler.i18n import lazy_gettext as _l
from scheduler.matchmaking import requests as meeting_requests
from scheduler.matchmaking.directory import DirectoryFilters, directory_page
from scheduler.matchmaking.emails import queue_request_email
from scheduler.matchmaking.forms import DirectoryFilterForm, MeetingRequestForm
from scheduler.matchmaking.policy import can_see_contact, can_see_profile, have_request
from scheduler.matchmaking.suggestions import suggestions_for
from scheduler.models import MeetingRequest, Participant, Priority, RequestStatus
from scheduler.redis_client import redis_client
from scheduler.unit_of_work import discard

blueprint = Blueprint("matchmaking", __name__, url_prefix="/events/<string(maxlength=80):slug>")


blueprint.after_request(no_store)


@blueprint.route("/participants")
def directory(slug: str) -> str:
    event = load_event(slug)
    viewer = current_attendee(event)
    form = DirectoryFilterForm(request.args)
    filters = _filters(form)
    page = request.args.get("page", 1, type=int)
    page = min(max(page, 1), 10_000)
    pagination = directory_page(event, viewer, filters, page)
    arguments = {k: v for k, v in request.args.items() if k != "page"}

    def page_url(number: int) -> str:
        return url_for("matchmaking.directory", slug=slug, page=number, **arguments)

    return render_template(
        "matchmaking/directory.html",
        event=event,
        viewer=viewer,
        form=form,
        pagination=pagination,
        countries=country_names(),
        page_url=page_url,
    )


def _filters(form: DirectoryFilterForm) -> DirectoryFilters:
    form.validate()
    values = {
        name: ("" if form[name].errors else (form[name].data or "").strip())
        for name in ("sector", "country", "organisation_type", "interest", "language")
    }
    return DirectoryFilters(query="" if form.q.errors else (form.q.data or "").strip(), **values)


def _visible_participant(
    event_id: int, participant_id: int, viewer: Participant | None
) -> Participant:
    participant = db.session.get(Participant, participant_id)
    if (
        participant is None
        or participant.event_id != event_id
        or not can_see_profile(viewer, participant)
    ):
        abort(404)
    return participant


@blueprint.route(
    "/participants/<int(min=1, max=2147483647):participant_id>", methods=["GET", "POST"]
)
def profile(slug: str, participant_id: int) -> str | Response:
    event = load_event(slug)
    viewer = current_attendee(event)
    participant = _visible_participant(event.id, participant_id, viewer)
    form = MeetingRequestForm()
    can_request = viewer is not None and viewer.id != participant.id and viewer.is_active
    if request.method == "POST":
        if not can_request:
            abort(403)
        if form.validate_on_submit():
            try:
                created = meeting_requests.request_meeting(
                    viewer,
                    participant,
                    form.message.data,
                    Priority(int(form.priority.data)),
                    uid_domain=_uid_domain(),
                )
            except meeting_requests.RequestRefused as refusal:
                discard()
                form.message.errors = [*form.message.errors, str(refusal)]
            else:
                queue_request_email("received", created, participant)
                if created.status is RequestStatus.ACCEPTED:  # the event accepts automatically
                    queue_request_email("accepted", created, viewer)
                sent = gettext("Your request was sent to %(name)s.", name=participant.full_name)
                flash(sent, "success")
                return redirect(
                    url_for("matchmaking.profile", slug=slug, participant_id=participant.id)
                )
    return render_template(
        "matchmaking/profile.html",
        event=event,
        viewer=viewer,
        person=participant,
        form=form,
        can_request=can_request and not (viewer and have_request(viewer, participant)),
        show_contact=can_see_contact(viewer, participant),
        countries=country_names(),
        languages=language_names(),
    )


def _uid_domain() -> str:
    return current_app.config["SERVER_NAME_FOR_UIDS"]


def _accept(meeting_request: MeetingRequest, me: Participant) -> None:
    meeting_requests.accept(meeting_request, me, uid_domain=_uid_domain())


ACTIONS = {
    "accept": (_accept, "accepted"),
    "decline": (meeting_requests.decline, "declined"),
    "cancel": (meeting_requests.cancel, "cancelled"),
}
DONE = {
    "accepted": _l("Request accepted."),
    "declined": _l("Request declined."),
    "cancelled": _l("Request cancelled."),
}


@blueprint.route(
    "/me/requests/<int(min=1, max=2147483647):request_id>/<any(accept, decline, cancel):action>",
    methods=["POST"],
)
def answer_request(slug: str, request_id: int, action: str) -> Response:
    event = load_event(slug)
    me = require_attendee(event)
    meeting_request = db.session.get(MeetingRequest, request_id)
    if (
        meeting_request is None
        or meeting_request.event_id != event.id
        or me.id not in (meeting_request.requester_id, meeting_request.recipient_id)
    ):
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    operation, kind = ACTIONS[action]
    try:
        operation(meeting_request, me)
    except meeting_requests.RequestRefused as refusal:
        discard()
        flash(str(refusal), "warning")
        return redirect(url_for("attendee.portal", slug=slug))
    queue_request_email(kind, meeting_request, meeting_request.other_side(me.id))
    flash(str(DONE[kind]), "success")
    return redirect(url_for("attendee.portal", slug=slug))


@blueprint.route("/me/suggestions")
def suggestions(slug: str) -> str:
    event = load_event(slug)
    me = require_attendee(event)
    found = suggestions_for(me, shared=redis_client(current_app))
    return render_template("matchmaking/suggestions.html", event=event, me=me, suggestions=found)
