"""The demonstration event: the annual Plant InterCluster meeting, generated deterministically."""

from __future__ import annotations

import os
import random
import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from flask import current_app
from sqlalchemy import select

from scheduler import demo_content as content
from scheduler.extensions import db
from scheduler.models import (
    STANDARD_SECTORS,
    AgendaItem,
    AgendaItemKind,
    B2BSession,
    B2BTable,
    Consent,
    ConsentKind,
    CooperationInterest,
    DirectoryVisibility,
    Event,
    EventRole,
    EventRoleKind,
    EventStatus,
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    MeetingStatus,
    Organisation,
    OrganisationType,
    OrganiserAccount,
    Participant,
    ParticipantInterest,
    ParticipantLanguage,
    ParticipantStatus,
    ParticipantType,
    Priority,
    RequestStatus,
    Sector,
    SessionSignup,
    Unavailability,
)
from scheduler.passwords import hash_password
from scheduler.registration.privacy import PRIVACY_TEXT_VERSION

DEMO_SLUG = "plant-intercluster-2027"
DEMO_ORGANISER_EMAIL = "organiser@vegepolys-valley.example"
CREDENTIALS_FILE = "demo-organiser.txt"
TIMEZONE = "Europe/Paris"
FIRST_DAY = date(2027, 3, 9)
# About this many people come to the demo event itself (the scaled demo grows from it).
DEMO_PARTICIPANTS = 150
# The highest weight of a pair in DemoBuilder._score: a shared sector (2.0) across borders (x 1.5).
MAX_SCORE = 3.0

# The demo's team: (email, name and what `demo load` calls the account, role), owner first.
DEMO_ACCOUNTS = (
    (DEMO_ORGANISER_EMAIL, "Demo organiser", EventRoleKind.OWNER),
    ("co-organiser@vegepolys-valley.example", "Demo co-organiser", EventRoleKind.CO_ORGANISER),
    ("viewer@vegepolys-valley.example", "Demo viewer", EventRoleKind.VIEWER),
)


@dataclass(frozen=True)
class Credentials:
    email: str
    password: str

    @property
    def label(self) -> str:
        """How `demo load` names the account: "Demo organiser", "Demo viewer"..."""
        return next((name for email, name, _ in DEMO_ACCOUNTS if email == self.email), "Demo")


class DemoAlreadyLoaded(Exception):
    """The demo event exists already; carries the stored credentials of its accounts."""

    def __init__(self, slug: str, accounts: list[Credentials]) -> None:
        super().__init__(f"the demo event {slug!r} is already loaded")
        self.slug = slug
        self.accounts = accounts


def _credentials_path() -> Path:
    return Path(current_app.instance_path) / CREDENTIALS_FILE


def read_accounts() -> list[Credentials]:
    """The demo accounts' credentials, the organiser's first (one "email password" a line)."""
    path = _credentials_path()
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Credentials(*line.strip().partition(" ")[::2]) for line in lines if line.strip()]


