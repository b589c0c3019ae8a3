"""'Suggested for you': ranking and reasons in words."""

from flask import Flask

from scheduler.matchmaking.recommend import suggest
from tests.factories import make_event, make_organisation, make_participant


def test_suggest_ranks_offer_matching_need_first_with_reason(app: Flask) -> None:
    event = make_event()
    me = make_participant(
        event,
        organisation=make_organisation(),
        offer_text="Vineyard robotics for pruning",
        seek_text="Drone-based vineyard monitoring; field trial sites in Spain",
    )
    drones = make_participant(
        event,
        first_name="Dario",
        organisation=make_organisation(),
        offer_text="Drone-based vineyard monitoring and mapping",
        seek_text="Winery partners",
    )
    pruning = make_participant(
        event,
        first_name="Pia",
        organisation=make_organisation(),
        offer_text="Cider apples",
        seek_text="Robotics for pruning orchards",
    )
    unrelated = make_participant(
        event,
        first_name="Ugo",
        organisation=make_organisation(),
        offer_text="Essential oils",
        seek_text="Cosmetics buyers",
    )
    result = suggest(me, [drones, pruning, unrelated])
    assert [s.participant.first_name for s in result] == ["Dario", "Pia"]
    assert result[0].reasons == [
        "offers: drone-based vineyard monitoring and mapping; "
        "you seek: drone-based vineyard monitoring"
    ]
    assert result[1].reasons == [
        "seeks: robotics for pruning orchards; you offer: vineyard robotics for pruning"
    ]


def test_suggest_skips_colleagues_and_self(app: Flask) -> None:
    event = make_event()
    company = make_organisation()
    me = make_participant(event, organisation=company, seek_text="Seed coating")
    colleague = make_participant(event, organisation=company, offer_text="Seed coating")
    assert suggest(me, [me, colleague]) == []
