"""Hand edits of the draft: every conflict is named, and a refused move changes nothing."""

import pytest
from flask import Flask

from scheduler.agenda.edit import MoveRefused, conflicts, move, take_out, unpin
from scheduler.extensions import db
from scheduler.models import MeetingStatus
from tests.agenda.scene import small_event


def test_edit_conflicts_name_each_rule_a_move_would_break(app: Flask) -> None:
    scene = small_event()
    first, second, third = scene.session.slots
    scene.session.tables[1].reserved_for_id = scene.eva.id
    db.session.flush()
    ana, ben = scene.ana.full_name, scene.ben.full_name

    assert conflicts(db.session, scene.ana_ben, first, None) == [f"Not available then: {ana}."]
    assert conflicts(db.session, scene.ana_ben, second, scene.session.tables[1]) == [
        f"Already in another meeting then: {ben}.",
        "Table 2 is taken at that time.",
        "Table 2 is a booth reserved for its host.",
    ]
    assert conflicts(db.session, scene.ben_eva, third, None) == [
        f"{scene.eva.full_name} has a seat in \u201cBiocontrol\u201d then."
    ]
    assert conflicts(db.session, scene.ana_ben, third, scene.later.tables[0]) == [
        "This table belongs to another B2B session than the slot."
    ]
    assert conflicts(db.session, scene.ana_ben, third, scene.session.tables[0]) == []


def test_edit_move_places_and_pins(app: Flask) -> None:
    scene = small_event()
    third = scene.session.slots[2]

    move(db.session, scene.ana_ben, third, scene.session.tables[0])

    assert (scene.ana_ben.slot, scene.ana_ben.table, scene.ana_ben.pinned) == (
        third,
        scene.session.tables[0],
        True,
    )


def test_edit_refused_move_changes_nothing(app: Flask) -> None:
    scene = small_event()

    with pytest.raises(MoveRefused) as refusal:
        move(db.session, scene.ana_ben, scene.session.slots[0], scene.session.tables[0])

    assert str(refusal.value) == f"Not available then: {scene.ana.full_name}."
    assert (scene.ana_ben.slot, scene.ana_ben.status) == (None, MeetingStatus.UNSCHEDULED)


def test_edit_unpin_and_take_out(app: Flask) -> None:
    scene = small_event()

    unpin(db.session, scene.ben_eva)
    pinned_after_unpin = scene.ben_eva.pinned
    take_out(db.session, scene.ben_eva)

    assert pinned_after_unpin is False
    assert (scene.ben_eva.slot, scene.ben_eva.status) == (None, MeetingStatus.UNSCHEDULED)
