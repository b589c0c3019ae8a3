"""Plain dataclasses for problems and results: the solver's public schema."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Slot:
    """One time slot; `Problem.slots` lists slots in time order."""

    id: int
    session: str = "all"
    day: str = "day1"
    label: str = ""


@dataclass(frozen=True)
class Table:
    """A meeting table; a reserved table only hosts meetings of its host (a booth)."""

    id: int
    name: str = ""
    reserved_for: int | None = None


@dataclass(frozen=True)
class Participant:
    """A company or person who attends meetings."""

    id: int
    name: str = ""
    unavailable: frozenset[int] = frozenset()
    workshops: frozenset[int] = frozenset()
    max_meetings: int | None = None

    @property
    def blocked(self) -> frozenset[int]:
        """Slots where the participant cannot meet, for any reason."""
        return self.unavailable | self.workshops


@dataclass(frozen=True)
class Meeting:
    """A requested meeting between two or more participants."""

    id: int
    participants: tuple[int, ...]
    priority: int = 1
    sessions: frozenset[str] | None = None
    fixed_slot: int | None = None
    required: bool = False

    @property
    def must_hold(self) -> bool:
        """Required or pinned: the schedule must hold it."""
        return self.required or self.fixed_slot is not None


@dataclass(frozen=True)
class Placement:
    """Where a meeting is held: slot id and table id (None before tables are assigned)."""

    meeting: int
    slot: int
    table: int | None = None


@dataclass(frozen=True)
class Problem:
    """A complete scheduling problem."""

    slots: tuple[Slot, ...]
    tables: tuple[Table, ...]
    participants: tuple[Participant, ...]
    meetings: tuple[Meeting, ...]
    precedences: tuple[tuple[int, int], ...] = ()
    max_breaks: int | None = None
    previous: Mapping[int, Placement] = field(default_factory=dict)
    name: str = ""


@dataclass(frozen=True)
class ObjectiveReport:
    """Value of one objective, with the solver's proven bound."""

    name: str
    sense: str
    value: int
    bound: int
    optimal: bool

    @property
    def gap(self) -> float:
        """Relative distance between value and bound (0.0 when proven optimal)."""
        return abs(self.bound - self.value) / max(1, abs(self.value))


@dataclass(frozen=True)
class Unplaced:
    """A meeting left out, with a reason in words and what would fix it."""

    meeting: int
    code: str
    reason: str
    fix: str


@dataclass(frozen=True)
class Progress:
    """One progress event of a stage: a better solution, or a better bound (value is NaN)."""

    stage: str
    value: float
    bound: float
    seconds: float


@dataclass
class Result:
    """What `solve` returns."""

    status: str
    objectives: list[ObjectiveReport] = field(default_factory=list)
    placements: list[Placement] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cancelled: bool = False

    def objective(self, name: str) -> ObjectiveReport | None:
        """The report of objective `name`, if it was optimised."""
        return next((o for o in self.objectives if o.name == name), None)
