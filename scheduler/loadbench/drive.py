"""Running every scenario, paced then flat out, with users signed in through their links."""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING

from scheduler.loadbench.client import Figures, User, drive, new_http, sign_in
from scheduler.loadbench.scenarios import Target, scenarios

if TYPE_CHECKING:
    from scheduler.loadbench.__main__ import Options
    from scheduler.loadbench.setup import Prepared

WARM_UP_SECONDS = 1.0
MODES = ("paced", "flat out")


async def drive_all(
    options: Options, base_url: str, slug: str, prepared: Prepared
) -> dict[str, list[Figures]]:
    """The figures of each scenario, per mode."""
    anonymous = [User(new_http(base_url), n) for n in range(options.users)]
    attendees = [
        User(new_http(base_url), n, recipients=iter(a.recipients))
        for n, a in enumerate(prepared.attendees)
    ]
    try:
        await asyncio.gather(
            *(sign_in(u, a.link, slug) for u, a in zip(attendees, prepared.attendees, strict=True))
        )
        kinds = scenarios(Target(slug, prepared.profiles, run=uuid.uuid4().hex[:8]))
        for scenario in kinds:  # fill the workers' caches and connection pools first
            users = attendees if scenario.signed_in else anonymous
            await drive(scenario, users[:5], WARM_UP_SECONDS, 0)
        results: dict[str, list[Figures]] = {}
        for mode, think in zip(MODES, (options.think, 0.0), strict=True):
            results[mode] = []
            for scenario in kinds:
                users = attendees if scenario.signed_in else anonymous
                results[mode].append(await drive(scenario, users, options.seconds, think))
        return results
    finally:
        for user in anonymous + attendees:
            await user.http.aclose()
