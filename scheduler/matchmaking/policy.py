"""Who may see whom: directory listing, profile pages and contact details."""

from __future__ import annotations

from sqlalchemy import Select, exists, or_, select

from scheduler.extensions import db
from scheduler.models import (
    DirectoryVisibility,
    Event,
    Meeting,
    MeetingRequest,
    Organisation,
    Participant,
    RequestStatus,
    pair_key,
)


def is_active(participant: Participant | None) -> bool:
    """A signed-in or looked-up participant who takes part (``None``: nobody is signed in)."""
    return participant is not None and participant.is_active


def listed_visibilities(viewer: Participant | None) -> list[DirectoryVisibility]:
    """The visibilities a viewer may see in the directory."""
    if is_active(viewer):
        return [DirectoryVisibility.PUBLIC, DirectoryVisibility.PARTICIPANTS]
    return [DirectoryVisibility.PUBLIC]


def have_request(first: Participant, second: Participant, *, open_only: bool = False) -> bool:
    """True when a meeting request, in either direction, links the two (``open_only``: a
    pending or accepted one)."""
    condition = MeetingRequest.pair_key == pair_key(first.id, second.id)
    if open_only:
        condition &= MeetingRequest.status.in_([RequestStatus.PENDING, RequestStatus.ACCEPTED])
    return bool(db.session.scalar(select(exists().where(condition))))


def counterpart_ids(participant: Participant) -> Select:
    """The ids of everyone a request links to ``participant``, as a subquery."""
    return (
        select(MeetingRequest.recipient_id)
        .where(MeetingRequest.requester_id == participant.id)
        .union(
            select(MeetingRequest.requester_id).where(MeetingRequest.recipient_id == participant.id)
        )
    )


def can_see_profile(viewer: Participant | None, target: Participant) -> bool:
    """Listed profiles follow their owner's choice; an unlisted one is seen only by its owner
    and by people it has a pending or accepted request with."""
    if not is_active(target):
        return False
    if viewer is not None and viewer.id == target.id:
        return True
    if target.directory_visibility in listed_visibilities(viewer):
        return True
    return is_active(viewer) and have_request(viewer, target, open_only=True)


def can_see_contact(viewer: Participant | None, target: Participant) -> bool:
    """Email and phone: only between the two sides of an accepted meeting."""
    if viewer is None or viewer.id == target.id or not is_active(viewer):
        return False
    shared = exists().where(
        Meeting.attended_by(viewer.id), Meeting.attended_by(target.id), Meeting.is_live
    )
    return bool(db.session.scalar(select(shared)))


def organisations_to_pick(event: Event, participant: Participant | None) -> Select:
    """The organisations a registration or profile form offers to pick from: those of listed
    participants, the host, and the editor's own. The form is public, so it must not reveal
    who registered without being listed."""
    listed = select(Participant.organisation_id).where(
        Participant.event_id == event.id,
        Participant.is_active,
        Participant.directory_visibility != DirectoryVisibility.NOBODY,
    )
    own = participant.organisation_id if participant else None
    return (
        select(Organisation)
        .where(
            or_(
                Organisation.id.in_(listed),
                Organisation.id == event.host_organisation_id,
                Organisation.id == own,
            )
        )
        .order_by(Organisation.name)
    )
