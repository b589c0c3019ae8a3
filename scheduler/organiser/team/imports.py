"""Bulk import of participants from a CSV or XLSX file: read the upload, check every row
against the event (problems listed per row), then register the valid rows in the current
transaction. Reading and checking are pure; ``vocabulary`` and ``import_rows`` touch the
database and flush, never commit."""

from __future__ import annotations

import csv
import io
import re
import secrets
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from email_validator import EmailNotValidError, validate_email
from openpyxl import load_workbook
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from scheduler.attendees.choices import COUNTRIES
from scheduler.attendees.forms import holds_link, holds_web_address
from scheduler.i18n import gettext
from scheduler.mail.outbox import header_safe
from scheduler.models import (
    STANDARD_SECTORS,
    Event,
    ImportBatch,
    Organisation,
    OrganisationType,
    Participant,
    ParticipantStatus,
    ParticipantType,
    Sector,
    utcnow,
)
from scheduler.revisions import bump_revision

MAX_BYTES = 1_500_000
MAX_ROWS = 10_000
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool
    max_length: int
    example: str


COLUMNS = (
    Column("email", "Email", True, 254, "ana.garcia@example.org"),
    Column("first_name", "First name", True, 100, "Ana"),
    Column("last_name", "Last name", True, 100, "Garcia"),
    Column("organisation", "Organisation", True, 200, "Vegepolys Valley"),
    Column("country", "Country", True, 60, "FR"),
    Column("participant_type", "Participant type", False, 40, "Delegate"),
    Column("organisation_type", "Organisation type", False, 40, "Cluster"),
    Column("sectors", "Sectors", False, 500, "Seeds; Ornamental horticulture"),
    Column("job_title", "Job title", False, 150, "Project manager"),
    Column("phone", "Phone", False, 40, "02 41 00 00 00"),
    Column("city", "City", False, 120, "Angers"),
    Column("website", "Website", False, 300, "https://example.org"),
)
REQUIRED = tuple(c.key for c in COLUMNS if c.required)
_BY_KEY = {c.key: c for c in COLUMNS}
_ALIASES = {
    "e_mail": "email",
    "email_address": "email",
    "firstname": "first_name",
    "given_name": "first_name",
    "lastname": "last_name",
    "surname": "last_name",
    "family_name": "last_name",
    "organization": "organisation",
    "company": "organisation",
    "type": "participant_type",
    "organization_type": "organisation_type",
    "sector": "sectors",
    "title": "job_title",
}
_COUNTRIES = {code.lower(): code for code, _ in COUNTRIES} | {
    name.lower(): code for code, name in COUNTRIES
}


class ImportRefused(Exception):
    """The file cannot be read as a participant list; the message says why."""


@dataclass(frozen=True)
class Upload:
    """A file's first row and the rows below it, every cell as text."""

    header: list[str]
    rows: list[list[str]]


def column_key(name: str) -> str:
    """The column a header cell names: ``First name``, ``first_name`` and ``FIRST-NAME`` are
    one column."""
    key = _normal(name)
    return _ALIASES.get(key, key)


def _normal(text: str) -> str:
    return "_".join(re.sub(r"[^0-9a-z]+", " ", text.strip().lower()).split())


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def _decode(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without a byte order mark), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportRefused(
            gettext(
                "This file is not text in UTF-8 or Windows-1252: save it as CSV UTF-8 and "
                "upload it again."
            )
        ) from None


