"""Seats in workshops, visits and dinners, and their waiting lists. Every function flushes and
never commits; seats are taken with guarded UPDATEs, so concurrent sign-ups never overbook."""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError

from scheduler.extensions import db
from scheduler.i18n import gettext
from scheduler.models import (
    AgendaItem,
    Event,
    Participant,
    SessionSignup,
    SignupStatus,
    utcnow,
)
from scheduler.revisions import bump_revision


def signup_items(event: Event) -> list[AgendaItem]:
    """The programme items a participant signs up for."""
    return [item for item in event.agenda_items if item.requires_signup]


def _take_seat(item: AgendaItem) -> bool:
    """Take one seat if one is left, in a single guarded UPDATE: concurrent callers can never
    push ``seats_taken`` above ``capacity``."""
    result = db.session.execute(
        update(AgendaItem)
        .where(
            AgendaItem.id == item.id,
            or_(AgendaItem.capacity.is_(None), AgendaItem.seats_taken < AgendaItem.capacity),
        )
        .values(seats_taken=AgendaItem.seats_taken + 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(item, ["seats_taken"])
    return result.rowcount == 1


def _release_seat(item: AgendaItem) -> None:
    db.session.execute(
        update(AgendaItem)
        .where(AgendaItem.id == item.id, AgendaItem.seats_taken > 0)
        .values(seats_taken=AgendaItem.seats_taken - 1)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(item, ["seats_taken"])


def signup_of(participant: Participant, item: AgendaItem) -> SessionSignup | None:
    return db.session.scalar(
        select(SessionSignup).where(
            SessionSignup.participant_id == participant.id,
            SessionSignup.agenda_item_id == item.id,
        )
    )


class SignupRefused(Exception):
    """The sign-up cannot be made; the message says why, for the attendee."""


def _set_status(signup_id: int, old: SignupStatus, new: SignupStatus) -> bool:
    """Move a sign-up from ``old`` to ``new`` only if it still is ``old``: of two concurrent
    changes, exactly one wins."""
    result = db.session.execute(
        update(SessionSignup)
        .where(SessionSignup.id == signup_id, SessionSignup.status == old)
        .values(status=new)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def clash(participant: Participant, item: AgendaItem) -> AgendaItem | None:
    """A programme item the participant has a seat in that overlaps ``item``."""
    return db.session.scalar(
        select(AgendaItem)
        .join(SessionSignup, SessionSignup.agenda_item_id == AgendaItem.id)
        .where(
            SessionSignup.participant_id == participant.id,
            SessionSignup.status == SignupStatus.CONFIRMED,
            AgendaItem.id != item.id,
            AgendaItem.starts_at < item.ends_at,
            AgendaItem.ends_at > item.starts_at,
        )
        .limit(1)
    )


def join_session(participant: Participant, item: AgendaItem) -> SignupStatus:
    """Sign up for ``item``: a seat if one is left, else a place on the waiting list. The
    sign-up row is claimed first (insert, or cancelled -> waitlisted), so a double submit
    takes at most one seat."""
    other = clash(participant, item)
    if other is not None:
        raise SignupRefused(
            gettext(
                "You already have a seat in \u201c%(item)s\u201d at that time.", item=other.title
            )
        )
    signup = signup_of(participant, item)
    if signup is None:
        try:
            with db.session.begin_nested():
                signup = SessionSignup(
                    participant_id=participant.id,
                    agenda_item_id=item.id,
                    status=SignupStatus.WAITLISTED,
                )
                db.session.add(signup)
        except IntegrityError:
            return signup_of(participant, item).status
    elif not _set_status(signup.id, SignupStatus.CANCELLED, SignupStatus.WAITLISTED):
        db.session.refresh(signup)
        return signup.status
    if _take_seat(item):
        _set_status(signup.id, SignupStatus.WAITLISTED, SignupStatus.CONFIRMED)
    db.session.execute(
        update(SessionSignup)
        .where(SessionSignup.id == signup.id)
        .values(created_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(signup)
    bump_revision(participant.event)
    return signup.status


def leave_session(participant: Participant, item: AgendaItem) -> Participant | None:
    """Give up a seat or waiting-list place; return whoever was promoted from the list."""
    signup = signup_of(participant, item)
    if signup is None:
        return None
    if _set_status(signup.id, SignupStatus.CONFIRMED, SignupStatus.CANCELLED):
        _release_seat(item)
        promoted = _promote_from_waiting_list(item)
    else:
        _set_status(signup.id, SignupStatus.WAITLISTED, SignupStatus.CANCELLED)
        promoted = None
    db.session.refresh(signup)
    bump_revision(participant.event)
    return promoted


def _promote_from_waiting_list(item: AgendaItem) -> Participant | None:
    """Give the freed seat to the longest-waiting person who has no clashing seat."""
    waiting = db.session.scalars(
        select(SessionSignup)
        .where(
            SessionSignup.agenda_item_id == item.id, SessionSignup.status == SignupStatus.WAITLISTED
        )
        .order_by(SessionSignup.created_at, SessionSignup.id)
    ).all()
    for signup in waiting:
        if clash(signup.participant, item) is not None:
            continue
        if not _take_seat(item):
            return None
        if _set_status(signup.id, SignupStatus.WAITLISTED, SignupStatus.CONFIRMED):
            db.session.refresh(signup)
            return signup.participant
        _release_seat(item)
    return None
