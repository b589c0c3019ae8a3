"""'Suggested for you': who offers what I seek, and seeks what I offer, with the reason."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from scheduler.i18n import gettext
from scheduler.models import Participant
from scheduler.models.organisations import sector_label

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


@dataclass(frozen=True)
class Profile:
    """What the ranking reads of a participant, as plain data (kept between requests)."""

    id: int
    organisation_id: int | None
    last_name: str
    offer_text: str
    seek_text: str
    # slug -> (label as typed, standard?): the label shown is chosen when the reason is written
    sectors: dict[str, tuple[str, bool]]
    interests: frozenset[Any]

    @classmethod
    def of(cls, participant: Participant) -> Profile:
        organisation = participant.organisation
        return cls(
            id=participant.id,
            organisation_id=participant.organisation_id,
            last_name=participant.last_name,
            offer_text=participant.offer_text,
            seek_text=participant.seek_text,
            sectors={
                s.slug: (s.label, s.is_standard)
                for s in (organisation.sectors if organisation is not None else [])
            },
            interests=frozenset(participant.interest_values),
        )


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


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _reasons(me: Profile, other: Profile, shared_sectors: list[str]) -> list[str]:
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
    return reasons


def _columns(values: list[Any], rows: list[Any]) -> np.ndarray:
    """A 0/1 matrix: one row per set in ``rows``, one column per value of ``values``."""
    matrix = np.zeros((len(rows), len(values)))
    column = {value: index for index, value in enumerate(values)}
    for row, members in enumerate(rows):
        for value in members:
            matrix[row, column[value]] = 1.0
    return matrix


def _flags(values: list[Any], members: Iterable[Any]) -> np.ndarray:
    wanted = set(members)
    return np.array([1.0 if value in wanted else 0.0 for value in values])


class SuggestionIndex:
    """The offers and seeks of a set of profiles as TF-IDF vectors, fitted once: ranking
    them for one reader is then a product of sparse matrices, not a new fit per page view."""

    def __init__(self, profiles: list[Profile], extra_documents: Iterable[str] = ()) -> None:
        # Imported here: scikit-learn takes a second to load, which every CLI command would
        # pay (gunicorn's workers import it at start-up, see gunicorn_conf).
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.profiles = profiles
        documents = list(extra_documents)
        for profile in profiles:
            documents += [profile.offer_text, profile.seek_text]
        self.vectorizer = None
        if profiles and any(doc.strip() for doc in documents):
            self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, norm="l2")
            vectors = self.vectorizer.fit_transform(documents)[len(documents) - 2 * len(profiles) :]
            self.offers, self.seeks = vectors[0::2], vectors[1::2]
        # The rest of the score as arrays, one row per profile: who they are, their
        # organisation (-1: none), and their sectors and interests as 0/1 columns.
        self.ids = np.array([p.id for p in profiles], dtype=np.int64)
        self.last_names = np.array([p.last_name for p in profiles], dtype=str)
        self.organisations = np.array(
            [-1 if p.organisation_id is None else p.organisation_id for p in profiles],
            dtype=np.int64,
        )
        self.sector_slugs = sorted({slug for p in profiles for slug in p.sectors})
        self.interest_values = sorted({i for p in profiles for i in p.interests}, key=str)
        self.sector_rows = _columns(self.sector_slugs, [set(p.sectors) for p in profiles])
        self.interest_rows = _columns(self.interest_values, [p.interests for p in profiles])

    def rank(
        self, me: Profile, excluded: set[int], limit: int = 10
    ) -> list[tuple[Profile, float, list[str]]]:
        """The best ``limit`` profiles for ``me`` (never ``me``, a colleague or ``excluded``):
        those whose offers meet my needs and the reverse; shared sectors and cooperation
        interests add a little. Each comes with its score and why, in words."""
        if self.vectorizer is None:
            return []
        mine = self.vectorizer.transform([me.seek_text, me.offer_text])
        # TF-IDF rows have unit length, so their dot products are the cosine similarities
        # (scikit-learn's cosine_similarity checks its arguments for longer than it computes).
        they_offer_what_i_seek = (self.offers @ mine[0].T).toarray().ravel()
        they_seek_what_i_offer = (self.seeks @ mine[1].T).toarray().ravel()
        allowed = (self.ids != me.id) & ~np.isin(self.ids, list(excluded))
        if me.organisation_id is not None:
            allowed &= self.organisations != me.organisation_id
        shared_sector = (self.sector_rows @ _flags(self.sector_slugs, me.sectors)) > 0
        scores = (
            0.6 * they_offer_what_i_seek
            + 0.4 * they_seek_what_i_offer
            + 0.1 * shared_sector
            + 0.05 * (self.interest_rows @ _flags(self.interest_values, me.interests))
        )
        kept = np.flatnonzero(allowed & (scores > 0))
        rounded = np.round(scores[kept], 4)
        # Best score first, then by name and id: sorted in numpy, not one tuple per profile.
        order = np.lexsort((self.ids[kept], self.last_names[kept], -rounded))
        ranked = []
        for position in order.tolist():
            score, other = float(rounded[position]), self.profiles[int(kept[position])]
            shared = sorted(
                sector_label(slug, *label)
                for slug, label in other.sectors.items()
                if slug in me.sectors
            )
            reasons = _reasons(me, other, shared)
            if reasons:
                ranked.append((other, score, reasons))
                if len(ranked) == limit:
                    break
        return ranked


def suggest(me: Participant, candidates: list[Participant], limit: int = 10) -> list[Suggestion]:
    """Rank ``candidates`` for ``me`` (see ``SuggestionIndex.rank``)."""
    by_id = {c.id: c for c in candidates}
    mine = Profile.of(me)
    others = [
        Profile.of(c)
        for c in candidates
        if c.id != me.id and (me.organisation_id is None or c.organisation_id != me.organisation_id)
    ]
    index = SuggestionIndex(others, [me.seek_text, me.offer_text])
    return [
        Suggestion(by_id[profile.id], score, reasons)
        for profile, score, reasons in index.rank(mine, set(), limit)
    ]
