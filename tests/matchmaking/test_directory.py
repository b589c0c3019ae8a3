"""The directory: consented profiles only, filters, profile pages and contact details."""

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from scheduler.extensions import db
from scheduler.models import MeetingRequest, Participant
from tests.attendees import ready_event, registered
from tests.web import csrf_token, post_form


def _three(app: Flask) -> dict[str, FlaskClient]:
    """Ana (listed for participants), Ben (public, Italian), Cleo (not listed)."""
    ready_event()
    clients = {name: app.test_client() for name in ("ana", "ben", "cleo")}
    registered(app, clients["ana"], "ana@example.org")
    registered(
        app,
        clients["ben"],
        "ben@example.org",
        first_name="Ben",
        last_name="Rossi",
        directory_visibility="public",
        country="IT",
        organisation_name="Romagna Fresh",
        offer_text="Postharvest storage and shelf-life testing",
        languages=["it"],
        sectors=["fruit-vegetables"],
        interests=["commercial"],
        organisation_type="research",
    )
    registered(
        app,
        clients["cleo"],
        "cleo@example.org",
        first_name="Cleo",
        directory_visibility="nobody",
        directory_consent="",
    )
    return clients


def _names(page: str) -> list[str]:
    return [name for name in ("Ana Silva", "Ben Rossi", "Cleo Silva") if name in page]


