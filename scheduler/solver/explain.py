"""Reasons in words for every meeting left out, and what would fix it."""

from __future__ import annotations

from collections import Counter

from .index import Index
from .model import Problem, Unplaced


def _free_slots(problem: Problem, meeting, ignore_workshops: bool, people: dict) -> list[int]:
    out = []
    for slot in problem.slots:
        if meeting.sessions is not None and slot.session not in meeting.sessions:
            continue
        if any(
            slot.id in (people[p].unavailable if ignore_workshops else people[p].blocked)
            for p in meeting.participants
        ):
            continue
        out.append(slot.id)
    return out


def explain(problem: Problem, slot_of: dict[int, int]) -> list[Unplaced]:
    """Explain each meeting of `problem` that has no slot in `slot_of`."""
    idx = Index.of(problem)
    meeting_by_id = {m.id: m for m in problem.meetings}
    reserved = sum(1 for tb in problem.tables if tb.reserved_for is not None)
    busy: dict[int, set[int]] = {p.id: set() for p in problem.participants}
    count: Counter = Counter()
    per_slot: Counter = Counter(slot_of.values())
    guests: Counter = Counter(t for mid, t in slot_of.items() if idx.is_guest(meeting_by_id[mid]))
    for m in problem.meetings:
        if m.id in slot_of:
            for p in m.participants:
                busy[p].add(slot_of[m.id])
                count[p] += 1
    quota = {p.id: p.max_meetings for p in problem.participants}
    out = []
    for m in problem.meetings:
        if m.id not in slot_of:
            is_guest = idx.is_guest(m)
            # A guest meeting cannot use a booth: booths count as taken for it.
            full = (
                per_slot
                if not is_guest
                else Counter({t: max(per_slot[t], guests[t] + reserved) for t in per_slot})
            )
            out.append(_one(problem, idx, m, busy, count, full, quota))
    return out


def _slot_called(problem: Problem, slot_id: int) -> str:
    """A slot's label where the problem gives one, else its id."""
    slot = next((s for s in problem.slots if s.id == slot_id), None)
    return slot.label if slot is not None and slot.label else str(slot_id)


def _one(problem, idx, m, busy, count, per_slot, quota) -> Unplaced:
    people = idx.people

    def called(p: int) -> str:
        """A participant's name where the problem gives one, else their id."""
        return people[p].name or str(p)

    who = ", ".join(called(p) for p in m.participants)
    common = _free_slots(problem, m, False, people)
    if not common:
        if _free_slots(problem, m, True, people):
            return Unplaced(
                m.id,
                "workshop_conflict",
                f"every common free slot of participants {who} clashes with a "
                "workshop one of them signed up for",
                "move one participant out of a workshop or add a slot",
            )
        return Unplaced(
            m.id,
            "no_common_slot",
            f"participants {who} have no common free slot"
            + (" in the allowed sessions" if m.sessions else ""),
            "ask a participant to free a slot or allow another session",
        )
    full = [p for p in m.participants if quota[p] is not None and count[p] >= quota[p]]
    if full:
        return Unplaced(
            m.id,
            "quota_reached",
            f"participant {called(full[0])} already has {count[full[0]]} meetings, "
            "the maximum allowed",
            f"raise the meeting quota of participant {called(full[0])}",
        )
    person = [t for t in common if any(t in busy[p] for p in m.participants)]
    tables = [t for t in common if t not in person and per_slot[t] >= len(problem.tables)]
    if person and not tables and len(person) == len(common):
        names = sorted({p for p in m.participants for t in common if t in busy[p]})
        return Unplaced(
            m.id,
            "participant_full",
            f"participant(s) {', '.join(map(called, names))} already have a meeting "
            f"in every common free slot ({len(common)} slots)",
            "lower the priority of one of their other meetings or add a slot",
        )
    if len(person) + len(tables) == len(common):
        code = "tables_full" if not person else "slots_taken"
        return Unplaced(
            m.id,
            code,
            f"all tables are taken in {len(tables)} common free slot(s)"
            + (f" and a participant is busy in the other {len(person)}" if person else ""),
            f"add a table in slot {_slot_called(problem, tables[0])}",
        )
    return Unplaced(
        m.id,
        "rule_conflict",
        "a common free slot exists but using it would break the break cap, "
        "a precedence, or displace a higher-priority meeting",
        "relax the break cap or the precedences, or raise its priority",
    )
