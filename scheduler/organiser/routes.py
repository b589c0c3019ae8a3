"""Organiser console: sign in, sign out, the list of one's events and each event's organiser
area (dashboard, registrations, emails)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from scheduler.attendees.forms import ConfirmForm
from scheduler.extensions import db
from scheduler.http import no_store
from scheduler.models import OutboxStatus, ParticipantType, RequestStatus
from scheduler.organiser.access import organised_event
from scheduler.organiser.auth import authenticate, sign_in, sign_out
from scheduler.organiser.dashboard import event_figures, organised_events
from scheduler.organiser.forms import LoginForm
from scheduler.organiser.outbox import outbox_report, retry_failed
from scheduler.organiser.registrations import (
    LISTED,
    SORTS,
    STATUSES,
    WITH_REQUESTS,
    filter_choices,
    parse_filters,
    registration_page,
)
from scheduler.ratelimits import login_limits

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
        form.password.errors.append("Email or password is not right.")
    return render_template("organiser/login.html", form=form)


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    sign_out(current_user)
    flash("You are signed out.", "info")
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
    return render_template(
        "organiser/event_home.html",
        event=event,
        figures=event_figures(db.session, event),
        request_statuses=RequestStatus,
    )


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
    flash(f"{count} email(s) queued again." if count else "No failed email to send.", "info")
    return redirect(url_for("organiser.emails", slug=slug))
