"""Public pages: the list of events and each event's page."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint, render_template
from sqlalchemy import select

from scheduler.attendees.events import load_event
from scheduler.extensions import db
from scheduler.models import PUBLIC_EVENT_STATUSES, Event

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
    by_day = groupby(event.agenda_items, key=lambda item: event.local(item.starts_at).date())
    programme = [(day, list(items)) for day, items in by_day]
    return render_template("public/event.html", event=event, programme=programme)