def read_csv(data: bytes) -> Upload:
    """The rows of a CSV file separated by commas, semicolons or tabs."""
    text = _decode(data)
    if "\x00" in text:
        raise ImportRefused(gettext("This file is not a CSV file (it holds binary data)."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        table = [
            [cell.strip() for cell in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        ]
    except csv.Error as error:
        raise ImportRefused(
            gettext("This CSV file cannot be read: %(error)s.", error=error)
        ) from None
    return _upload(table)


def read_xlsx(data: bytes) -> Upload:
    """The rows of the first sheet of an XLSX workbook; a formula is read as its text."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ImportRefused(
            gettext(
                "This file is not a readable XLSX workbook: open it in your spreadsheet "
                "program and save it as .xlsx or .csv."
            )
        ) from None
    try:
        sheet = workbook.worksheets[0]
        table = [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _upload(table)


def _upload(table: list[list[str]]) -> Upload:
    rows = [row for row in table if any(row)]
    if not rows:
        raise ImportRefused(gettext("This file is empty: the first row should name the columns."))
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRefused(
            gettext(
                "This file has %(rows)s rows; at most %(most)s can be imported at once.",
                rows=len(rows) - 1,
                most=MAX_ROWS,
            )
        )
    return Upload(header=rows[0], rows=rows[1:])


def read_upload(filename: str, data: bytes) -> Upload:
    """Read an uploaded file, CSV or XLSX by its name, or say why it cannot be read."""
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            gettext(
                "This file has %(size)s bytes; the limit is %(limit)s bytes (%(mb)s MB). "
                "Split it into smaller files.",
                size=f"{len(data):,}",
                limit=f"{MAX_BYTES:,}",
                mb=f"{MAX_BYTES / 1_000_000:.1f}",
            )
        )
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        return read_xlsx(data)
    if extension in ("csv", "txt"):
        if data.startswith(b"PK\x03\x04"):
            raise ImportRefused(gettext("This file is a workbook, not CSV: name it .xlsx."))
        return read_csv(data)
    if extension == "xls":
        raise ImportRefused(
            gettext("Old Excel files (.xls) cannot be read: save the sheet as .xlsx or .csv.")
        )
    if extension:
        raise ImportRefused(
            gettext(
                "This .%(extension)s file is neither CSV nor XLSX: upload a .csv or .xlsx file.",
                extension=extension,
            )
        )
    raise ImportRefused(
        gettext(
            "This file without an extension is neither CSV nor XLSX: upload a .csv or .xlsx "
            "file."
        )
    )


@dataclass(frozen=True)
class Vocabulary:
    """What rows are checked against: the event's registered addresses and the known
    sectors."""

    registered: frozenset[str]
    sectors: dict[str, str]  # slug or lower-cased label -> slug


def vocabulary(db: Session, event: Event) -> Vocabulary:
    emails = db.scalars(
        select(func.lower(Participant.email)).where(Participant.event_id == event.id)
    )
    sectors: dict[str, str] = {}
    for slug, label in [*STANDARD_SECTORS.items(), *db.execute(select(Sector.slug, Sector.label))]:
        sectors[slug] = slug
        sectors[label.lower()] = slug
    return Vocabulary(registered=frozenset(emails), sectors=sectors)


@dataclass
class RowCheck:
    """One data row: its line in the file, its values by column, what is wrong with it (it
    is then not imported) and what is worth knowing."""

    line: int
    values: dict[str, str]
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    email: str = ""
    participant_type: ParticipantType = ParticipantType.DELEGATE
    organisation_type: OrganisationType = OrganisationType.COMPANY
    country: str = ""
    sector_slugs: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems


@dataclass
class Preview:
    columns: list[str]  # the known columns found, in file order
    missing: list[str]  # labels of the required columns the file lacks
    ignored: list[str]  # header cells naming no known column
    rows: list[RowCheck]

    @property
    def valid_rows(self) -> list[RowCheck]:
        return [] if self.missing else [row for row in self.rows if row.valid]

    @property
    def problem_count(self) -> int:
        return len(self.rows) - len(self.valid_rows)


def _by_name(enum_class: type, text: str) -> object | None:
    wanted = _normal(text)
    for member in enum_class:
        if wanted in (member.value, _normal(member.label)):
            return member
    return None


def check_rows(upload: Upload, known: Vocabulary) -> Preview:
    """Check every row of ``upload``; nothing is written."""
    positions: dict[str, int] = {}
    ignored = []
    for index, name in enumerate(upload.header):
        key = column_key(name)
        if key in _BY_KEY and key not in positions:
            positions[key] = index
        elif name.strip():
            ignored.append(name.strip())
    missing = [_BY_KEY[key].label for key in REQUIRED if key not in positions]
    seen: dict[str, int] = {}
    rows = []
    for offset, cells in enumerate(upload.rows):
        values = {
            key: cells[index].strip() if index < len(cells) else ""
            for key, index in positions.items()
        }
        row = RowCheck(line=offset + 2, values=values)
        _check(row, known, seen)
        rows.append(row)
    columns = sorted(positions, key=positions.__getitem__)
    return Preview(columns=columns, missing=missing, ignored=ignored, rows=rows)


def _check(row: RowCheck, known: Vocabulary, seen: dict[str, int]) -> None:
    values = row.values
    for key, value in values.items():
        column = _BY_KEY[key]
        if not header_safe(value) or "\t" in value:
            row.problems.append(
                gettext(
                    "%(column)s holds a line break or a control character.", column=column.label
                )
            )
        elif len(value) > column.max_length:
            row.problems.append(
                gettext(
                    "%(column)s is longer than %(most)s characters.",
                    column=column.label,
                    most=column.max_length,
                )
            )
        elif value.startswith(FORMULA_STARTS) and key != "phone":
            row.notes.append(
                gettext("%(column)s looks like a formula; it is kept as text.", column=column.label)
            )
    for key in ("first_name", "last_name", "job_title"):
        if holds_web_address(values.get(key, "")):
            row.problems.append(
                gettext("%(column)s holds a web address.", column=_BY_KEY[key].label)
            )
    if holds_link(values.get("organisation", "")):
        row.problems.append(
            gettext("%(column)s holds a web address.", column=_BY_KEY["organisation"].label)
        )
    for key in REQUIRED:
        if key in values and not values[key]:
            row.problems.append(gettext("%(column)s is missing.", column=_BY_KEY[key].label))
    email = values.get("email", "")
    if email:
        try:
            row.email = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            row.problems.append(gettext("%(email)s is not a valid email address.", email=email))
    if row.email:
        if row.email in known.registered:
            row.problems.append(
                gettext("%(email)s is already registered for this event.", email=row.email)
            )
        elif row.email in seen:
            row.problems.append(gettext("Same email as line %(line)s.", line=seen[row.email]))
        else:
            seen[row.email] = row.line
    country = values.get("country", "")
    if country:
        code = _COUNTRIES.get(country.lower())
        if code is None:
            row.problems.append(gettext("Unknown country: %(value)s.", value=country))
        else:
            row.country = code
    kind = values.get("participant_type", "")
    if kind:
        member = _by_name(ParticipantType, kind)
        if member is None:
            row.problems.append(gettext("Unknown participant type: %(value)s.", value=kind))
        else:
            row.participant_type = member  # type: ignore[assignment]
    organisation_type = values.get("organisation_type", "")
    if organisation_type:
        member = _by_name(OrganisationType, organisation_type)
        if member is None:
            row.problems.append(
                gettext("Unknown organisation type: %(value)s.", value=organisation_type)
            )
        else:
            row.organisation_type = member  # type: ignore[assignment]
    for name in re.split(r"[;,]", values.get("sectors", "")):
        name = name.strip()
        if not name:
            continue
        slug = known.sectors.get(name.lower())
        if slug is None:
            row.problems.append(gettext("Unknown sector: %(value)s.", value=name))
        elif slug not in row.sector_slugs:
            row.sector_slugs.append(slug)


@dataclass(frozen=True)
class Imported:
    participants: list[Participant]
    skipped: int


def import_rows(db: Session, event: Event, preview: Preview) -> Imported:
    """Register every valid row of ``preview`` as a confirmed participant, in the current
    transaction. People of one organisation name and country share one new organisation,
    unless the event already has an organisation of that name and country."""
    existing: dict[tuple[str, str], Organisation] = {}
    for organisation in db.scalars(
        select(Organisation)
        .join(Participant, Participant.organisation_id == Organisation.id)
        .where(Participant.event_id == event.id)
        .order_by(Organisation.id.desc())
    ):
        existing[(organisation.name.lower(), organisation.country)] = organisation
    sectors = {sector.slug: sector for sector in db.scalars(select(Sector))}
    for slug, label in STANDARD_SECTORS.items():
        if slug not in sectors:
            sectors[slug] = Sector(slug=slug, label=label, is_standard=True)
    people = []
    for row in preview.valid_rows:
        values = row.values
        key = (values["organisation"].lower(), row.country)
        organisation = existing.get(key)
        if organisation is None:
            organisation = Organisation(
                name=values["organisation"],
                type=row.organisation_type,
                country=row.country,
                city=values.get("city", ""),
                website=values.get("website", ""),
                sectors=[sectors[slug] for slug in row.sector_slugs],
            )
            db.add(organisation)
            existing[key] = organisation
        person = Participant(
            event=event,
            email=row.email,
            first_name=values["first_name"],
            last_name=values["last_name"],
            job_title=values.get("job_title", ""),
            phone=values.get("phone", ""),
            participant_type=row.participant_type,
            status=ParticipantStatus.CONFIRMED,
            organisation=organisation,
        )
        db.add(person)
        people.append(person)
    if people:
        bump_revision(event)
    db.flush()
    return Imported(participants=people, skipped=len(preview.rows) - len(people))


def template_table() -> tuple[list[str], list[list[str]]]:
    """The header and one example row of the template file."""
    return [c.label for c in COLUMNS], [[c.example for c in COLUMNS]]


def save_upload(
    db: Session, event: Event, account_id: int | None, filename: str, upload: Upload
) -> ImportBatch:
    """Keep the parsed upload until the organiser confirms it; nothing is imported yet."""
    batch = ImportBatch(
        event_id=event.id,
        account_id=account_id,
        token=secrets.token_urlsafe(24),
        filename=filename[:255],
        header=upload.header,
        rows=upload.rows,
    )
    db.add(batch)
    db.flush()
    return batch


def batch_in(db: Session, event: Event, token: str) -> ImportBatch | None:
    """The upload named ``token`` if it was made for ``event``."""
    return db.scalar(
        select(ImportBatch).where(ImportBatch.event_id == event.id, ImportBatch.token == token)
    )


def preview_of(db: Session, event: Event, batch: ImportBatch) -> Preview:
    """The upload's rows checked against the event as it is now."""
    return check_rows(Upload(header=batch.header, rows=batch.rows), vocabulary(db, event))


def confirm(db: Session, event: Event, batch: ImportBatch) -> Imported:
    """Import the valid rows of the upload, once: a second confirmation imports nothing."""
    claimed = db.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch.id, ImportBatch.imported_at.is_(None))
        .values(imported_at=utcnow())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        raise ImportRefused(gettext("This file was already imported."))
    db.refresh(batch)
    imported = import_rows(db, event, preview_of(db, event, batch))
    batch.imported_count = len(imported.participants)
    batch.skipped_count = imported.skipped
    db.flush()
    return imported
