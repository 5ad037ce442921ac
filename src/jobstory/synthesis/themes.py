"""Themes: clusters of coded units within one code family, counted by distinct participants.

A theme is only as good as its evidence, so each carries its participants (never just a
mention count), a representative verbatim quote and a handful of quotes from different people.
Frequency is not the only signal: a small but cohesive, confidently coded theme is flagged
"worth a look" so a minority view is not buried; and where one group is drawn to something
another group worries about, the disagreement is shown rather than averaged away.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from jobstory.synthesis.cluster import Clustering, cluster
from jobstory.synthesis.code import CODES, Coding
from jobstory.synthesis.grammar import has_verb, word_spans
from jobstory.synthesis.keyphrases import (
    distinct_phrases,
    key_phrases,
    label_words,
    nameable,
    representative,
)
from jobstory.synthesis.sources import Segment
from jobstory.synthesis.theme_ids import theme_ids

MAX_QUOTES = 5
#: A theme backed by at most this share of participants (and at most a few people) is a minority.
MINORITY_SHARE = 0.2
#: ...and it is "strong" when its units sit this close to their centroid and are coded this surely.
STRONG_COHESION = 0.6
STRONG_SCORE = 0.7
#: Opposing themes closer than this (cosine of centroids) are about the same thing.
SAME_TOPIC = 0.55
OPPOSING = {"pull": ("anxiety", "habit"), "push": ("habit",)}
#: A member quoted as a theme's label says at least this many words.
LABEL_MIN_WORDS = 4


def quote(segment: Segment) -> dict[str, object]:
    return {"text": segment.text, "source": segment.source_id, "start": segment.start,
            "end": segment.end, "participant": segment.participant}


@dataclass(frozen=True)
class Theme:
    id: str
    family: str
    members: tuple[int, ...]          # indices into the segment list, most central first
    centroid: np.ndarray
    participants: tuple[str, ...]
    key_phrases: tuple[str, ...]
    cohesion: float
    score: float


def spread_quotes(members: Sequence[int], segments: Sequence[Segment], limit: int
                   ) -> list[int]:
    """Most central first, one per participant before a second from anyone."""
    chosen: list[int] = []
    seen: set[str] = set()
    for index in members:
        if segments[index].participant not in seen:
            chosen.append(index)
            seen.add(segments[index].participant)
    for index in members:
        if index not in chosen:
            chosen.append(index)
    return chosen[:limit]


def find_themes(
    segments: Sequence[Segment],
    vectors: np.ndarray,
    codings: Sequence[Coding],
    previous: Mapping[str, Sequence[str]] | None = None,
    *,
    seed: int = 0,
) -> tuple[list[Theme], list[int]]:
    """Cluster each code family's units; returns themes and the indices left unassigned."""
    themes: list[Theme] = []
    outliers: set[int] = set()
    unlabelled = label_words([(s.participant, s.text) for s in segments])
    for family in CODES:
        indices = [i for i, coding in enumerate(codings) if family in coding.codes]
        if not indices:
            continue
        found = _cluster_family(vectors[indices], seed)
        groups: list[list[int]] = [[] for _ in range(found.k)]
        for position, label in enumerate(found.labels.tolist()):
            if label < 0:
                outliers.add(indices[position])
            else:
                groups[label].append(indices[position])
        groups = [g for g in groups if g]
        if not groups:
            continue
        centroids = [_centroid(vectors[g]) for g in groups]
        ordered = [_by_centrality(g, vectors, c) for g, c in zip(groups, centroids)]
        phrases = key_phrases([[segments[i].text for i in g] for g in ordered],
                              top_n=6, exclude=unlabelled)
        family_previous = {k: v for k, v in (previous or {}).items()
                           if k.startswith(f"{family}-")}
        ids = theme_ids([[segments[i].id for i in g] for g in ordered], family_previous)
        for theme_id, members, centroid, keys in zip(ids, ordered, centroids, phrases):
            participants = tuple(sorted({segments[i].participant for i in members}))
            cohesion = float(np.mean(vectors[members] @ centroid))
            score = float(np.mean([codings[i].scores.get(family, 0.0) for i in members]))
            prefixed = theme_id if theme_id.startswith(f"{family}-") else f"{family}-{theme_id}"
            themes.append(Theme(prefixed, family, tuple(members), centroid, participants,
                                tuple(keys), cohesion, score))
    themes.sort(key=lambda t: (CODES.index(t.family), -len(t.participants), -len(t.members),
                               t.id))
    assigned = {i for theme in themes for i in theme.members}
    return themes, sorted(outliers - assigned)


