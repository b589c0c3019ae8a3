"""What the personal space lists, read in a fixed number of queries whatever its length."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload

from scheduler.extensions import db
from scheduler.models import (
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    Participant,
    PublishedPlacement,
)


def portal_lists(participant: Participant) -> tuple[list[MeetingRequest], list[Meeting]]:
    """The participant's requests, newest first, and live meetings, oldest first, with the
    people, organisations and published places the page shows."""
    requests = db.session.scalars(MeetingRequest.of_participant(participant.id)).all()
    meetings = db.session.scalars(
        Meeting.live_of(participant.id).options(
            selectinload(Meeting.attendances)
            .joinedload(MeetingParticipant.participant)
            .joinedload(Participant.organisation),
            selectinload(Meeting.published).options(
                joinedload(PublishedPlacement.slot), joinedload(PublishedPlacement.table)
            ),
        )
    ).all()
    return list(requests), list(meetings)
