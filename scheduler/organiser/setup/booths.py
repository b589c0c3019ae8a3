"""Booths: tables of a B2B session reserved for a host participant, who stays there and
receives the other side of each of their meetings (the engine places only the host's meetings
at their booth). Functions flush, never commit."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from scheduler.i18n import gettext
from scheduler.models import B2BSession, B2BTable, Participant
from scheduler.organiser.setup.sessions import SessionRefused, session_lock
from scheduler.revisions import bump_revision


def booth_hosts(db: Session, session: B2BSession) -> list[Participant]:
    """The active participants of the session's event, by name, who may host a booth."""
    return list(
        db.scalars(
            select(Participant)
            .where(Participant.event_id == session.event_id, Participant.is_active)
            .order_by(Participant.last_name, Participant.first_name, Participant.id)
        )
    )


def booth_problems(
    db: Session, session: B2BSession, table: B2BTable, host_id: int | None
) -> dict[str, str]:
    """What stops ``table`` from becoming ``host_id``'s booth (or a plain table again for
    ``None``), by field name."""
    lock = session_lock(db, session)
    if lock is not None:
        return {"table_id": lock}
    if host_id is None:
        return {}
    other = next(
        (t for t in session.tables if t.reserved_for_id == host_id and t.id != table.id), None
    )
    if other is not None:
        return {
            "host_id": gettext(
                "This participant already has a booth in this session: %(table)s.",
                table=other.display_name,
            )
        }
    return {}


def set_booth(
    db: Session, session: B2BSession, table: B2BTable, host: Participant | None, label: str
) -> None:
    """Reserve ``table`` for ``host`` as a booth named ``label`` (by default after the host's
    organisation), or make it a plain numbered table again when ``host`` is ``None``."""
    problems = booth_problems(db, session, table, host.id if host else None)
    if problems:
        raise SessionRefused(" ".join(problems.values()))
    if host is None:
        table.reserved_for_id, table.label = None, ""
    else:
        name = host.organisation.name if host.organisation else host.full_name
        table.reserved_for_id = host.id
        table.label = (label or gettext("Booth: %(name)s", name=name))[:120]
    db.flush()
    bump_revision(session.event)


def booths_of(session: B2BSession) -> list[B2BTable]:
    return [table for table in session.tables if table.reserved_for_id is not None]
