"""Solver runs: what was asked, how far it got, and what it proved."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from scheduler.extensions import db
from scheduler.models.events import Event
from scheduler.models.types import UTCDateTime, enum_column, utcnow


class RunStatus(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELLED = "cancelled"
    STALE = "stale"


ACTIVE_RUN_WHERE = text("status IN ('queued', 'running')")


class SolverRun(db.Model):
    """One attempt to schedule an event's meetings; at most one is active per event."""

    __table_args__ = (
        CheckConstraint("event_revision >= 0", name="revision_not_negative"),
        Index(
            "uq_solver_run_active_event",
            "event_id",
            unique=True,
            sqlite_where=ACTIVE_RUN_WHERE,
            postgresql_where=ACTIVE_RUN_WHERE,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organiser_account.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[RunStatus] = mapped_column(
        enum_column(RunStatus, "run_status"), default=RunStatus.QUEUED
    )
    event_revision: Mapped[int] = mapped_column(comment="the event revision the run started from")
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    progress: Mapped[list[dict[str, Any]]] = mapped_column(
        JSON, default=list, comment="best value and bound over time"
    )
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="last sign of life of the process solving it"
    )
    cancel_requested_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, comment="an organiser asked to stop; the best schedule so far is kept"
    )
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event: Mapped[Event] = relationship()

    @property
    def is_active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)
