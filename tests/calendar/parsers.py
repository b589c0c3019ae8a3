"""What independent parsers read from our bytes: vobject, ical, icalendar, calcurse."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import vobject
from ical.calendar_stream import IcsCalendarStream


@dataclass(frozen=True)
class Read:
    """The fields of the first VEVENT as one parser reads them (None: it does not keep it)."""

    start: datetime | date
    end: datetime | date
    summary: str
    description: str | None
    location: str | None
    attendees: tuple[str, ...] | None


def _utc(value: datetime | date) -> datetime | date:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def read_vobject(data: bytes) -> Read:
    # vobject caches time zones process-wide.
    vobject.icalendar.__dict__["__tzidMap"].clear()
    event = vobject.readOne(data.decode(), validate=True).vevent
    return Read(
        start=_utc(event.dtstart.value),
        end=_utc(event.dtend.value),
        summary=event.summary.value,
        description=event.description.value if hasattr(event, "description") else "",
        location=event.location.value if hasattr(event, "location") else "",
        attendees=tuple(a.params["CN"][0] for a in event.contents.get("attendee", [])),
    )


def read_ical(data: bytes) -> Read:
    event = IcsCalendarStream.calendar_from_ics(data.decode()).events[0]
    return Read(
        start=_utc(event.dtstart),
        end=_utc(event.dtend),
        summary=event.summary or "",
        description=event.description or "",
        location=event.location or "",
        attendees=tuple(a.common_name or "" for a in event.attendees),
    )


def read_icalendar(data: bytes) -> Read:
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    attendees = event.get("ATTENDEE", [])
    attendees = attendees if isinstance(attendees, list) else [attendees]
    return Read(
        start=_utc(event["DTSTART"].dt),
        end=_utc(event["DTEND"].dt),
        summary=str(event["SUMMARY"]),
        description=str(event.get("DESCRIPTION", "")),
        location=str(event.get("LOCATION", "")),
        attendees=tuple(str(a.params["CN"]) for a in attendees),
    )


CALCURSE_TIMED = re.compile(
    r"(\d\d)/(\d\d)/(\d{4}) @ (\d\d):(\d\d) -> (\d\d)/(\d\d)/(\d{4}) @ (\d\d):(\d\d)"
    r"(?:>([0-9a-f]+) )?\|(.*)"
)
CALCURSE_DAY = re.compile(r"(\d\d)/(\d\d)/(\d{4}) \[1\](?:>([0-9a-f]+))? (.*)")


def calcurse_available() -> bool:
    return shutil.which("calcurse") is not None


def read_calcurse(data: bytes, folder: Path) -> Read:
    """Import into a fresh calcurse folder (TZ=UTC) and read its ``apts`` file back.

    calcurse keeps the summary, and the description in a note followed by the location."""
    path = folder / "import.ics"
    path.write_bytes(data)
    env = {"TZ": "UTC", "HOME": str(folder), "PATH": os.environ["PATH"]}
    done = subprocess.run(
        ["calcurse", "-q", "-D", str(folder), "-i", str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    line = (folder / "apts").read_text(encoding="utf-8").splitlines()[0]
    if timed := CALCURSE_TIMED.fullmatch(line):
        m1, d1, y1, h1, n1, m2, d2, y2, h2, n2, note, summary = timed.groups()
        start: datetime | date = datetime(int(y1), int(m1), int(d1), int(h1), int(n1), tzinfo=UTC)
        end: datetime | date = datetime(int(y2), int(m2), int(d2), int(h2), int(n2), tzinfo=UTC)
    else:
        day = CALCURSE_DAY.fullmatch(line)
        assert day is not None, line
        month, dom, year, note, summary = day.groups()
        start = date(int(year), int(month), int(dom))
        end = start  # calcurse stores a one-day item without its end
    description, location = "", ""
    if note:
        text = (folder / "notes" / note).read_text(encoding="utf-8").removesuffix("\n")
        description, _, location = text.partition("\n-- \nLocation: ")
        if text.startswith("-- \nLocation: "):
            description, location = "", text.removeprefix("-- \nLocation: ")
        # calcurse indents the location's later lines under "Location: ".
        location = location.replace("\n    ", "\n")
    return Read(start, end, summary, description, location, None)
