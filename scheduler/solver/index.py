"""Position lookups shared by the model builder, the validator and the explainer."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Meeting, Participant, Problem


@dataclass(frozen=True)
class Index:
    """Positions of slots, participants and meetings, plus derived facts."""

    slot_pos: dict[int, int]
    meeting_pos: dict[int, int]
    participant_pos: dict[int, int]
    meetings_of: dict[int, tuple[int, ...]]
    hosts: dict[int, int]
    days: tuple[tuple[int, ...], ...]
    people: dict[int, Participant]

    def is_guest(self, meeting: Meeting) -> bool:
        """No participant of the meeting hosts a booth: it needs an open table."""
        return not any(p in self.hosts for p in meeting.participants)

    @property
    def may_break(self) -> bool:
        """Someone has two meetings or more, so the schedule can have breaks."""
        return any(len(ms) > 1 for ms in self.meetings_of.values())

    @classmethod
    def of(cls, problem: Problem) -> Index:
        """Build the index of a problem."""
        meetings_of: dict[int, list[int]] = {p.id: [] for p in problem.participants}
        for i, m in enumerate(problem.meetings):
            for p in m.participants:
                meetings_of.setdefault(p, []).append(i)
        hosts = {t.reserved_for: t.id for t in problem.tables if t.reserved_for is not None}
        days: list[list[int]] = []
        for t, slot in enumerate(problem.slots):
            if t == 0 or slot.day != problem.slots[t - 1].day:
                days.append([])
            days[-1].append(t)
        return cls(
            slot_pos={s.id: t for t, s in enumerate(problem.slots)},
            meeting_pos={m.id: i for i, m in enumerate(problem.meetings)},
            participant_pos={p.id: j for j, p in enumerate(problem.participants)},
            meetings_of={p: tuple(v) for p, v in meetings_of.items()},
            hosts=hosts,
            days=tuple(tuple(d) for d in days),
            people={p.id: p for p in problem.participants},
        )


def allowed_slots(
    problem: Problem, meeting: Meeting, people: dict[int, Participant] | None = None
) -> list[int]:
    """Slot positions where a meeting may be held: session, availability, pin."""
    people = people or {p.id: p for p in problem.participants}
    blocked: set[int] = set()
    for p in meeting.participants:
        blocked |= people[p].blocked
    out = []
    for t, slot in enumerate(problem.slots):
        if meeting.sessions is not None and slot.session not in meeting.sessions:
            continue
        if slot.id in blocked:
            continue
        if meeting.fixed_slot is not None and slot.id != meeting.fixed_slot:
            continue
        out.append(t)
    return out


def count_breaks(slot_positions: list[int], days: tuple[tuple[int, ...], ...]) -> int:
    """Breaks of one participant: runs of idle slots between two meetings on a day."""
    busy = set(slot_positions)
    breaks = 0
    for day in days:
        seen = False
        for k, t in enumerate(day):
            if t in busy:
                if seen and day[k - 1] not in busy:
                    breaks += 1
                seen = True
    return breaks


def total_breaks(problem: Problem, idx: Index, chosen: dict[int, int]) -> int:
    """Breaks of a schedule (meeting position -> slot position), everyone's summed."""
    mine: dict[int, list[int]] = {}
    for i, t in chosen.items():
        for p in problem.meetings[i].participants:
            mine.setdefault(p, []).append(t)
    return sum(count_breaks(ts, idx.days) for ts in mine.values())


def placeable_requests(
    problem: Problem, idx: Index, slots: dict[int, list[int]]
) -> dict[int, tuple[list[int], int]]:
    """Per participant with any: their meetings that have a slot, and how many of them they
    want (capped by their quota), the base of the fairness figure."""
    out: dict[int, tuple[list[int], int]] = {}
    for p in problem.participants:
        mine = [i for i in idx.meetings_of.get(p.id, ()) if slots.get(i)]
        wanted = len(mine) if p.max_meetings is None else min(len(mine), p.max_meetings)
        if wanted:
            out[p.id] = (mine, wanted)
    return out