def test_directory_anonymous_sees_public_profiles_only(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    _three(app)
    assert _names(client.get("/events/pic/participants").get_data(as_text=True)) == ["Ben Rossi"]


def test_directory_participant_sees_listed_profiles_not_self(app: Flask, mail_dir: object) -> None:
    clients = _three(app)
    page = clients["cleo"].get("/events/pic/participants").get_data(as_text=True)
    assert _names(page) == ["Ana Silva", "Ben Rossi"]
    page = clients["ana"].get("/events/pic/participants").get_data(as_text=True)
    assert _names(page) == ["Ben Rossi"]


def test_directory_filters(app: Flask, mail_dir: object) -> None:
    clients = _three(app)
    cleo = clients["cleo"]
    cases = {
        "country=IT": ["Ben Rossi"],
        "country=PT": ["Ana Silva"],
        "sector=winegrowing": ["Ana Silva"],
        "organisation_type=research": ["Ben Rossi"],
        "interest=commercial": ["Ben Rossi"],
        "language=pt": ["Ana Silva"],
        "q=shelf-life": ["Ben Rossi"],
        "q=ROBOTICS": ["Ana Silva"],
        "q=100%25": [],
    }
    found = {
        query: _names(cleo.get(f"/events/pic/participants?{query}").get_data(as_text=True))
        for query in cases
    }
    assert found == cases


def test_directory_unknown_filter_value_reported_and_ignored(app: Flask, mail_dir: object) -> None:
    clients = _three(app)
    page = clients["cleo"].get("/events/pic/participants?country=XX").get_data(as_text=True)
    assert "Not a valid choice" in page
    assert _names(page) == ["Ana Silva", "Ben Rossi"]


def test_profile_unlisted_is_not_found_for_others(app: Flask, mail_dir: object) -> None:
    clients = _three(app)
    cleo = db.session.scalar(select(Participant).where(Participant.first_name == "Cleo"))
    assert clients["ana"].get(f"/events/pic/participants/{cleo.id}").status_code == 404
    assert clients["cleo"].get(f"/events/pic/participants/{cleo.id}").status_code == 200


def test_profile_contact_shown_only_after_accepted_meeting(app: Flask, mail_dir: object) -> None:
    clients = _three(app)
    ben = db.session.scalar(select(Participant).where(Participant.first_name == "Ben"))
    ana = db.session.scalar(select(Participant).where(Participant.first_name == "Ana"))
    before = clients["ana"].get(f"/events/pic/participants/{ben.id}").get_data(as_text=True)
    post_form(
        clients["ana"],
        f"/events/pic/participants/{ben.id}",
        {"message": "Shelf-life of grapes?", "priority": "2"},
    )
    pending = clients["ana"].get(f"/events/pic/participants/{ben.id}").get_data(as_text=True)
    request_id = db.session.scalar(select(MeetingRequest.id))
    token = csrf_token(clients["ben"], "/events/pic/me")
    clients["ben"].post(f"/events/pic/me/requests/{request_id}/accept", data={"csrf_token": token})
    after = clients["ana"].get(f"/events/pic/participants/{ben.id}").get_data(as_text=True)
    back = clients["ben"].get(f"/events/pic/participants/{ana.id}").get_data(as_text=True)
    assert ("ben@example.org" in before, "ben@example.org" in pending) == (False, False)
    assert ("ben@example.org" in after, "ana@example.org" in back) == (True, True)


def test_profile_other_event_participant_not_found(app: Flask, mail_dir: object) -> None:
    from tests.factories import make_event, make_participant

    _three(app)
    other = make_participant(make_event(slug="other"), directory_visibility="public")
    db.session.commit()
    assert app.test_client().get(f"/events/pic/participants/{other.id}").status_code == 404


def test_profile_huge_id_is_404_not_500(client: FlaskClient, app: Flask) -> None:
    ready_event()
    assert client.get("/events/pic/participants/99999999999999999999").status_code == 404


def test_profile_unlisted_hidden_again_after_declined_request(app: Flask, mail_dir: object) -> None:
    clients = _three(app)
    cleo = db.session.scalar(select(Participant).where(Participant.first_name == "Cleo"))
    ana = db.session.scalar(select(Participant).where(Participant.first_name == "Ana"))
    post_form(
        clients["cleo"], f"/events/pic/participants/{ana.id}", {"message": "Hello", "priority": "2"}
    )
    while_pending = clients["ana"].get(f"/events/pic/participants/{cleo.id}").status_code
    request_id = db.session.scalar(select(MeetingRequest.id))
    token = csrf_token(clients["ana"], "/events/pic/me")
    clients["ana"].post(f"/events/pic/me/requests/{request_id}/decline", data={"csrf_token": token})
    after_decline = clients["ana"].get(f"/events/pic/participants/{cleo.id}").status_code
    assert (while_pending, after_decline) == (200, 404)


def test_directory_filters_folded_unless_in_use(app: Flask, mail_dir: object) -> None:
    clients = _three(app)
    plain = (
        clients["cleo"].get("/events/pic/participants?q=&sector=&country=").get_data(as_text=True)
    )
    used = clients["cleo"].get("/events/pic/participants?country=IT").get_data(as_text=True)
    assert ("<details>" in plain, "<details open>" in used) == (True, True)
    assert "Filters (1 in use)" in used


def test_directory_page_counts_everyone_in_the_same_query(app: Flask) -> None:
    from scheduler.matchmaking.directory import PAGE_SIZE, DirectoryFilters, directory_page
    from scheduler.models import DirectoryVisibility
    from tests.factories import make_participant

    event = ready_event()
    for number in range(PAGE_SIZE + 6):
        make_participant(
            event, last_name=f"P{number:02d}", directory_visibility=DirectoryVisibility.PUBLIC
        )
    db.session.commit()

    second = directory_page(event, None, DirectoryFilters(), 2)
    past_the_end = directory_page(event, None, DirectoryFilters(), 5)

    assert (second.total, second.pages, [p.last_name for p in second.items]) == (
        30,
        2,
        ["P24", "P25", "P26", "P27", "P28", "P29"],
    )
    assert (past_the_end.total, past_the_end.items) == (30, [])


def test_directory_search_reads_each_field_and_the_full_name_and_follows_edits(app: Flask) -> None:
    from scheduler.matchmaking.directory import DirectoryFilters, directory_page
    from scheduler.models import DirectoryVisibility
    from tests.factories import make_participant

    event = ready_event()
    person = make_participant(
        event,
        first_name="Ana",
        last_name="Silva",
        job_title="Field Trials Lead",
        offer_text="Pruning ROBOTS",
        seek_text="Drone maps",
        directory_visibility=DirectoryVisibility.PUBLIC,
    )
    db.session.commit()

    def found(term: str) -> list[int]:
        return [p.id for p in directory_page(event, None, DirectoryFilters(query=term), 1).items]

    before = [found(t) for t in ("ana", "silva", "trials", "robots", "drone", "ana silva")]
    across = found("robots drone")  # the end of the offer and the start of the seek text
    person.seek_text = "Weather stations"
    db.session.commit()
    after = (found("drone"), found("weather"))

    assert before == [[person.id]] * 6
    assert (across, after) == ([], ([], [person.id]))