def _write_credentials(accounts: list[Credentials]) -> None:
    descriptor = os.open(_credentials_path(), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.writelines(f"{c.email} {c.password}\n" for c in accounts)


def _account(email: str, name: str, event: Event, role: EventRoleKind) -> Credentials:
    credentials = Credentials(email, secrets.token_urlsafe(12))
    account = db.session.scalar(select(OrganiserAccount).where(OrganiserAccount.email == email))
    if account is None:
        account = OrganiserAccount(email=email, display_name=name)
        db.session.add(account)
    account.password_hash = hash_password(credentials.password)
    account.roles.append(EventRole(event=event, role=role))
    return credentials


def load_demo(seed: int = 2027) -> Credentials:
    """Create the demo event in one transaction with its organiser, co-organiser and viewer
    accounts; return the organiser's credentials (all three are in the credentials file)."""
    if db.session.scalar(select(Event.id).where(Event.slug == DEMO_SLUG)) is not None:
        raise DemoAlreadyLoaded(DEMO_SLUG, read_accounts())
    # Reproducible demo data, not security: a seeded generator is what is wanted here.
    rng = random.Random(seed)  # noqa: S311
    builder = DemoBuilder(rng, current_app.config["SERVER_NAME_FOR_UIDS"])
    builder.build()
    accounts = [_account(email, name, builder.event, role) for email, name, role in DEMO_ACCOUNTS]
    db.session.commit()
    _write_credentials(accounts)
    return accounts[0]


def schedule_first_session(time_limit: float = 10.0) -> str:
    """Generate and publish the demo's first B2B session, as an organiser would from the
    console (without emailing the generated people); the second is left to generate."""
    from scheduler.agenda.publish import publish
    from scheduler.agenda.runs import start_run
    from scheduler.jobs import solve_run

    event = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    first = event.b2b_sessions[0]
    run = start_run(db.session, first, time_limit=time_limit)
    db.session.commit()
    run = solve_run(run.id)
    publication = publish(db.session, event)
    db.session.commit()
    return (
        f"{first.name}: {run.figures.get('placed', 0)} meetings scheduled and published "
        f"({len(publication.people())} participants see their agenda); "
        f"{', '.join(s.name for s in event.b2b_sessions[1:]) or 'no other session'} "
        "left to generate from the console."
    )


def _overlap(first: AgendaItem, second: AgendaItem) -> bool:
    return first.starts_at < second.ends_at and second.starts_at < first.ends_at


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum() or ch in ".-")


def load_scaled_demo(slug: str, participants: int, seed: int = 2027) -> Event:
    """The demo event under another slug with about ``participants`` people (the clusters'
    members send more delegates) and as many meeting requests per person as the demo; no
    organiser account. Flushes, never commits. For load benchmarks."""
    rng = random.Random(seed)  # noqa: S311  (reproducible demo data)
    builder = DemoBuilder(
        rng, current_app.config["SERVER_NAME_FOR_UIDS"], slug=slug, participants=participants
    )
    builder.build()
    db.session.flush()
    return builder.event


