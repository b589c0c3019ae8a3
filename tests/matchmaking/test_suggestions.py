"""'Suggested for you': ranking and reasons in words."""

from flask import Flask

from scheduler.attendees.links import make_access_token
from scheduler.extensions import db
from scheduler.matchmaking.recommend import suggest
from scheduler.models import (
    DirectoryVisibility,
    Event,
    MeetingRequest,
    Participant,
    ParticipantStatus,
)
from tests.attendees import open_link, ready_event
from tests.factories import make_event, make_organisation, make_participant


def test_suggest_ranks_offer_matching_need_first_with_reason(app: Flask) -> None:
    event = make_event()
    me = make_participant(
        event,
        organisation=make_organisation(),
        offer_text="Vineyard robotics for pruning",
        seek_text="Drone-based vineyard monitoring; field trial sites in Spain",
    )
    drones = make_participant(
        event,
        first_name="Dario",
        organisation=make_organisation(),
        offer_text="Drone-based vineyard monitoring and mapping",
        seek_text="Winery partners",
    )
    pruning = make_participant(
        event,
        first_name="Pia",
        organisation=make_organisation(),
        offer_text="Cider apples",
        seek_text="Robotics for pruning orchards",
    )
    unrelated = make_participant(
        event,
        first_name="Ugo",
        organisation=make_organisation(),
        offer_text="Essential oils",
        seek_text="Cosmetics buyers",
    )
    result = suggest(me, [drones, pruning, unrelated])
    assert [s.participant.first_name for s in result] == ["Dario", "Pia"]
    assert result[0].reasons == [
        "offers: drone-based vineyard monitoring and mapping; "
        "you seek: drone-based vineyard monitoring"
    ]
    assert result[1].reasons == [
        "seeks: robotics for pruning orchards; you offer: vineyard robotics for pruning"
    ]


def test_suggest_skips_colleagues_and_self(app: Flask) -> None:
    event = make_event()
    company = make_organisation()
    me = make_participant(event, organisation=company, seek_text="Seed coating")
    colleague = make_participant(event, organisation=company, offer_text="Seed coating")
    assert suggest(me, [me, colleague]) == []


def test_suggestions_page_leaves_out_hidden_withdrawn_and_asked(
    app: Flask, mail_dir: object
) -> None:

    ready_event()
    from sqlalchemy import select

    from scheduler.models import Event

    event = db.session.scalar(select(Event))
    me = make_participant(event, organisation=make_organisation(), seek_text="Drone mapping")
    people = {
        name: make_participant(
            event,
            first_name=name,
            organisation=make_organisation(),
            offer_text="Drone mapping of vineyards",
            directory_visibility=visibility,
        )
        for name, visibility in (
            ("Listed", "participants"),
            ("Hidden", "nobody"),
            ("Gone", "participants"),
            ("Asked", "public"),
        )
    }
    people["Gone"].status = ParticipantStatus.WITHDRAWN
    db.session.add(MeetingRequest(event=event, requester=me, recipient=people["Asked"]))
    db.session.commit()
    client = app.test_client()
    open_link(client, f"/events/pic/access/{make_access_token(me)}")
    page = client.get("/events/pic/me/suggestions").get_data(as_text=True)
    assert [name for name in people if f"<strong>{name} " in page] == ["Listed"]


LISTED = DirectoryVisibility.PARTICIPANTS


def test_suggestions_index_is_kept_until_a_listed_profile_changes(app: Flask) -> None:
    from scheduler.matchmaking import suggestions

    event = make_event()
    me = make_participant(event, offer_text="Cider apples", seek_text="Pruning robots")
    other = make_participant(
        event, offer_text="Pruning robots", seek_text="Cider", directory_visibility=LISTED
    )
    db.session.commit()

    first = suggestions.event_index(event.id)
    again = suggestions.event_index(event.id)
    other.offer_text = "Drone mapping"
    db.session.commit()
    changed = suggestions.event_index(event.id)

    assert (again is first, changed is first) == (True, False)
    assert [p.offer_text for p in changed.profiles if p.id == other.id] == ["Drone mapping"]
    assert [(s.participant.id, s.score) for s in suggestions.suggestions_for(me)] == [
        (other.id, 0.4)  # they seek the cider I offer
    ]


def test_suggestions_for_ranks_from_the_index_and_leaves_out_the_asked(app: Flask) -> None:
    from scheduler.matchmaking import suggestions

    event = make_event()
    me = make_participant(
        event, organisation=make_organisation(), offer_text="Cider", seek_text="Pruning robots"
    )
    robots = make_participant(
        event,
        organisation=make_organisation(),
        offer_text="Pruning robots",
        seek_text="Cider",
        directory_visibility=LISTED,
    )
    asked = make_participant(
        event,
        organisation=make_organisation(),
        offer_text="Pruning robots",
        seek_text="Cider",
        directory_visibility=LISTED,
    )
    db.session.add(MeetingRequest(event=event, requester=me, recipient=asked))
    db.session.commit()

    found = suggestions.suggestions_for(me)

    assert [(s.participant.id, s.score) for s in found] == [(robots.id, 1.0)]
    assert found[0].reasons == [
        "offers: pruning robots; you seek: pruning robots",
        "seeks: cider; you offer: cider",
    ]


