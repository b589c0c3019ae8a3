"""Writing a result back: all or nothing, and never over a newer revision."""

import pytest
from flask import Flask
from sqlalchemy import select

from scheduler.agenda.apply import StaleResult, apply_result
from scheduler.agenda.problem import session_problem
from scheduler.extensions import db
from scheduler.models import Meeting, MeetingStatus
from scheduler.revisions import bump_revision
from scheduler.solver.engine import solve
from scheduler.solver.model import Placement, Result
from scheduler.solver.validate import validate
from tests.agenda.scene import small_event


def _placements() -> dict[int, tuple[int | None, int | None, MeetingStatus, bool]]:
    db.session.expire_all()
    return {
        m.id: (m.slot_id, m.table_id, m.status, m.pinned)
        for m in db.session.scalars(select(Meeting).order_by(Meeting.id))
    }


def test_apply_writes_the_engines_schedule(app: Flask) -> None:
    scene = small_event()
    snapshot = session_problem(db.session, scene.session)
    result = solve(snapshot.problem, time_limit=10, maxsat=False)
    _first, second, third = (slot.id for slot in scene.session.slots)

    placed = apply_result(db.session, snapshot, result)

    placements = _placements()
    assert (result.status, placed) == ("OPTIMAL", 2)
    # Ana is away at 14:00 and Ben is pinned with Eva at 14:20: Ana meets Ben at 14:40.
    assert placements[scene.ana_ben.id][:1] == (third,)
    assert placements[scene.ben_eva.id][0::2] == (second, MeetingStatus.SCHEDULED)
    assert placements[scene.ben_eva.id][3] is True
    assert placements[scene.ana_eva.id] == (
        scene.later.slots[0].id,
        scene.later.tables[0].id,
        MeetingStatus.SCHEDULED,
        False,
    )
    assert validate(snapshot.problem, result.placements).ok


def test_apply_refuses_a_result_for_an_older_revision(app: Flask) -> None:
    scene = small_event()
    snapshot = session_problem(db.session, scene.session)
    result = solve(snapshot.problem, time_limit=10, maxsat=False)
    before = _placements()
    bump_revision(scene.event)

    with pytest.raises(StaleResult) as stale:
        apply_result(db.session, snapshot, result)

    assert "changed while the schedule was computed" in str(stale.value)
    assert _placements() == before


def test_apply_takes_out_a_meeting_the_result_leaves_out(app: Flask) -> None:
    scene = small_event()
    scene.ana_ben.place(scene.session.slots[2], scene.session.tables[0])
    db.session.flush()
    snapshot = session_problem(db.session, scene.session)
    pinned_only = Result(
        "FEASIBLE",
        placements=[
            Placement(scene.ben_eva.id, scene.session.slots[1].id, scene.session.tables[1].id)
        ],
    )

    apply_result(db.session, snapshot, pinned_only)

    assert _placements()[scene.ana_ben.id] == (None, None, MeetingStatus.UNSCHEDULED, False)


def test_apply_refuses_a_result_without_a_schedule(app: Flask) -> None:
    scene = small_event()
    snapshot = session_problem(db.session, scene.session)
    before = _placements()

    with pytest.raises(ValueError, match="status UNKNOWN holds no schedule"):
        apply_result(db.session, snapshot, Result("UNKNOWN"))

    assert _placements() == before


def test_apply_partial_result_drops_the_pin_it_could_not_keep(app: Flask) -> None:
    scene = small_event()
    snapshot = session_problem(db.session, scene.session)
    partial = Result(
        "PARTIAL",
        placements=[Placement(scene.ana_ben.id, scene.session.slots[2].id, None)],
    )

    apply_result(db.session, snapshot, partial)

    placements = _placements()
    assert placements[scene.ben_eva.id] == (None, None, MeetingStatus.UNSCHEDULED, False)
    assert placements[scene.ana_ben.id] == (
        scene.session.slots[2].id,
        None,
        MeetingStatus.SCHEDULED,
        False,
    )
