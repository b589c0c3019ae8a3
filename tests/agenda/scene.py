"""A small event to schedule: one B2B session of three 20-minute slots and two tables."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.extensions import db
from scheduler.models import (
    B2BSession,
    Event,
    Meeting,
    Participant,
    ParticipantStatus,
    SessionSignup,
    SignupStatus,
    Unavailability,
)
from tests.factories import (
    make_agenda_item,
    make_event,
    make_meeting,
    make_participant,
    make_session,
    paris,
)


@dataclass
class Scene:
    event: Event
    session: B2BSession
    later: B2BSession
    ana: Participant
    ben: Participant
    eva: Participant
    ana_ben: Meeting
    ana_eva: Meeting
    ben_eva: Meeting


def small_event() -> Scene:
    """Ana cannot meet at 14:00; Eva has a workshop seat from 14:40; Ben and Eva are pinned
    to 14:20; Ana's and Eva's meeting is already placed in the next day's session."""
    event = make_event(slug="pic", name="Plant InterCluster 2027")
    session = make_session(event, tables=2, name="B2B day 1")
    later = make_session(
        event, tables=1, name="B2B day 2", starts_at=paris(10, 14), ends_at=paris(10, 15)
    )
    ana, ben, eva = (
        make_participant(event, first_name=name, status=ParticipantStatus.CONFIRMED)
        for name in ("Ana", "Ben", "Eva")
    )
    workshop = make_agenda_item(
        event,
        title="Biocontrol",
        requires_signup=True,
        starts_at=paris(9, 14, 40),
        ends_at=paris(9, 16),
    )
    db.session.add(
        SessionSignup(participant=eva, agenda_item=workshop, status=SignupStatus.CONFIRMED)
    )
    db.session.add(Unavailability(participant_id=ana.id, slot_id=session.slots[0].id))
    ana_ben = make_meeting(event, ana, ben, priority=3)
    ana_eva = make_meeting(event, ana, eva, priority=2)
    ana_eva.place(later.slots[0], later.tables[0])
    ben_eva = make_meeting(event, ben, eva, priority=1)
    ben_eva.place(session.slots[1], session.tables[1])
    ben_eva.pinned = True
    db.session.flush()
    return Scene(event, session, later, ana, ben, eva, ana_ben, ana_eva, ben_eva)
