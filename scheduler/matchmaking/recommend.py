"""'Suggested for you': who offers what I seek, and seeks what I offer, with the reason."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scheduler.i18n import gettext
from scheduler.models import Participant

_PHRASE_SPLIT = re.compile(r"[;\n.]+")
_WORD = re.compile(r"[a-zà-ÿ]{3,}")
_STOP = {
    "and",
    "for",
    "the",
    "with",
    "our",
    "from",
    "into",
    "are",
    "partners",
    "partner",
    "solutions",
    "services",
    "looking",
    "seek",
    "offer",
    "new",
    "who",
    "that",
    "this",
}


@dataclass(frozen=True)
class Suggestion:
    participant: Participant
    score: float
    reasons: list[str]


def _phrases(text: str) -> list[str]:
    return [p.strip() for p in _PHRASE_SPLIT.split(text) if p.strip()]


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _best_pair(offers: str, seeks: str) -> tuple[str, str] | None:
    """The offer phrase and seek phrase that share the most words."""
    best, best_overlap = None, 0
    for offer in _phrases(offers):
        for seek in _phrases(seeks):
            overlap = len(_words(offer) & _words(seek))
            if overlap > best_overlap:
                best, best_overlap = (offer, seek), overlap
    return best


def _sectors(participant: Participant) -> dict[str, str]:
    if participant.organisation is None:
        return {}
    return {s.slug: s.display_label for s in participant.organisation.sectors}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def suggest(me: Participant, candidates: list[Participant], limit: int = 10) -> list[Suggestion]:
    """Rank ``candidates`` by how well their offers meet my needs and the reverse; shared
    sectors and cooperation interests add a little. Each suggestion says why in words."""
    # Imported here: scikit-learn takes a second to load, which every CLI command would pay.
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    others = [
        c
        for c in candidates
        if c.id != me.id and (me.organisation_id is None or c.organisation_id != me.organisation_id)
    ]
    if not others:
        return []
    documents = [me.seek_text, me.offer_text]
    for other in others:
        documents += [other.offer_text, other.seek_text]
    if not any(doc.strip() for doc in documents):
        return []
    vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(documents)
    my_seek, my_offer = vectors[0], vectors[1]
    their_offers, their_seeks = vectors[2::2], vectors[3::2]
    they_offer_what_i_seek = cosine_similarity(my_seek, their_offers)[0]
    they_seek_what_i_offer = cosine_similarity(my_offer, their_seeks)[0]
    my_sectors = _sectors(me)
    my_interests = set(me.interest_values)
    suggestions = []
    for index, other in enumerate(others):
        shared_sectors = sorted(
            label for slug, label in _sectors(other).items() if slug in my_sectors
        )
        shared_interests = my_interests & set(other.interest_values)
        score = (
            0.6 * they_offer_what_i_seek[index]
            + 0.4 * they_seek_what_i_offer[index]
            + 0.1 * bool(shared_sectors)
            + 0.05 * len(shared_interests)
        )
        reasons = []
        pair = _best_pair(other.offer_text, me.seek_text)
        if pair:
            reasons.append(
                gettext(
                    "offers: %(offer)s; you seek: %(seek)s",
                    offer=_lower_first(pair[0]),
                    seek=_lower_first(pair[1]),
                )
            )
        pair = _best_pair(me.offer_text, other.seek_text)
        if pair:
            reasons.append(
                gettext(
                    "seeks: %(seek)s; you offer: %(offer)s",
                    seek=_lower_first(pair[1]),
                    offer=_lower_first(pair[0]),
                )
            )
        if shared_sectors:
            reasons.append(gettext("same sector: %(sectors)s", sectors=", ".join(shared_sectors)))
        if not reasons or score <= 0:
            continue
        suggestions.append(Suggestion(other, round(float(score), 4), reasons))
    suggestions.sort(key=lambda s: (-s.score, s.participant.last_name, s.participant.id))
    return suggestions[:limit]
