"""The suggestion index's scores: cosine similarities of TF-IDF vectors, as scikit-learn
computes them."""

from __future__ import annotations

import numpy as np
from flask import Flask
from sklearn.metrics.pairwise import cosine_similarity

from scheduler.matchmaking.recommend import Profile, SuggestionIndex

TEXTS = [
    ("Drone imaging of vineyards", "Field trial sites for robots"),
    ("Pruning robots for vineyards", "Drone imaging partners"),
    ("Seed coating trials", "Biocontrol of mildew"),
    ("Mildew biocontrol products", "Seed companies for trials"),
    ("", ""),
]


def _profile(number: int, offer: str, seek: str) -> Profile:
    return Profile(number, None, f"Name {number}", offer, seek, {}, frozenset())


def test_suggestion_scores_are_the_cosine_similarities_of_offers_and_seeks(app: Flask) -> None:
    others = [_profile(n, offer, seek) for n, (offer, seek) in enumerate(TEXTS, 1)]
    index = SuggestionIndex(others)
    me = _profile(99, "Vineyard robots for pruning", "Drone imaging and mildew biocontrol")

    with app.test_request_context():
        ranked = index.rank(me, excluded=set(), limit=10)

    mine = index.vectorizer.transform([me.seek_text, me.offer_text])
    expected = 0.6 * cosine_similarity(mine[0], index.offers)[0]
    expected += 0.4 * cosine_similarity(mine[1], index.seeks)[0]
    by_id = {p.id: round(float(score), 4) for p, score in zip(others, expected, strict=True)}
    assert [(p.id, score) for p, score, _ in ranked] == sorted(
        ((i, s) for i, s in by_id.items() if s > 0), key=lambda pair: (-pair[1], pair[0])
    )
    assert [p.id for p, _, _ in ranked] == [1, 4]
    assert np.isclose(sum(score for _, score, _ in ranked), sum(by_id.values()))


def test_suggestions_of_equal_score_come_by_name_then_id(app: Flask) -> None:
    offer, seek = "Drone imaging of vineyards", "Pruning robots"
    others = [
        Profile(7, None, "Zeller", offer, seek, {}, frozenset()),
        Profile(3, None, "Abad", offer, seek, {}, frozenset()),
        Profile(5, None, "Zeller", offer, seek, {}, frozenset()),
        Profile(9, None, "Meyer", "Seed trials", "Soil sensors", {}, frozenset()),
    ]
    me = _profile(99, "Pruning robots", "Drone imaging")

    with app.test_request_context():
        ranked = SuggestionIndex(others).rank(me, excluded=set(), limit=10)

    assert [(p.id, p.last_name) for p, _, _ in ranked] == [
        (3, "Abad"),
        (5, "Zeller"),
        (7, "Zeller"),
    ]
    assert len({score for _, score, _ in ranked}) == 1
