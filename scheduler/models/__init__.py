"""The data model; importing this package registers every table on ``db.metadata``."""

from scheduler.models.accounts import EventRole, EventRoleKind, OrganiserAccount
from scheduler.models.events import (
    PUBLIC_EVENT_STATUSES,
    AgendaItem,
    AgendaItemKind,
    B2BSession,
    B2BSlot,
    B2BTable,
    Event,
    EventStatus,
)
from scheduler.models.imports import ImportBatch
from scheduler.models.mail import OutboxAttachment, OutboxEmail, OutboxStatus
from scheduler.models.meetings import (
    Meeting,
    MeetingParticipant,
    MeetingRequest,
    MeetingStatus,
    Priority,
    PublishedPlacement,
    RequestStatus,
    pair_key,
)
from scheduler.models.organisations import (
    STANDARD_SECTORS,
    Organisation,
    OrganisationType,
    Sector,
)
from scheduler.models.people import (
    Consent,
    ConsentKind,
    CooperationInterest,
    DirectoryVisibility,
    Participant,
    ParticipantInterest,
    ParticipantLanguage,
    ParticipantStatus,
    ParticipantType,
    SessionSignup,
    SignupStatus,
    Unavailability,
)
from scheduler.models.publications import ChangeKind, PublicationChange, PublicationLog
from scheduler.models.questions import (
    DEFAULT_OFFERED_TYPES,
    OfferedType,
    QuestionKind,
    RegistrationAnswer,
    RegistrationQuestion,
    offered_types,
)
from scheduler.models.runs import RunStatus, SolverRun
from scheduler.models.team import AuditEntry, TeamInvitation
from scheduler.models.types import UTCDateTime, utcnow

__all__ = [
    "DEFAULT_OFFERED_TYPES",
    "PUBLIC_EVENT_STATUSES",
    "STANDARD_SECTORS",
    "AgendaItem",
    "AgendaItemKind",
    "AuditEntry",
    "B2BSession",
    "B2BSlot",
    "B2BTable",
    "ChangeKind",
    "Consent",
    "ConsentKind",
    "CooperationInterest",
    "DirectoryVisibility",
    "Event",
    "EventRole",
    "EventRoleKind",
    "EventStatus",
    "ImportBatch",
    "Meeting",
    "MeetingParticipant",
    "MeetingRequest",
    "MeetingStatus",
    "OfferedType",
    "Organisation",
    "OrganisationType",
    "OrganiserAccount",
    "OutboxAttachment",
    "OutboxEmail",
    "OutboxStatus",
    "Participant",
    "ParticipantInterest",
    "ParticipantLanguage",
    "ParticipantStatus",
    "ParticipantType",
    "Priority",
    "PublicationChange",
    "PublicationLog",
    "PublishedPlacement",
    "QuestionKind",
    "RegistrationAnswer",
    "RegistrationQuestion",
    "RequestStatus",
    "RunStatus",
    "Sector",
    "SessionSignup",
    "SignupStatus",
    "SolverRun",
    "TeamInvitation",
    "UTCDateTime",
    "Unavailability",
    "offered_types",
    "pair_key",
    "utcnow",
]
