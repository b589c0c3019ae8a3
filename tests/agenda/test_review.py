"""The session grid and the share of meetings per participant."""

from flask import Flask

from scheduler.agenda.review import TablePage, distribution, session_grid, table_page
from scheduler.extensions import db
from tests.agenda.scene import small_event
from tests.factories import make_participant


def test_review_grid_holds_each_meeting_at_its_slot_and_table(app: Flask) -> None:
    scene = small_event()
    scene.ana_ben.place(scene.session.slots[2], None)
    db.session.flush()

    grid = session_grid(db.session, scene.session)

    first, second, third = scene.session.slots
    one, two = scene.session.tables
    assert [[grid.at(slot, table) for table in grid.tables] for slot in grid.slots] == [
        [None, None],
        [None, scene.ben_eva],
        [None, None],
    ]
    assert grid.without_table == [scene.ana_ben]
    assert (grid.slots, grid.tables) == ([first, second, third], [one, two])


def test_review_distribution_counts_placed_meetings_per_participant(app: Flask) -> None:
    scene = small_event()
    make_participant(scene.event, first_name="Zoe")  # no accepted meeting: not counted

    shares = distribution(db.session, scene.event)

    by_name = {s.participant.first_name: (s.placed, s.accepted) for s in shares.shares}
    assert by_name == {"Ana": (1, 2), "Ben": (1, 2), "Eva": (2, 2)}
    assert (shares.lowest, shares.middle, shares.highest) == (1, 1, 2)
    assert shares.histogram() == [(0, 0), (1, 2), (2, 1)]
    assert shares.without_meeting == []


def test_review_distribution_names_who_has_no_meeting(app: Flask) -> None:
    scene = small_event()
    scene.ben_eva.place(None)
    scene.ana_eva.place(None)
    db.session.flush()

    shares = distribution(db.session, scene.event)

    assert [p.first_name for p in shares.without_meeting] == ["Ana", "Ben", "Eva"]
    assert shares.histogram() == [(0, 3)]


def test_review_grid_pages_its_tables(app: Flask) -> None:
    scene = small_event()

    one, two = scene.session.tables
    assert table_page(scene.session.tables, 1, per_page=1) == TablePage([one], 1, 2, 1)
    assert table_page(scene.session.tables, 2, per_page=1) == TablePage([two], 2, 2, 2)
    assert table_page(scene.session.tables, 9, per_page=1) == TablePage([two], 2, 2, 2)
    assert table_page(scene.session.tables, 0) == TablePage([one, two], 1, 1, 1)


def test_review_grid_of_a_page_reads_only_its_tables_and_the_meetings_without_one(
    app: Flask,
) -> None:
    scene = small_event()
    scene.ana_ben.place(scene.session.slots[0], scene.session.tables[0])
    db.session.flush()
    one, two = scene.session.tables

    first_page = session_grid(db.session, scene.session, only_tables=[one])
    second_page = session_grid(db.session, scene.session, only_tables=[two])

    assert (first_page.cells, second_page.cells) == (
        {(scene.session.slots[0].id, one.id): scene.ana_ben},
        {(scene.session.slots[1].id, two.id): scene.ben_eva},
    )
    assert first_page.tables == second_page.tables == [one, two]  # for the page links