class DemoBuilder:
    """Adds the demo event's rows to the session; all randomness comes from ``rng``.

    With ``participants``, the clusters send their delegations again (a number after their
    address) until the event has that many people; the requests grow in proportion."""

    DEMO_REQUESTS = 340

    def __init__(
        self,
        rng: random.Random,
        uid_domain: str,
        slug: str = DEMO_SLUG,
        participants: int | None = None,
    ) -> None:
        self.rng = rng
        self.uid_domain = uid_domain
        self.slug = slug
        self.wanted = participants
        self.zone = ZoneInfo(TIMEZONE)
        self.sectors: dict[str, Sector] = {}
        self.participants: list[Participant] = []
        self.sector_of: dict[int, list[str]] = {}

    def build(self) -> None:
        self._sectors()
        host = self._organisations()
        self.event = self._event(host)
        self._programme()
        self._b2b_sessions()
        db.session.add(self.event)
        self._participants()
        db.session.flush()
        self._booths()
        self._signups()
        self._availability()
        self._requests()

    def _uid(self, kind: str) -> str:
        unique = uuid.UUID(int=self.rng.getrandbits(128), version=4)
        # Another copy of the demo draws the same numbers: its slug keeps its UIDs apart.
        copy = "" if self.slug == DEMO_SLUG else f".{self.slug}"
        return f"{kind}-{unique}{copy}@{self.uid_domain}"

    def _at(self, day: int, hour: int, minute: int = 0) -> datetime:
        local = datetime.combine(FIRST_DAY + timedelta(days=day), time(hour, minute), self.zone)
        return local

    def _sectors(self) -> None:
        for slug, label in STANDARD_SECTORS.items():
            sector = db.session.scalar(select(Sector).where(Sector.slug == slug))
            if sector is None:
                sector = Sector(slug=slug, label=label, is_standard=True)
                db.session.add(sector)
            self.sectors[slug] = sector
        for slug, label in (("biocontrol", "Biocontrol"), ("agtech", "Agricultural technology")):
            sector = db.session.scalar(select(Sector).where(Sector.slug == slug))
            self.sectors[slug] = sector or Sector(slug=slug, label=label, is_standard=False)

    def _organisation(
        self,
        name: str,
        kind: OrganisationType,
        country: str,
        city: str,
        sectors: list[str],
        description: str,
    ) -> Organisation:
        existing = db.session.scalar(
            select(Organisation).where(Organisation.name == name, Organisation.country == country)
        )
        if existing is not None:
            return existing
        tags = list(sectors)
        if "biocontrol" in name.lower():
            tags.append("biocontrol")
        if any(word in name.lower() for word in ("robotics", "precision", "systems", "technolog")):
            tags.append("agtech")
        domain = _ascii(name.replace(" ", "-").replace("&", "and"))
        return Organisation(
            name=name,
            type=kind,
            country=country,
            city=city,
            website=f"https://www.{domain}.example",
            description=description,
            sectors=[self.sectors[slug] for slug in tags],
        )

    def _organisations(self) -> Organisation:
        self.clusters: list[tuple[Organisation, list[Organisation]]] = []
        self.member_count: dict[str, int] = {}
        for index, (name, kind, country, city, sectors) in enumerate(content.CLUSTERS):
            count = self.rng.randint(40, 180)
            self.member_count[name] = count
            labels = " and ".join(STANDARD_SECTORS[slug].lower() for slug in sectors[:2])
            description = content.CLUSTER_DESCRIPTION.format(sectors=labels, city=city, count=count)
            cluster = self._organisation(name, kind, country, city, sectors, description)
            members = []
            for m_name, m_kind, m_city, m_sectors in content.MEMBERS[index]:
                offer = content.MEMBER_PROFILES[m_name][0]
                description = content.MEMBER_DESCRIPTION.format(
                    kind=content.ORGANISATION_KINDS[m_kind].capitalize(),
                    city=m_city,
                    cluster=name,
                    offer=offer,
                )
                m_country = content.MEMBER_COUNTRIES.get(m_name, country)
                members.append(
                    self._organisation(
                        m_name, m_kind, m_country, m_city, m_sectors or sectors, description
                    )
                )
            self.clusters.append((cluster, members))
        return self.clusters[0][0]

    def _event(self, host: Organisation) -> Event:
        return Event(
            slug=self.slug,
            name="Plant InterCluster Annual Meeting 2027",
            description=(
                "Once a year the members of a dozen European plant clusters meet in Angers, "
                "hosted by VEGEPOLYS VALLEY, to build European innovation projects together: "
                "cider, cereals, fruit and vegetables, ornamental horticulture, medicinal plants, "
                "mushrooms, seeds and winegrowing.\n\n"
                "Three days of plenaries, thematic workshops, a site visit, a network dinner and "
                "two B2B sessions of pre-scheduled one-to-one meetings."
            ),
            description_fr=content.EVENT_DESCRIPTION_FR,
            host_organisation=host,
            venue_name="Terra Botanica conference centre",
            address="Route d'Épinard, 49100 Angers, France",
            timezone=TIMEZONE,
            start_date=FIRST_DAY,
            end_date=FIRST_DAY + timedelta(days=2),
            registration_opens_at=datetime(2026, 10, 1, 9, 0, tzinfo=self.zone),
            registration_closes_at=datetime(2027, 2, 26, 18, 0, tzinfo=self.zone),
            status=EventStatus.REGISTRATION_OPEN,
            sender_email="intercluster@vegepolys-valley.example",
            sender_name="Plant InterCluster secretariat",
            meeting_request_quota=15,
            requests_expire_at=datetime(2027, 3, 2, 18, 0, tzinfo=self.zone),
            max_meetings_per_participant=12,
            # A few registrations wait for the organisers' approval (status pending).
            approval_required=True,
        )

    def _item(
        self,
        kind: AgendaItemKind,
        title: str,
        day: int,
        start: tuple[int, int],
        end: tuple[int, int],
        room: str,
        capacity: int | None,
        description: str,
        signup: bool = False,
    ) -> AgendaItem:
        title_fr, description_fr = content.ITEMS_FR.get(title, ("", ""))
        item = AgendaItem(
            kind=kind,
            title=title,
            title_fr=title_fr,
            description=description,
            description_fr=description_fr,
            room=room,
            starts_at=self._at(day, *start),
            ends_at=self._at(day, *end),
            capacity=capacity,
            requires_signup=signup,
            calendar_uid=self._uid("session"),
        )
        self.event.agenda_items.append(item)
        return item

    def _programme(self) -> None:
        K = AgendaItemKind
        self._item(
            K.PLENARY,
            "Welcome and opening plenary: plant clusters in Europe in 2027",
            0,
            (9, 0),
            (10, 30),
            "Auditorium",
            300,
            "The host cluster and the network's steering committee present the year's "
            "innovation agenda and the calls the network will answer together.",
        )
        self._break(0, (10, 30), (10, 45))
        self.workshops = [
            self._item(
                K.WORKSHOP,
                "Biocontrol and low-input crop protection",
                0,
                (10, 45),
                (12, 30),
                "Room Chenin",
                40,
                "Field results and regulatory routes for biocontrol products.",
                True,
            ),
            self._item(
                K.WORKSHOP,
                "Digital agriculture: sensors, drones and data sharing",
                0,
                (10, 45),
                (12, 30),
                "Room Cabernet",
                40,
                "What growers need from data tools, and how to share data fairly.",
                True,
            ),
            self._item(
                K.WORKSHOP,
                "Horizon Europe Cluster 6: building a consortium",
                0,
                (10, 45),
                (12, 30),
                "Room Grolleau",
                50,
                "From idea to consortium: roles, budget and the evaluators' view.",
                True,
            ),
        ]
        self._lunch(0, (12, 30), (14, 0))
        self._item(
            K.SOCIAL,
            "Network dinner at the Château du Plessis-Macé",
            0,
            (19, 30),
            (23, 0),
            "Château du Plessis-Macé",
            160,
            "Dinner with regional products; coaches leave the venue at 19:00.",
            True,
        )
        self._item(
            K.PLENARY,
            "Funding European innovation projects: programmes and tips",
            1,
            (9, 0),
            (10, 15),
            "Auditorium",
            300,
            "Horizon Europe, Interreg and the EIP-AGRI operational groups compared.",
        )
        self._break(1, (10, 15), (10, 30))
        self.workshops += [
            self._item(
                K.WORKSHOP,
                "Water and climate resilience in specialised crops",
                1,
                (10, 30),
                (12, 0),
                "Room Chenin",
                35,
                "Irrigation, drought-tolerant varieties and shading.",
                True,
            ),
            self._item(
                K.WORKSHOP,
                "Seeds and plant genetic resources",
                1,
                (10, 30),
                (12, 0),
                "Room Cabernet",
                30,
                "Gene banks, new genomic techniques and breeders' rights.",
                True,
            ),
            self._item(
                K.WORKSHOP,
                "Medicinal and aromatic plants: building value chains",
                1,
                (15, 0),
                (16, 30),
                "Room Grolleau",
                30,
                "From organic cultivation to certified extracts; runs alongside the B2B session.",
                True,
            ),
        ]
        self._lunch(1, (12, 0), (14, 0))
        self.visit = self._item(
            K.SITE_VISIT,
            "Site visit: Campus du Végétal and an experimental station",
            2,
            (9, 0),
            (12, 30),
            "Departure from the main entrance",
            45,
            "Research greenhouses, phenotyping platform and a seed company's trial fields.",
            True,
        )
        self._item(
            K.PLENARY,
            "Closing plenary: projects born this week",
            2,
            (12, 45),
            (13, 30),
            "Auditorium",
            300,
            "Each cluster presents the project ideas its members will take forward.",
        )
        self._item(
            K.LUNCH,
            "Farewell lunch",
            2,
            (13, 30),
            (14, 30),
            "Restaurant Le Jardin",
            None,
            "A standing lunch before the coaches leave for Angers station.",
        )

    def _break(self, day: int, start: tuple[int, int], end: tuple[int, int]) -> None:
        self._item(
            AgendaItemKind.BREAK,
            "Coffee break",
            day,
            start,
            end,
            "Foyer",
            None,
            "Coffee, tea and Anjou apple juice by the partners' stands.",
        )

    def _lunch(self, day: int, start: tuple[int, int], end: tuple[int, int]) -> None:
        self._item(
            AgendaItemKind.LUNCH,
            "Lunch",
            day,
            start,
            end,
            "Restaurant Le Jardin",
            None,
            "A buffet of regional produce; vegetarian and vegan dishes are labelled.",
        )

    def _b2b_sessions(self) -> None:
        for day, name in ((0, "B2B session 1"), (1, "B2B session 2")):
            session = B2BSession(
                name=name,
                name_fr=content.SESSIONS_FR[name],
                starts_at=self._at(day, 14, 0),
                ends_at=self._at(day, 17, 20),
                slot_minutes=20,
                pause_minutes=0,
                room="Exhibition hall",
            )
            session.generate_slots()
            session.tables = [B2BTable(number=number) for number in range(1, 31)]
            self.event.b2b_sessions.append(session)

    def _person(
        self,
        organisation: Organisation,
        kind: ParticipantType,
        used: set[str],
        round_number: int = 0,
    ) -> Participant:
        rng = self.rng
        country = organisation.country
        suffix = str(round_number + 1) if round_number else ""
        while True:
            first = rng.choice(content.FIRST_NAMES[country])
            if country in content.GENDERED_LAST_NAMES:
                masculine, feminine = rng.choice(content.GENDERED_LAST_NAMES[country])
                last = feminine if first in content.FEMININE_FIRST_NAMES else masculine
            else:
                last = rng.choice(content.LAST_NAMES[country])
            local_part = (
                f"{_ascii(first)}.{_ascii(last.replace(' ', '').replace(chr(39), ''))}{suffix}"
            )
            if local_part not in used:
                used.add(local_part)
                break
        domain = organisation.website.removeprefix("https://www.")
        sectors = [s.slug for s in organisation.sectors if s.slug in content.OFFERS]
        sectors = sectors or [rng.choice(list(content.OFFERS))]
        if organisation.type is OrganisationType.CLUSTER:
            offer = content.CLUSTER_OFFER.format(
                count=self.member_count[organisation.name], city=organisation.city
            )
            seek = content.CLUSTER_SEEK.format(
                country=Locale("en").territories[country],
                sector=STANDARD_SECTORS[sectors[0]].lower(),
            )
        else:
            # The organisation's own offer and need first, then one of its sector's.
            own_offer, own_seek = content.MEMBER_PROFILES[organisation.name]
            sector_offer = rng.choice(content.OFFERS[rng.choice(sectors)])
            seeks = [s for s in content.SEEKS[rng.choice(sectors)] if s != sector_offer]
            offer = f"{own_offer}; {sector_offer}"
            seek = f"{own_seek}; {rng.choice(seeks)}"
        visibility = rng.choices(
            [
                DirectoryVisibility.PARTICIPANTS,
                DirectoryVisibility.PUBLIC,
                DirectoryVisibility.NOBODY,
            ],
            weights=[70, 15, 15],
        )[0]
        status = rng.choices(
            [ParticipantStatus.CONFIRMED, ParticipantStatus.PENDING, ParticipantStatus.WITHDRAWN],
            weights=[90, 7, 3],
        )[0]
        given = datetime(2026, 10, 1, 9, tzinfo=self.zone) + timedelta(
            minutes=rng.randint(0, 60 * 24 * 50)
        )
        participant = Participant(
            organisation=organisation,
            first_name=first,
            last_name=last,
            email=f"{local_part}@{domain}",
            phone=(
                f"+{content.PHONE_CODES[country]} {rng.randint(100, 999)} "
                f"{rng.randint(100000, 999999)}"
            ),
            job_title=rng.choice(content.JOB_TITLES[organisation.type]),
            participant_type=kind,
            offer_text=offer[:1].upper() + offer[1:] + ".",
            seek_text=seek[:1].upper() + seek[1:] + ".",
            directory_visibility=visibility,
            status=status,
            created_at=given,
            # People from French organisations registered in French: their emails are too.
            language="fr" if organisation.country == "FR" else "en",
        )
        participant.interests = [
            ParticipantInterest(interest=interest)
            for interest in rng.sample(list(CooperationInterest), rng.randint(1, 3))
        ]
        codes = {"en", content.LANGUAGES[country]} | ({"fr"} if rng.random() < 0.3 else set())
        participant.languages = [ParticipantLanguage(code=code) for code in sorted(codes)]
        participant.consents = [
            Consent(
                kind=ConsentKind.PRIVACY_POLICY, text_version=PRIVACY_TEXT_VERSION, given_at=given
            )
        ]
        if visibility is not DirectoryVisibility.NOBODY:
            participant.consents.append(
                Consent(
                    kind=ConsentKind.DIRECTORY_LISTING,
                    text_version=PRIVACY_TEXT_VERSION,
                    given_at=given,
                )
            )
        self.sector_of[id(participant)] = sectors
        return participant

    def _participants(self) -> None:
        used: set[str] = set()
        round_number = 0
        while round_number == 0 or (self.wanted and len(self.participants) < self.wanted):
            self._delegations(used, round_number)
            round_number += 1
        if self.wanted:
            del self.participants[self.wanted :]
        for person in self.participants:
            person.event = self.event
            db.session.add(person)
        self._special_roles()

    def _delegations(self, used: set[str], round_number: int) -> None:
        """Each cluster's managers and its members' delegates, once."""
        for cluster, members in self.clusters:
            people = [self._person(cluster, ParticipantType.CLUSTER_MANAGER, used, round_number)]
            if self.rng.random() < 0.5:
                people.append(
                    self._person(cluster, ParticipantType.CLUSTER_MANAGER, used, round_number)
                )
            for member in members:
                count = (
                    1
                    if member.type in {OrganisationType.PUBLIC_BODY, OrganisationType.INVESTOR}
                    else self.rng.randint(3, 4)
                )
                for _ in range(count):
                    people.append(
                        self._person(member, ParticipantType.DELEGATE, used, round_number)
                    )
            self.participants.extend(people)

    def _special_roles(self) -> None:
        speaker = self.participants[1]
        exhibitor_a, exhibitor_b = self.participants[7], self.participants[30]
        speaker.participant_type = ParticipantType.SPEAKER
        self.exhibitors = [exhibitor_a, exhibitor_b]
        for exhibitor in self.exhibitors:
            exhibitor.participant_type = ParticipantType.EXHIBITOR

    def _booths(self) -> None:
        """Tables 1 and 2 of each session are the exhibitors' booths (once they have ids)."""
        for number, exhibitor in enumerate(self.exhibitors, start=1):
            for session in self.event.b2b_sessions:
                session.tables[number - 1].label = f"Booth: {exhibitor.organisation.name}"
                session.tables[number - 1].reserved_for_id = exhibitor.id

    @property
    def active(self) -> list[Participant]:
        return [p for p in self.participants if p.is_active]

    def _signups(self) -> None:
        for item in [*self.workshops, self.visit]:
            wanted = self.rng.sample(self.active, min(len(self.active), int(item.capacity * 0.9)))
            for person in wanted:
                if any(_overlap(s.agenda_item, item) for s in person.signups):
                    continue
                person.signups.append(SessionSignup(agenda_item=item))
                item.seats_taken += 1
        dinner = next(i for i in self.event.agenda_items if i.kind is AgendaItemKind.SOCIAL)
        for person in self.active[: dinner.capacity]:
            if self.rng.random() < 0.8:
                person.signups.append(SessionSignup(agenda_item=dinner))
                dinner.seats_taken += 1

    def _availability(self) -> None:
        slots = [s for session in self.event.b2b_sessions for s in session.slots]
        for person in self.active:
            roll = self.rng.random()
            if roll < 0.10:  # arrives on the second day
                blocked = slots[: len(slots) // 2]
            elif roll < 0.25:  # leaves early one afternoon
                session = self.rng.choice(self.event.b2b_sessions)
                blocked = session.slots[-self.rng.randint(2, 4) :]
            else:
                continue
            for slot in blocked:
                db.session.add(Unavailability(participant_id=person.id, slot_id=slot.id))

    def _score(self, requester: Participant, recipient: Participant) -> float:
        shared = set(self.sector_of[id(requester)]) & set(self.sector_of[id(recipient)])
        bonus = 2.0 if shared else 0.3
        if requester.organisation_id == recipient.organisation_id:
            return 0.0
        if requester.organisation.country != recipient.organisation.country:
            bonus *= 1.5
        return bonus

    def _requests(self) -> None:
        rng = self.rng
        people = [p for p in self.active if p.status is ParticipantStatus.CONFIRMED]
        pairs: set[tuple[int, int]] = set()
        now = datetime(2027, 2, 20, 12, tzinfo=self.zone)
        target = self.DEMO_REQUESTS
        if self.wanted:
            target = round(self.DEMO_REQUESTS * len(self.participants) / DEMO_PARTICIPANTS)
        while len(pairs) < target:
            requester = rng.choice(people)
            if self.wanted:
                recipient = self._sampled_recipient(requester, people)
            else:
                weights = [
                    self._score(requester, other) if other is not requester else 0.0
                    for other in people
                ]
                recipient = rng.choices(people, weights=weights)[0]
            key = tuple(sorted((requester.id, recipient.id)))
            if key in pairs or recipient is requester:
                continue
            pairs.add(key)
            status = rng.choices(
                [
                    RequestStatus.ACCEPTED,
                    RequestStatus.PENDING,
                    RequestStatus.DECLINED,
                    RequestStatus.CANCELLED,
                ],
                weights=[72, 16, 8, 4],
            )[0]
            priority = rng.choices(list(Priority), weights=[20, 55, 25])[0]
            created = now - timedelta(hours=rng.randint(24, 24 * 60))
            request = MeetingRequest(
                event=self.event,
                requester=requester,
                recipient=recipient,
                status=status,
                priority=int(priority),
                created_at=created,
                message=self._message(requester, recipient),
                responded_at=None
                if status is RequestStatus.PENDING
                else created + timedelta(hours=rng.randint(2, 96)),
                expires_at=(
                    self.event.requests_expire_at if status is RequestStatus.PENDING else None
                ),
            )
            db.session.add(request)
            if status is RequestStatus.ACCEPTED:
                meeting = Meeting(
                    event=self.event,
                    request=request,
                    priority=int(priority),
                    status=MeetingStatus.UNSCHEDULED,
                    calendar_uid=self._uid("meeting"),
                )
                meeting.attendances = [
                    MeetingParticipant(participant=requester),
                    MeetingParticipant(participant=recipient),
                ]
                db.session.add(meeting)
        self._consortium_meeting()

    def _sampled_recipient(self, requester: Participant, people: list[Participant]) -> Participant:
        """Someone drawn with the same weights as the demo's, by rejection: weighing
        everyone for every request would take minutes at a few thousand people."""
        while True:
            other = self.rng.choice(people)
            if other is not requester and self.rng.random() * MAX_SCORE < self._score(
                requester, other
            ):
                return other

    def _message(self, requester: Participant, recipient: Participant) -> str:
        topic = recipient.offer_text.split(";")[0].rstrip(".").lower()
        return self.rng.choice(
            [
                f"Hello {recipient.first_name}, we are interested in your {topic}. "
                "Could we discuss a possible cooperation?",
                f"Dear {recipient.first_name}, I saw your profile and think our work on "
                f"{requester.offer_text.split(';')[0].rstrip('.').lower()} fits your needs.",
                f"Hi {recipient.first_name}, we are preparing a Horizon Europe proposal and are "
                "looking for partners with your profile. Shall we meet?",
            ]
        )

    def _consortium_meeting(self) -> None:
        """A multi-party meeting set up by the organiser for a proposal consortium."""
        managers = [
            p
            for p in self.active
            if p.participant_type is ParticipantType.CLUSTER_MANAGER
            and p.status is ParticipantStatus.CONFIRMED
        ][:3]
        meeting = Meeting(
            event=self.event,
            priority=int(Priority.MUST_MEET),
            status=MeetingStatus.UNSCHEDULED,
            calendar_uid=self._uid("meeting"),
        )
        meeting.attendances = [MeetingParticipant(participant=p) for p in managers]
        db.session.add(meeting)


def demo_summary() -> dict[str, int]:
    """Counts of the demo event's main rows (for the CLI and the tests)."""
    event = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    if event is None:
        return {}
    count = lambda model: db.session.scalar(  # noqa: E731
        select(db.func.count()).select_from(model).where(model.event_id == event.id)
    )
    return {
        "participants": count(Participant),
        "requests": count(MeetingRequest),
        "meetings": count(Meeting),
        "agenda_items": count(AgendaItem),
        "sessions": count(B2BSession),
    }
