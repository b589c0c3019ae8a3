"""Queries the agenda modules share."""

from __future__ import annotations

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session, selectinload

from scheduler.models import Meeting, MeetingParticipant


def meetings_where(db: Session, *conditions: ColumnElement[bool]) -> list[Meeting]:
    """The meetings matching ``conditions``, in id order, with their participants and
    published places loaded (one query each, not one per meeting)."""
    return list(
        db.scalars(
            select(Meeting)
            .where(*conditions)
            .options(
                selectinload(Meeting.attendances).selectinload(MeetingParticipant.participant),
                selectinload(Meeting.published),
            )
            .order_by(Meeting.id)
        )
    )