def test_listed_profiles_read_as_columns_equal_the_profiles_of_the_participants(
    app: Flask,
) -> None:
    from scheduler.matchmaking import suggestions
    from scheduler.matchmaking.recommend import Profile
    from scheduler.models import CooperationInterest, Participant, ParticipantInterest, Sector

    event = make_event()
    seeds = Sector(slug="seeds", label="Seeds", is_standard=True)
    coating = Sector(slug="seed-coating", label="Seed coating")
    farm = make_organisation(sectors=[seeds, coating])
    lab = make_organisation()
    ana = make_participant(
        event, organisation=farm, offer_text="Seed coating", directory_visibility=LISTED
    )
    ana.interests = [
        ParticipantInterest(interest=CooperationInterest.RESEARCH),
        ParticipantInterest(interest=CooperationInterest.EU_CONSORTIUM),
    ]
    ben = make_participant(event, organisation=lab, seek_text="Trials", directory_visibility=LISTED)
    alone = make_participant(event, seek_text="Anything", directory_visibility=LISTED)
    make_participant(event, organisation=farm)  # not listed
    make_participant(make_event(), organisation=farm, directory_visibility=LISTED)  # elsewhere
    db.session.commit()

    read = suggestions.listed_profiles(event.id)

    people = [db.session.get(Participant, p.id) for p in (ana, ben, alone)]
    assert read == [Profile.of(p) for p in people]
    assert read[0].sectors == {"seeds": ("Seeds", True), "seed-coating": ("Seed coating", False)}
    assert read[0].interests == {CooperationInterest.RESEARCH, CooperationInterest.EU_CONSORTIUM}
    assert (read[1].sectors, read[2].organisation_id, read[2].sectors) == ({}, None, {})


def _two_listed_people() -> tuple[Event, Participant]:
    event = make_event()
    make_participant(event, offer_text="Cider apples", seek_text="Pruning robots")
    other = make_participant(
        event, offer_text="Pruning robots", seek_text="Cider", directory_visibility=LISTED
    )
    db.session.commit()
    return event, other


def test_suggestions_index_built_by_one_worker_is_read_by_another_through_redis(
    app: Flask, monkeypatch
) -> None:
    from redis import Redis

    from scheduler.matchmaking import suggestions

    redis = Redis.from_url("redis://127.0.0.1:6379/0")
    event, other = _two_listed_people()
    built = suggestions.event_index(event.id, redis)
    suggestions._indexes.clear()  # the other worker has none of its own

    def no_build(event_id: int) -> list:
        raise AssertionError("built again")

    monkeypatch.setattr(suggestions, "listed_profiles", no_build)
    read = suggestions.event_index(event.id, redis)

    assert read is not built
    assert read.profiles == built.profiles
    assert [p.id for p in read.profiles] == [other.id]


def test_suggestions_index_built_in_the_worker_while_redis_is_down(app: Flask, caplog) -> None:
    import socket

    from redis import Redis

    from scheduler.matchmaking import suggestions

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = Redis.from_url(f"redis://127.0.0.1:{probe.getsockname()[1]}/0")
    event, other = _two_listed_people()

    index = suggestions.event_index(event.id, closed)

    assert [p.id for p in index.profiles] == [other.id]
    assert suggestions.event_index(event.id, closed) is index  # kept in the process meanwhile
    warnings = [r.getMessage().split(":")[0] for r in caplog.records]
    assert warnings == [
        "Redis unavailable, suggestions index built here",
        "Redis unavailable, suggestions index not shared",
    ]


def test_suggestions_page_shares_its_index_in_the_apps_redis(
    app: Flask, app_config, mail_dir: object
) -> None:
    from redis import Redis

    app_config(REDIS_URL="redis://127.0.0.1:6379/0")
    event = ready_event()
    me = make_participant(event, seek_text="Drone mapping")
    make_participant(event, offer_text="Drone mapping", directory_visibility=LISTED)
    db.session.commit()
    redis = Redis.from_url("redis://127.0.0.1:6379/0")
    for earlier in redis.scan_iter(f"suggestion-index:v*:{event.id}:*"):  # an earlier run's
        redis.delete(earlier)
    client = app.test_client()
    open_link(client, f"/events/pic/access/{make_access_token(me)}")

    page = client.get("/events/pic/me/suggestions")

    assert page.status_code == 200
    assert len(list(redis.scan_iter(f"suggestion-index:v*:{event.id}:*"))) == 1


def test_suggestions_index_unreadable_in_redis_is_built_in_the_worker(app: Flask, caplog) -> None:
    from redis import Redis

    from scheduler.matchmaking import suggestions

    redis = Redis.from_url("redis://127.0.0.1:6379/0")
    event, other = _two_listed_people()
    fingerprint = suggestions._fingerprint(event.id)
    redis.set(suggestions._shared_key(event.id, fingerprint), b"not a pickle", ex=60)

    index = suggestions.event_index(event.id, redis)

    assert [p.id for p in index.profiles] == [other.id]
    assert [r.getMessage() for r in caplog.records] == [
        f"Unreadable suggestions index in Redis for event {event.id}: built here"
    ]
    assert suggestions._shared_index(redis, event.id, fingerprint)[2].profiles == index.profiles
