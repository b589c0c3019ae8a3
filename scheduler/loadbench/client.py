"""The asyncio client of the load benchmark: simulated users, each with its own cookies,
send one kind of request for a fixed time; every answer is timed and checked."""

from __future__ import annotations

import asyncio
import itertools
import math
import random
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import httpx

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
TIMEOUT_SECONDS = 15.0


class Refused(Exception):
    """An answer other than the one expected; the message says what came back."""


@dataclass
class User:
    """One simulated person: their cookies, and for an attendee who they are."""

    http: httpx.AsyncClient
    number: int
    csrf: str = ""
    recipients: Iterator[int] = field(default_factory=lambda: iter(()))


@dataclass
class Figures:
    name: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, fraction: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds (0 without any)."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
        return ordered[rank - 1] * 1000


def token_of(page: str) -> str:
    match = CSRF.search(page)
    if match is None:
        raise Refused("no CSRF token on the page")
    return match.group(1) or match.group(2)


def expect(response: httpx.Response, status: int) -> None:
    if response.status_code != status:
        raise Refused(
            f"{response.request.method} {response.request.url.path}: "
            f"{response.status_code} instead of {status}"
        )


# One kind of request: given a user, send it and check the answer. The time measured is
# the call's; a scenario that must first load a form does so in ``prepare`` (not timed),
# and when paced the user pauses after it too, as after any request.
Action = Callable[[User, int], Awaitable[None]]


@dataclass(frozen=True)
class Scenario:
    name: str
    action: Action
    prepare: Callable[[User, int], Awaitable[dict[str, str]]] | None = None
    signed_in: bool = False


async def _user_loop(
    scenario: Scenario,
    user: User,
    until: float,
    think: float,
    figures: Figures,
    counter: Iterator[int],
    rng: random.Random,
) -> None:
    if think:  # people arrive one by one, not all in the same millisecond
        await asyncio.sleep(rng.uniform(0, think))
    while time.monotonic() < until:
        number = next(counter)
        try:
            if scenario.prepare is not None:
                await scenario.prepare(user, number)
                if think:  # filling in the form: a pause between two requests, as any other
                    await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
            start = time.perf_counter()
            await scenario.action(user, number)
            figures.latencies.append(time.perf_counter() - start)
        except (Refused, httpx.HTTPError) as error:
            figures.errors.append(f"{type(error).__name__}: {error}")
        if think:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))


async def drive(scenario: Scenario, users: list[User], seconds: float, think: float) -> Figures:
    """Every user sends ``scenario``'s request again and again for ``seconds``, waiting
    about ``think`` seconds between two (0: none, as fast as the server answers)."""
    rng = random.Random(len(users))  # noqa: S311  (spreading the pauses, not security)
    counter = itertools.count()
    started = time.monotonic()
    figures = Figures(scenario.name, seconds)
    await asyncio.gather(
        *(
            _user_loop(scenario, user, started + seconds, think, figures, counter, rng)
            for user in users
        )
    )
    figures.seconds = time.monotonic() - started
    return figures


def new_http(base_url: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT_SECONDS, follow_redirects=False)


async def sign_in(user: User, link: str, slug: str) -> None:
    """Open the emailed link and press its button, as a person does: the session cookie
    that comes back is the attendee's. Keep the CSRF token of the session's forms."""
    page = await user.http.get(link)
    expect(page, 200)
    answer = await user.http.post(link, data={"csrf_token": token_of(page.text)})
    expect(answer, 302)
    portal = await user.http.get(f"/events/{slug}/me")
    expect(portal, 200)
    user.csrf = token_of(portal.text)
