"""When the evening reminders of an event are due: from 18:00 at the venue on the eve of
each event day until midnight."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from scheduler.models import Event

REMINDER_HOUR = 18


def reminder_day(event: Event, now: datetime) -> date | None:
    """The event day whose reminders are due at ``now``, if any."""
    local = event.local(now)
    tomorrow = local.date() + timedelta(days=1)
    if local.hour >= REMINDER_HOUR and event.start_date <= tomorrow <= event.end_date:
        return tomorrow
    return None
