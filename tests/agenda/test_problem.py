"""The engine's problem read from the database, field by field."""

from flask import Flask

from scheduler.agenda.problem import session_problem
from scheduler.agenda.publish import publish
from scheduler.extensions import db
from scheduler.solver import model as engine
from tests.agenda.scene import small_event


def test_problem_of_a_session_field_by_field(app: Flask) -> None:
    scene = small_event()
    scene.event.max_meetings_per_participant = 3
    scene.ana.max_meetings = 2
    scene.session.tables[0].reserved_for_id = scene.ben.id
    db.session.flush()
    first, second, third = (slot.id for slot in scene.session.slots)

    snapshot = session_problem(db.session, scene.session)

    problem = snapshot.problem
    assert (snapshot.event_id, snapshot.session_id, snapshot.revision) == (
        scene.event.id,
        scene.session.id,
        scene.event.revision,
    )
    assert problem.name == "Plant InterCluster 2027: B2B day 1"
    assert problem.slots == (
        engine.Slot(first, str(scene.session.id), "2027-03-09", "14:00"),
        engine.Slot(second, str(scene.session.id), "2027-03-09", "14:20"),
        engine.Slot(third, str(scene.session.id), "2027-03-09", "14:40"),
    )
    assert problem.tables == (
        engine.Table(scene.session.tables[0].id, "Table 1", scene.ben.id),
        engine.Table(scene.session.tables[1].id, "Table 2", None),
    )
    assert problem.participants == (
        # Ana: her own cap of 2, less the meeting she holds on day 2.
        engine.Participant(
            scene.ana.id, "Ana " + scene.ana.last_name, frozenset({first}), frozenset(), 1
        ),
        engine.Participant(scene.ben.id, "Ben " + scene.ben.last_name, frozenset(), frozenset(), 3),
        engine.Participant(
            scene.eva.id, "Eva " + scene.eva.last_name, frozenset(), frozenset({third}), 2
        ),
    )
    assert problem.meetings == (
        engine.Meeting(scene.ana_ben.id, (scene.ana.id, scene.ben.id), priority=3),
        engine.Meeting(
            scene.ben_eva.id, (scene.ben.id, scene.eva.id), priority=1, fixed_slot=second
        ),
    )
    # The pin keeps its table too.
    assert problem.previous == {
        scene.ben_eva.id: engine.Placement(scene.ben_eva.id, second, scene.session.tables[1].id)
    }


def test_problem_previous_holds_the_published_placements_of_the_session(app: Flask) -> None:
    scene = small_event()
    scene.ben_eva.pinned = False
    publish(db.session, scene.event)  # Ben and Eva at 14:20; Ana and Eva on day 2
    scene.ben_eva.place(scene.session.slots[0], scene.session.tables[0])  # a new draft
    db.session.flush()

    problem = session_problem(db.session, scene.session).problem

    assert problem.previous == {
        scene.ben_eva.id: engine.Placement(
            scene.ben_eva.id, scene.session.slots[1].id, scene.session.tables[1].id
        )
    }


def test_problem_leaves_out_cancelled_meetings(app: Flask) -> None:
    scene = small_event()
    scene.ana_ben.cancel()
    db.session.flush()

    problem = session_problem(db.session, scene.session).problem

    assert [m.id for m in problem.meetings] == [scene.ben_eva.id]
    assert [p.id for p in problem.participants] == [scene.ben.id, scene.eva.id]
