"""Registering, the profile and the availability, through the operations directly."""

from flask import Flask

from scheduler.extensions import db
from scheduler.models import (
    ConsentKind,
    DirectoryVisibility,
    Organisation,
    OrganisationType,
    ParticipantStatus,
    ParticipantType,
)
from scheduler.registration import registrations
from scheduler.registration.organisations import OrganisationData
from scheduler.registration.privacy import PRIVACY_TEXT_VERSION
from scheduler.registration.registrations import ProfileData
from tests.factories import make_agenda_item, make_event, make_session, paris


def _profile(**fields: object) -> ProfileData:
    values: dict[str, object] = {
        "first_name": " Ana ",
        "last_name": "Silva",
        "organisation": OrganisationData(
            name="Douro Vineyard Robotics",
            type=OrganisationType.COMPANY,
            country="PT",
            sector_slugs=["winegrowing"],
            tags=["precision viticulture"],
        ),
        "visibility": DirectoryVisibility.PARTICIPANTS,
    }
    values.update(fields)
    return ProfileData(**values)


def test_registrations_register_creates_a_confirmed_participant_with_consents(app: Flask) -> None:
    event = make_event()

    outcome = registrations.register(event, "Ana@Example.org ", _profile(), [], [])

    ana = outcome.participant
    assert (outcome.created, ana.email, ana.first_name, ana.status) == (
        True,
        "ana@example.org",
        "Ana",
        ParticipantStatus.CONFIRMED,
    )
    assert [(c.kind, c.text_version, c.withdrawn_at) for c in ana.consents] == [
        (ConsentKind.PRIVACY_POLICY, PRIVACY_TEXT_VERSION, None),
        (ConsentKind.DIRECTORY_LISTING, PRIVACY_TEXT_VERSION, None),
    ]
    assert (ana.organisation.name, sorted(s.label for s in ana.organisation.sectors)) == (
        "Douro Vineyard Robotics",
        ["Precision viticulture", "Winegrowing"],
    )


def test_registrations_register_twice_keeps_the_first_row(app: Flask) -> None:
    event = make_event()
    first = registrations.register(event, "ana@example.org", _profile(), [], [])

    again = registrations.register(
        event, "ANA@example.org", _profile(first_name="Someone else"), [], []
    )

    assert (again.created, again.participant.id, again.participant.first_name) == (
        False,
        first.participant.id,
        "Ana",
    )


def test_registrations_register_takes_seats_and_waiting_places(app: Flask) -> None:
    event = make_event()
    roomy = make_agenda_item(event, title="Roomy", capacity=5, requires_signup=True)
    full = make_agenda_item(
        event,
        title="Full",
        capacity=1,
        seats_taken=1,
        requires_signup=True,
        starts_at=paris(10, 10),
        ends_at=paris(10, 12),
    )

    outcome = registrations.register(event, "ana@example.org", _profile(), [roomy.id, full.id], [])

    assert ([i.title for i in outcome.seats], [i.title for i in outcome.waitlisted]) == (
        ["Roomy"],
        ["Full"],
    )


def test_registrations_existing_organisation_of_that_name_is_reused(app: Flask) -> None:
    event = make_event()
    registrations.register(event, "ana@example.org", _profile(), [], [])

    other = registrations.register(
        event,
        "rui@example.org",
        _profile(
            organisation=OrganisationData(
                name="douro vineyard robotics", type=OrganisationType.COMPANY, country="PT"
            )
        ),
        [],
        [],
    )

    assert db.session.query(Organisation).count() == 1
    assert other.participant.organisation.name == "Douro Vineyard Robotics"


def test_registrations_name_of_an_unlisted_organisation_makes_a_new_one(app: Flask) -> None:
    event = make_event()
    ana = registrations.register(
        event, "ana@example.org", _profile(visibility=DirectoryVisibility.NOBODY), [], []
    ).participant

    other = registrations.register(
        event,
        "rui@example.org",
        _profile(
            organisation=OrganisationData(
                name="Douro Vineyard Robotics",
                type=OrganisationType.RESEARCH,
                country="PT",
                sector_slugs=["cider"],
            )
        ),
        [],
        [],
    ).participant

    assert db.session.query(Organisation).count() == 2
    assert (other.organisation_id == ana.organisation_id, other.organisation.type) == (
        False,
        OrganisationType.RESEARCH,
    )
    assert sorted(s.slug for s in ana.organisation.sectors) == [
        "precision-viticulture",
        "winegrowing",
    ]


def test_registrations_organisation_listed_at_another_event_only_is_not_joined(
    app: Flask,
) -> None:
    first, second = make_event(slug="first"), make_event(slug="second")
    registrations.register(first, "ana@example.org", _profile(), [], [])

    other = registrations.register(second, "rui@example.org", _profile(), [], []).participant

    assert (db.session.query(Organisation).count(), other.organisation.name) == (
        2,
        "Douro Vineyard Robotics",
    )


def test_registrations_apply_profile_withdraws_the_listing_consent(app: Flask) -> None:
    event = make_event()
    ana = registrations.register(event, "ana@example.org", _profile(), [], []).participant

    registrations.apply_profile(
        ana,
        _profile(
            visibility=DirectoryVisibility.NOBODY,
            participant_type=ParticipantType.EXHIBITOR,
            organisation=OrganisationData(existing_id=ana.organisation_id),
        ),
    )

    listing = [c for c in ana.consents if c.kind is ConsentKind.DIRECTORY_LISTING]
    assert (ana.directory_visibility, ana.participant_type, len(listing)) == (
        DirectoryVisibility.NOBODY,
        ParticipantType.EXHIBITOR,
        1,
    )
    assert listing[0].withdrawn_at is not None


def test_registrations_unavailability_ignores_other_events_and_bumps_the_revision(
    app: Flask,
) -> None:
    event = make_event()
    session = make_session(event)
    elsewhere = make_session(make_event())
    ana = registrations.register(event, "ana@example.org", _profile(), [], []).participant
    db.session.refresh(event)
    revision = event.revision
    own = [slot.id for slot in session.slots[:2]]

    registrations.set_unavailability(ana, [*own, elsewhere.slots[0].id])

    db.session.refresh(event)
    assert ([slot.id for slot in ana.unavailable_slots], event.revision) == (own, revision + 1)


def test_registrations_find_participant_ignores_case_and_spaces(app: Flask) -> None:
    event = make_event()
    ana = registrations.register(event, "ana@example.org", _profile(), [], []).participant

    assert registrations.find_participant(event, "  ANA@example.ORG ") is ana
    assert registrations.find_participant(make_event(), "ana@example.org") is None


def test_registrations_register_waits_for_approval_when_the_event_requires_it(
    app: Flask,
) -> None:
    event = make_event(approval_required=True)

    ana = registrations.register(event, "ana@example.org", _profile(), [], []).participant

    assert ana.status is ParticipantStatus.PENDING
