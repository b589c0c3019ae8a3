"""What the simulated users do: one scenario per page or form of the benchmark."""

from __future__ import annotations

import random
from dataclasses import dataclass

from scheduler.loadbench.client import Refused, Scenario, User, expect, token_of

# Directory views: filters and searches that people use, one after the other.
DIRECTORY_QUERIES = (
    {"country": "FR"},
    {"q": "robot"},
    {"sector": "fruit-vegetables", "q": "trial"},
    {"country": "IT", "interest": "technology"},
    {"q": "seed", "language": "de"},
    {"page": "3"},
)


@dataclass(frozen=True)
class Target:
    """The event under load and the ids the users visit."""

    slug: str
    profiles: list[int]
    run: str  # tells this run's registrations apart from an earlier run's


def scenarios(target: Target) -> list[Scenario]:
    slug = target.slug
    rng = random.Random(7)  # noqa: S311  (which profile to visit, not security)

    async def healthz(user: User, number: int) -> None:
        expect(await user.http.get("/healthz"), 200)

    async def event_page(user: User, number: int) -> None:
        expect(await user.http.get(f"/events/{slug}"), 200)

    async def directory(user: User, number: int) -> None:
        query = DIRECTORY_QUERIES[number % len(DIRECTORY_QUERIES)]
        expect(await user.http.get(f"/events/{slug}/participants", params=query), 200)

    async def profile(user: User, number: int) -> None:
        person = rng.choice(target.profiles)
        expect(await user.http.get(f"/events/{slug}/participants/{person}"), 200)

    async def portal(user: User, number: int) -> None:
        expect(await user.http.get(f"/events/{slug}/me"), 200)

    async def suggestions(user: User, number: int) -> None:
        expect(await user.http.get(f"/events/{slug}/me/suggestions"), 200)

    forms: dict[int, str] = {}

    async def registration_form(user: User, number: int) -> dict[str, str]:
        page = await user.http.get(f"/events/{slug}/register")
        expect(page, 200)
        forms[user.number] = token_of(page.text)
        return {}

    async def register(user: User, number: int) -> None:
        answer = await user.http.post(
            f"/events/{slug}/register",
            data=_registration(forms[user.number], f"{target.run}-{number}", number),
        )
        expect(answer, 302)
        if "/check-your-email" not in answer.headers.get("location", ""):
            raise Refused(f"registration redirected to {answer.headers.get('location')}")

    async def request_meeting(user: User, number: int) -> None:
        recipient = next(user.recipients, None)
        if recipient is None:
            raise Refused("nobody left to request a meeting with")
        answer = await user.http.post(
            f"/events/{slug}/participants/{recipient}",
            data={
                "csrf_token": user.csrf,
                "message": "Hello, could we discuss a field trial together next season?",
                "priority": "2",
            },
        )
        expect(answer, 302)

    return [
        Scenario("trivial: /healthz", healthz),
        Scenario("event page", event_page),
        Scenario("directory (filtered, searched)", directory, signed_in=True),
        Scenario("profile", profile, signed_in=True),
        Scenario("portal", portal, signed_in=True),
        Scenario("suggestions", suggestions, signed_in=True),
        Scenario("registration POST", register, prepare=registration_form),
        Scenario("meeting-request POST", request_meeting, signed_in=True),
    ]


def _registration(csrf: str, tag: str, number: int) -> dict[str, str | list[str]]:
    return {
        "csrf_token": csrf,
        "first_name": "Ana",
        "last_name": "Silva",
        "email": f"load-{tag}@load{number % 50}.example.org",
        "phone": "+351 912 345 678",
        "job_title": "R&D manager",
        "participant_type": "delegate",
        "organisation_id": "0",
        "organisation_name": f"Load test vineyards {tag}",
        "organisation_type": "company",
        "country": "PT",
        "city": "Vila Real",
        "sectors": ["winegrowing"],
        "offer_text": "Vineyard robotics for pruning and spraying",
        "seek_text": "Drone-based vineyard monitoring; field trial sites",
        "interests": ["technology"],
        "languages": ["en", "pt"],
        "directory_visibility": "participants",
        "directory_consent": "y",
        "privacy": "y",
    }