def _cluster_family(vectors: np.ndarray, seed: int) -> Clustering:
    """Automatic k, but never fewer than √(n/2) themes.

    Interview synthesis needs themes at the grain of a situation ("our accountant quit"), not
    of a topic ("invoicing"). The automatic cut is conservative on a few hundred varied
    sentences and can return two catch-all themes; the √(n/2) rule of thumb keeps them
    specific there, while on large sets the data decides.
    """
    return cluster(vectors, seed=seed, min_k=round(math.sqrt(len(vectors) / 2)))


def _centroid(rows: np.ndarray) -> np.ndarray:
    mean = rows.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm > 0 else mean


def _by_centrality(members: list[int], vectors: np.ndarray, centroid: np.ndarray) -> list[int]:
    similarity = vectors[members] @ centroid
    first = members[representative(vectors[members], centroid)]
    rest = sorted((m for m in members if m != first),
                  key=lambda m: (-float(similarity[members.index(m)]), m))
    return [first, *rest]


def is_minority_but_strong(theme: Theme, total_participants: int) -> bool:
    limit = max(2, math.floor(MINORITY_SHARE * total_participants))
    return (len(theme.participants) <= limit and theme.cohesion >= STRONG_COHESION
            and theme.score >= STRONG_SCORE)


#: A theme whose members share no wording and none of whom says something happened.
NO_SHARED_WORDING = "(no shared wording)"


def theme_label(theme: Theme, segments: Sequence[Segment]) -> str:
    """A short phrase from the members' words: their most distinctive phrase of two or three
    words when there is one, else their two most distinctive words (never a word that only
    says how, :func:`keyphrases.nameable`: "honestly"), else the most central
    member that says something happened (never a bare date or a reaction: "Tuesday the
    eighth." names no theme), else says that they share no wording."""
    longer = [p for p in theme.key_phrases if " " in p and nameable(p)]
    if longer:
        return longer[0]
    named = distinct_phrases(theme.key_phrases, 2)
    if named:
        return " · ".join(named)
    for index in theme.members:
        text = segments[index].text
        spans = word_spans(text)
        if len(spans) >= LABEL_MIN_WORDS and has_verb(spans):
            return text if len(text) <= 80 else text[:77].rsplit(" ", 1)[0] + "…"
    return NO_SHARED_WORDING


def disagreements(themes: Sequence[Theme]) -> dict[str, tuple[Theme, float]]:
    """For each pull/push theme, the closest opposing theme about the same topic, if any."""
    found: dict[str, tuple[Theme, float]] = {}
    for theme in themes:
        opposing = OPPOSING.get(theme.family)
        if not opposing:
            continue
        best: tuple[Theme, float] | None = None
        for other in themes:
            if other.family in opposing:
                similarity = float(theme.centroid @ other.centroid)
                if similarity >= SAME_TOPIC and (best is None or similarity > best[1]):
                    best = (other, similarity)
        if best is not None:
            found[theme.id] = best
    return found


def theme_records(themes: Sequence[Theme], segments: Sequence[Segment],
                  total_participants: int) -> list[dict[str, object]]:
    """The `themes` section of analysis.json."""
    opposed = disagreements(themes)
    records = []
    for theme in themes:
        disagreement = None
        if theme.id in opposed:
            other, _similarity = opposed[theme.id]
            disagreement = {
                "note": (f"{len(theme.participants)} participant(s) describe this as a "
                         f"{theme.family}, while {len(other.participants)} raise it as "
                         f"{'an' if other.family == 'anxiety' else 'a'} {other.family} "
                         f"(theme {other.id})."),
                "theme": other.id,
                "quotes": [quote(segments[i]) for i in spread_quotes(other.members, segments,
                                                                      2)],
            }
        records.append({
            "id": theme.id,
            "family": theme.family,
            "label": theme_label(theme, segments),
            "key_phrases": list(theme.key_phrases),
            "participants": list(theme.participants),
            "participant_count": len(theme.participants),
            "mentions": len(theme.members),
            "cohesion": round(theme.cohesion, 4),
            "representative": quote(segments[theme.members[0]]),
            "quotes": [quote(segments[i]) for i in spread_quotes(theme.members, segments,
                                                                  MAX_QUOTES)],
            "worth_a_look": is_minority_but_strong(theme, total_participants),
            "disagreement": disagreement,
        })
    return records
