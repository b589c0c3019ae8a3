"""Registration form, confirmation email and single-use access links."""

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from scheduler.extensions import db
from scheduler.models import (
    ConsentKind,
    DirectoryVisibility,
    OutboxEmail,
    OutboxStatus,
    Participant,
    SessionSignup,
    SignupStatus,
    Unavailability,
)
from tests.attendees import (
    last_link,
    mailbox,
    open_link,
    parallel_workshop,
    ready_event,
    register,
    registration_data,
)
from tests.web import post_form, rate_limit


def test_register_happy_path_creates_participant_and_mails_link(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event = ready_event()
    workshop = (
        event.agenda_items[1] if event.agenda_items[1].requires_signup else event.agenda_items[0]
    )
    slot = event.b2b_sessions[0].slots[1]
    response = register(
        client, "ana@example.org", signups=[str(workshop.id)], unavailable_slots=[str(slot.id)]
    )
    assert (response.status_code, response.headers["Location"]) == (
        302,
        "/events/pic/check-your-email",
    )
    participant = db.session.scalar(select(Participant))
    assert (participant.full_name, participant.organisation.name, participant.status.value) == (
        "Ana Silva",
        "Douro Vineyard Robotics",
        "confirmed",
    )
    assert sorted(s.slug for s in participant.organisation.sectors) == [
        "precision-viticulture",
        "robotics",
        "winegrowing",
    ]
    assert participant.directory_visibility is DirectoryVisibility.PARTICIPANTS
    assert sorted(c.kind.value for c in participant.consents) == [
        ConsentKind.DIRECTORY_LISTING.value,
        ConsentKind.PRIVACY_POLICY.value,
    ]
    assert [(s.agenda_item_id, s.status) for s in participant.signups] == [
        (workshop.id, SignupStatus.CONFIRMED)
    ]
    assert db.session.scalars(select(Unavailability.slot_id)).all() == [slot.id]
    (message,) = mailbox(app)
    assert (message["To"], message["Subject"]) == (
        "ana@example.org",
        "Your registration for Plant InterCluster 2027",
    )
    assert db.session.scalar(select(OutboxEmail.status)) is OutboxStatus.SENT


def test_register_errors_beside_fields_input_kept(client: FlaskClient, app: Flask) -> None:
    ready_event()
    response = register(
        client,
        "not-an-email",
        first_name="",
        privacy="",
        offer_text="Our robots prune vines",
        directory_visibility="public",
        directory_consent="",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "An email address must have an @-sign." in page
    assert "This field is required." in page
    assert "You must agree to the privacy notice to register." in page
    assert "Tick this box to be listed, or choose 'Not listed'." in page
    assert "Our robots prune vines</textarea>" in page
    assert 'value="Douro Vineyard Robotics"' in page
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


@pytest.mark.parametrize("separator", ["\r\n", "\u2028", "\u2029", "\x85", "\v", "\f", "\x1e"])
def test_register_refuses_line_breaks_in_header_fields(
    client: FlaskClient, app: Flask, separator: str
) -> None:
    ready_event()
    response = register(client, "ana@example.org", first_name=f"Ana{separator}Bcc: x@example.org")
    assert "Use a single line, without line breaks." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


def test_register_new_organisation_needs_name_type_country(client: FlaskClient, app: Flask) -> None:
    ready_event()
    page = register(
        client, "ana@example.org", organisation_name="", organisation_type="", country=""
    ).get_data(as_text=True)
    assert "Give your organisation's name, or pick it from the list." in page
    assert "Choose the type of your organisation." in page
    assert "Choose your organisation's country." in page


def test_register_unknown_choice_refused(client: FlaskClient, app: Flask) -> None:
    ready_event()
    page = register(client, "ana@example.org", signups=["999999"]).get_data(as_text=True)
    assert "&#39;999999&#39; is not a valid choice for this field." in page


def test_register_same_email_twice_keeps_one_row_and_mails_link(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    register(client, "ana@example.org")
    second = register(client, "ANA@example.org", first_name="Other")
    assert second.headers["Location"] == "/events/pic/check-your-email"
    assert db.session.scalars(select(Participant.first_name)).all() == ["Ana"]
    assert [m["Subject"] for m in mailbox(app)] == [
        "Your registration for Plant InterCluster 2027",
        "You are already registered for Plant InterCluster 2027",
    ]


def test_register_full_workshop_puts_on_waiting_list(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    event = ready_event()
    workshop = next(i for i in event.agenda_items if i.requires_signup)
    for index in range(3):
        register(client, f"p{index}@example.org", signups=[str(workshop.id)])
    statuses = db.session.scalars(select(SessionSignup.status).order_by(SessionSignup.id)).all()
    db.session.refresh(workshop)
    assert (statuses, workshop.seats_taken) == (
        [SignupStatus.CONFIRMED, SignupStatus.CONFIRMED, SignupStatus.WAITLISTED],
        2,
    )


def test_register_closed_event_refused(client: FlaskClient, app: Flask) -> None:
    from scheduler.models import EventStatus

    ready_event(status=EventStatus.CLOSED)
    response = client.get("/events/pic/register")
    assert response.status_code == 403
    assert "Registration is closed" in response.get_data(as_text=True)


def test_access_link_opens_portal_once_and_drops_token(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    register(client, "ana@example.org")
    link = last_link(app, "ana@example.org")
    first = open_link(client, link)
    portal = client.get("/events/pic/me")
    again = app.test_client().get(link)
    assert (first.status_code, first.headers["Location"]) == (302, "/events/pic/me")
    assert "Ana Silva" in portal.get_data(as_text=True)
    assert again.status_code == 400
    assert "This link has already been used." in again.get_data(as_text=True)


def test_access_link_tampered_refused(client: FlaskClient, app: Flask, mail_dir: object) -> None:
    ready_event()
    register(client, "ana@example.org")
    link = last_link(app, "ana@example.org")
    response = client.get(link[:-3] + "abc")
    assert (response.status_code, "This link is not valid." in response.get_data(as_text=True)) == (
        400,
        True,
    )


def test_access_link_of_other_event_refused(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    from tests.factories import make_event

    ready_event()
    make_event(slug="other")
    db.session.commit()
    register(client, "ana@example.org")
    token = last_link(app, "ana@example.org").rsplit("/", 1)[1]
    response = client.get(f"/events/other/access/{token}")
    assert response.status_code == 400


def test_resend_link_same_answer_for_unknown_address(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    register(client, "ana@example.org")
    known = post_form(client, "/events/pic/link", {"email": "ana@example.org"})
    unknown = post_form(client, "/events/pic/link", {"email": "nobody@example.org"})
    assert (known.status_code, known.headers["Location"]) == (
        unknown.status_code,
        unknown.headers["Location"],
    )
    assert [m["To"] for m in mailbox(app)] == ["ana@example.org", "ana@example.org"]


def test_portal_without_session_sends_to_link_page(client: FlaskClient, app: Flask) -> None:
    ready_event()
    response = client.get("/events/pic/me")
    assert (response.status_code, response.headers["Location"]) == (302, "/events/pic/link")


def test_registration_data_helper_is_complete() -> None:
    assert registration_data("a@example.org")["privacy"] == "y"


def test_register_email_case_folded_beyond_ascii(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    register(client, "Élise.Martin@Example.org")
    register(client, "élise.martin@example.org", first_name="Other")
    assert db.session.scalars(select(Participant.email)).all() == ["élise.martin@example.org"]


def test_access_link_fetched_without_button_stays_usable(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    """Mail scanners fetch links before people click: a GET must not use the link up."""
    ready_event()
    register(client, "ana@example.org")
    link = last_link(app, "ana@example.org")
    scanner = app.test_client().get(link)
    person = open_link(client, link)
    assert scanner.status_code == 200
    assert "Open my space" in scanner.get_data(as_text=True)
    assert (person.status_code, person.headers["Location"]) == (302, "/events/pic/me")


def test_access_link_when_already_signed_in_goes_to_space(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    register(client, "ana@example.org")
    open_link(client, last_link(app, "ana@example.org"))
    post_form(client, "/events/pic/link", {"email": "ana@example.org"})
    response = client.get(last_link(app, "ana@example.org"))
    assert (response.status_code, response.headers["Location"]) == (302, "/events/pic/me")


def test_register_clashing_workshops_refused_beside_field(client: FlaskClient, app: Flask) -> None:
    event = ready_event()
    workshop = next(i for i in event.agenda_items if i.requires_signup)
    parallel = parallel_workshop(event)
    page = register(
        client, "ana@example.org", signups=[str(workshop.id), str(parallel.id)]
    ).get_data(as_text=True)
    assert (
        "\u201cBiocontrol workshop\u201d and \u201cParallel workshop\u201d run at the same "
        "time: choose one."
    ) in page


def _register_unlisted_and_listed(client: FlaskClient, app: Flask) -> None:
    """Ana of Quiet Seeds Ltd, not listed; Ben of Open Drones SA (Portugal), listed."""
    ready_event()
    register(
        client,
        "ana@example.org",
        organisation_name="Quiet Seeds Ltd",
        directory_visibility="nobody",
        directory_consent="",
    )
    register(app.test_client(), "ben@example.org", organisation_name="Open Drones SA")


def test_register_page_hides_organisations_of_unlisted_people(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    _register_unlisted_and_listed(client, app)
    page = client.get("/events/pic/register").get_data(as_text=True)
    assert ("Quiet Seeds Ltd" in page, "Open Drones SA (Portugal)" in page) == (False, True)


def test_register_picked_organisation_must_be_one_the_form_offers(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    from scheduler.models import Participant

    _register_unlisted_and_listed(client, app)
    ana, ben = db.session.scalars(select(Participant).order_by(Participant.id)).all()
    quiet, listed = ana.organisation_id, ben.organisation_id

    refused = register(app.test_client(), "eve@example.org", organisation_id=str(quiet))
    joined = register(app.test_client(), "cleo@example.org", organisation_id=str(listed))

    page = refused.get_data(as_text=True)
    assert (refused.status_code, joined.status_code) == (200, 302)
    assert 'id="organisation_id"' in page and "Not a valid choice." in page
    assert "Quiet Seeds Ltd" not in page
    cleo = db.session.scalar(select(Participant).where(Participant.email == "cleo@example.org"))
    assert cleo.organisation_id == listed
    assert (
        db.session.scalar(select(Participant).where(Participant.email == "eve@example.org")) is None
    )


def test_register_existing_organisation_name_adds_no_sectors(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    from scheduler.models import Organisation

    ready_event()
    register(client, "ana@example.org", sectors=["winegrowing"], tags="")
    register(app.test_client(), "eve@example.org", sectors=["mushrooms"], tags="Spam tag")
    organisation = db.session.scalar(select(Organisation))
    assert [s.slug for s in organisation.sectors] == ["winegrowing"]


def test_register_name_of_unlisted_organisation_gets_an_organisation_of_ones_own(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    from scheduler.models import Organisation, Participant

    ready_event()
    register(
        client,
        "ana@example.org",
        organisation_name="Quiet Seeds Ltd",
        city="Porto",
        website="https://quiet-seeds.example",
        directory_visibility="nobody",
        directory_consent="",
    )
    register(
        app.test_client(),
        "eve@example.org",
        organisation_name="Quiet Seeds Ltd",
        city="Braga",
        website="",
        directory_visibility="public",
    )
    ana, eve = (
        db.session.scalar(select(Participant).where(Participant.email == email))
        for email in ("ana@example.org", "eve@example.org")
    )
    page = app.test_client().get(f"/events/pic/participants/{eve.id}").get_data(as_text=True)
    assert (ana.organisation_id == eve.organisation_id, eve.organisation.city) == (False, "Braga")
    assert ("Braga" in page, "Porto" in page, "quiet-seeds.example" in page) == (True, False, False)
    assert [
        (o.name, o.city) for o in db.session.scalars(select(Organisation).order_by(Organisation.id))
    ] == [
        ("Quiet Seeds Ltd", "Porto"),
        ("Quiet Seeds Ltd", "Braga"),
    ]


def test_register_name_of_listed_organisation_joins_it_as_picking_it_would(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    from scheduler.models import Organisation, Participant

    ready_event()
    register(client, "ben@example.org", organisation_name="Open Drones SA", city="Porto")
    register(
        app.test_client(), "cleo@example.org", organisation_name="open drones sa", city="Braga"
    )
    people = db.session.scalars(select(Participant).order_by(Participant.id)).all()
    assert [p.organisation.name for p in people] == ["Open Drones SA", "Open Drones SA"]
    assert [(o.name, o.city) for o in db.session.scalars(select(Organisation))] == [
        ("Open Drones SA", "Porto")
    ]


def _from_many_addresses(app: Flask, url: str, data: dict, count: int) -> list[int]:
    """The form posted once from each of ``count`` client addresses; the answers' codes."""
    return [
        post_form(
            app.test_client(), url, data, environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}
        ).status_code
        for n in range(1, count + 1)
    ]


def test_resend_link_limited_per_email_address(app: Flask, mail_dir: object) -> None:
    ready_event()
    with rate_limit(app, "LINK_RATE_LIMIT", "2 per 15 minutes"):
        codes = _from_many_addresses(app, "/events/pic/link", {"email": "ana@example.org"}, 3)
    assert codes == [302, 302, 429]


def test_register_again_counts_against_the_link_limit_of_the_address(
    app: Flask, mail_dir: object
) -> None:
    ready_event()
    register(app.test_client(), "ana@example.org")  # her first link
    with rate_limit(app, "LINK_RATE_LIMIT", "2 per 15 minutes"):
        codes = _from_many_addresses(app, "/events/pic/link", {"email": "ana@example.org"}, 2)
        again = _from_many_addresses(
            app, "/events/pic/register", registration_data("ana@example.org"), 2
        )
    assert (codes, again) == ([302, 302], [429, 429])
    assert len(mailbox(app)) == 3  # registration, then two links: no more


def test_register_errors_do_not_count_against_limit(
    client: FlaskClient, app: Flask, mail_dir: object
) -> None:
    ready_event()
    with rate_limit(app, "SIGNUP_RATE_LIMIT", "1 per hour"):
        mistakes = [register(client, "bad-address").status_code for _ in range(3)]
        success = register(client, "ana@example.org").status_code
        blocked = register(client, "ben@example.org").status_code
    assert (mistakes, success, blocked) == ([200, 200, 200], 302, 429)


def _register_each(app: Flask, emails: list[str]) -> list[int]:
    """Register each address from a client address of its own; the answers' codes."""
    return [
        post_form(
            app.test_client(),
            "/events/pic/register",
            registration_data(email),
            environ_base={"REMOTE_ADDR": f"10.0.1.{n}"},
        ).status_code
        for n, email in enumerate(emails, start=1)
    ]


def test_register_emails_capped_per_domain(app: Flask, mail_dir: object) -> None:
    ready_event()
    with rate_limit(app, "SIGNUP_DOMAIN_RATE_LIMIT", "2 per hour"):
        codes = _register_each(
            app,
            ["a@bigcorp.example", "b@BigCorp.example", "c@bigcorp.example", "d@other.example"],
        )
        blocked = register(app.test_client(), "e@bigcorp.example").get_data(as_text=True)
    assert codes == [302, 302, 429, 302]
    assert (
        "Too many registrations for addresses at bigcorp.example in the last hour. "
        "Your registration was not saved: please try again later." in blocked
    )
    assert sorted(m["To"] for m in mailbox(app)) == [
        "a@bigcorp.example",
        "b@bigcorp.example",
        "d@other.example",
    ]


def test_register_emails_capped_for_the_whole_site(app: Flask, mail_dir: object) -> None:
    ready_event()
    with rate_limit(app, "SIGNUP_GLOBAL_RATE_LIMIT", "2 per hour"):
        codes = _register_each(app, ["a@one.example", "b@two.example", "c@three.example"])
        blocked = register(app.test_client(), "d@four.example").get_data(as_text=True)
    assert codes == [302, 302, 429]
    assert (
        "Too many registrations in the last hour. "
        "Your registration was not saved: please try again later." in blocked
    )
    assert len(mailbox(app)) == 2


def test_register_errors_do_not_count_against_domain_cap(app: Flask, mail_dir: object) -> None:
    ready_event()
    with rate_limit(app, "SIGNUP_DOMAIN_RATE_LIMIT", "1 per hour"):
        mistakes = [
            register(app.test_client(), "a@bigcorp.example", first_name="").status_code
            for _ in range(2)
        ]
        codes = _register_each(app, ["a@bigcorp.example", "b@bigcorp.example"])
    assert (mistakes, codes) == ([200, 200], [302, 429])


def test_link_emails_capped_per_recipient_per_day(app: Flask, mail_dir: object) -> None:
    ready_event()
    with rate_limit(app, "LINK_RECIPIENT_RATE_LIMIT", "3 per day"):
        first = _register_each(app, ["ana@example.org", "ana@example.org"])
        links = _from_many_addresses(app, "/events/pic/link", {"email": "ana@example.org"}, 2)
        again = _register_each(app, ["ana@example.org"])
    assert (first, links, again) == ([302, 302], [302, 429], [429])
    assert len(mailbox(app)) == 3


def test_privacy_notice_linked_from_form_and_states_retention(
    client: FlaskClient, app: Flask
) -> None:
    ready_event(retention_days=180)
    form = client.get("/events/pic/register").get_data(as_text=True)
    notice = client.get("/events/pic/privacy").get_data(as_text=True)
    assert 'href="/events/pic/privacy"' in form
    assert "kept for 180 days after the event" in notice
    assert "version 2026-12" in notice


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_name", "URGENT: claim your refund at https://evil.example/r"),
        ("last_name", "see www.refund-now.biz"),
        ("first_name", "Visit refund-now.com today"),
        ("job_title", "Winner! ftp://files.example/prize"),
        ("organisation_name", "Refunds at https://evil.example"),
    ],
)
def test_register_refuses_web_addresses_in_names(
    client: FlaskClient, app: Flask, field: str, value: str
) -> None:
    ready_event()

    response = register(client, "ana@example.org", **{field: value})

    page = response.get_data(as_text=True)
    assert (response.status_code, page.count("A name cannot hold a web address.")) == (200, 1)
    assert db.session.scalar(select(func.count()).select_from(Participant)) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("last_name", "St.Clair"), ("first_name", "J.-P."), ("organisation_name", "Booking.com")],
)
def test_register_accepts_names_with_dots(
    client: FlaskClient, app: Flask, mail_dir: object, field: str, value: str
) -> None:
    ready_event()

    response = register(client, "ana@example.org", **{field: value})

    assert response.status_code == 302
