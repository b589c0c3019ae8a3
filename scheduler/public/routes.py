"""Public pages: the list of events and each event's page."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, redirect, render_template
from sqlalchemy import select

from scheduler.agenda.calendars import item_calendar, programme_calendar
from scheduler.agenda.days import programme_days, session_sizes
from scheduler.attendees.events import load_event
from scheduler.extensions import db
from scheduler.http import calendar_response
from scheduler.i18n import remember_language, safe_next
from scheduler.models import PUBLIC_EVENT_STATUSES, AgendaItem, Event, utcnow
from scheduler.public.forms import LanguageForm

blueprint = Blueprint("public", __name__)


@blueprint.route("/")
def home() -> str:
    events = db.session.scalars(
        select(Event).where(Event.status.in_(PUBLIC_EVENT_STATUSES)).order_by(Event.start_date)
    ).all()
    return render_template("public/home.html", events=events)


@blueprint.route("/events/<string(maxlength=80):slug>")
def event_page(slug: str) -> str:
    event = load_event(slug)
    return render_template(
        "public/event.html",
        event=event,
        programme=programme_days(event),
        sizes=session_sizes(db.session, event),
    )


@blueprint.route("/events/<string(maxlength=80):slug>/programme.ics")
def programme_ics(slug: str) -> Response:
    """The whole programme, to import into a calendar."""
    event = load_event(slug)
    domain = current_app.config["SERVER_NAME_FOR_UIDS"]
    data = programme_calendar(db.session, event, domain, utcnow())
    return calendar_response(data, f"{event.slug}-programme.ics")


@blueprint.route(
    "/events/<string(maxlength=80):slug>/programme/<int(min=1, max=2147483647):item_id>.ics"
)
def item_ics(slug: str, item_id: int) -> Response:
    """One programme item, for "Add to my calendar"."""
    event = load_event(slug)
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.event_id != event.id:
        abort(404)
    return calendar_response(item_calendar(item, utcnow()), f"{event.slug}-{item.id}.ics")


@blueprint.post("/language")
def choose_language() -> Response:
    """The language switch: remember the choice and go back to the page it was made on."""
    form = LanguageForm()
    if not form.validate_on_submit():
        abort(400)
    return remember_language(redirect(safe_next(form.next.data)), form.language.data)
