"""Job stories: "When <situation>, I want to <motivation>, so I can <outcome>."

A story starts from a situation theme that several people described. Its motivation and
outcome are what *the same people said around it*: a unit confidently coded motivation or
outcome, by the same participant, within a few units of one of their situation units, in the
same conversation. The theme most of those nearby units belong to (counted by distinct
participants) becomes the part; a theme never said near the situation is not linked at all.
Each part's wording is a participant's own span (trimmed and put in template order, never
invented): of the candidate spans, the one closest in meaning to its theme. When nobody
stated a part, the story says so instead of filling it in.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from jobstory.synthesis.phrases import (
    Phrase,
    is_clause,
    motivation_phrase,
    outcome_phrase,
    situation_phrase,
)
from jobstory.synthesis.sources import Segment
from jobstory.synthesis.themes import Theme, quote, spread_quotes

QUOTES_PER_PART = 3
#: A unit speaks for a story's motivation or outcome only when coded so with at least this
#: probability; weaker members stay in their theme but do not put words in a story's mouth.
#: On the labelled holdout, precision and recall of both codes are the same at 0.5 and 0.6;
#: in conversational transcripts the 0.5-0.6 band held reactions ("Embarrassing.") instead.
CONFIDENT = 0.6
#: How many units apart (in one participant's conversation) a part may be from the situation.
NEARBY = 6
#: Candidate spans considered per part when choosing its wording.
CANDIDATES = 12
#: A span that ends on one of these was cut mid-clause ("...and stop it when"): not usable.
DANGLING = frozenset("""a an and as at because but by for from if in into of on or so than that
the then to when whenever where which while who with""".split())
NOT_STATED = {"motivation": "(no motivation stated yet)", "outcome": "(no outcome stated yet)"}
#: Said, but in words that do not fit the template: the quotes carry it, the sentence points there.
IN_QUOTES = {"motivation": "(motivation in their words below)",
             "outcome": "(outcome in their words below)"}

Encode = Callable[[Sequence[str]], np.ndarray]


def _strong(theme: Theme, total_participants: int) -> bool:
    return len(theme.participants) >= (2 if total_participants > 2 else 1)


class _Positions:
    """Where each unit sits in its conversation, to find what was said near it."""

    def __init__(self, segments: Sequence[Segment]) -> None:
        self.ordinal: list[int] = []
        counters: dict[str, int] = defaultdict(int)
        for seg in segments:  # segments are sorted by (source, start)
            self.ordinal.append(counters[seg.source_id])
            counters[seg.source_id] += 1
        self.segments = segments

    def near(self, a: int, b: int) -> bool:
        left, right = self.segments[a], self.segments[b]
        return (left.source_id == right.source_id and left.participant == right.participant
                and abs(self.ordinal[a] - self.ordinal[b]) <= NEARBY)


def _linked(situation: Theme, candidates: Sequence[Theme], positions: _Positions,
            confident: Callable[[int, str], bool]) -> tuple[Theme | None, list[int]]:
    """The part theme said nearest the situation, and the nearby units that link them."""
    people = set(situation.participants)
    best: tuple[tuple[float, ...], Theme, list[int]] | None = None
    for theme in candidates:
        nearby = [j for j in theme.members if confident(j, theme.family)
                  and any(positions.near(i, j) for i in situation.members)]
        linked_people = {positions.segments[j].participant for j in nearby}
        overlap = len(people & set(theme.participants))
        if not linked_people:
            continue  # the same people said it, but never near the situation: no evidence
        key = (len(linked_people), overlap, float(situation.centroid @ theme.centroid),
               -len(theme.id))
        if best is None or key > best[0]:
            best = (key, theme, nearby)
    if best is None:
        return None, []
    return best[1], best[2]


def _wording(members: Sequence[int], segments: Sequence[Segment], centroid: np.ndarray,
             extract: Callable[[str], Phrase | None], encode: Encode
             ) -> tuple[str | None, int | None]:
    """Of the clean spans in the first candidates, the one closest in meaning to the theme."""
    found: list[tuple[str, int]] = []
    for index in members:
        phrase = extract(segments[index].text)
        text = phrase.text.strip().rstrip(".!?,;:") if phrase else ""
        words = text.split()
        if len(words) >= 3 and words[-1].lower() not in DANGLING:
            found.append((text, index))
        if len(found) >= CANDIDATES:
            break
    if not found:
        return None, None
    vectors = encode([text for text, _ in found])
    similarity = vectors @ centroid
    best = max(range(len(found)), key=lambda k: (round(float(similarity[k]), 6), -k))
    return found[best]


def _part(theme: Theme | None, nearby: Sequence[int], people: set[str],
          segments: Sequence[Segment], extract: Callable[[str], Phrase | None], encode: Encode,
          confident: Callable[[int, str], bool]) -> tuple[dict[str, object], set[str]]:
    if theme is None:
        return {"text": None, "theme": None, "quotes": []}, set()
    said = [i for i in theme.members
            if segments[i].participant in people and confident(i, theme.family)]
    close = set(nearby)
    ordered = [i for i in theme.members if i in close] + [i for i in said if i not in close]
    text, source = _wording(ordered, segments, theme.centroid, extract, encode)
    # Quotes that say the part in so many words ("I wanted to ...") come before those the
    # coder only leans towards.
    rest = [i for i in ordered if i != source]
    phrased = {i for i in rest if extract(segments[i].text)}
    ordered = ([source] if source is not None else []) + \
        [i for i in rest if i in phrased] + [i for i in rest if i not in phrased]
    quotes = [quote(segments[i]) for i in spread_quotes(ordered, segments, QUOTES_PER_PART)]
    return {"text": text, "theme": theme.id, "quotes": quotes}, {segments[i].participant
                                                                  for i in said}


def _filled(part: dict[str, object], name: str) -> str:
    if part["text"]:
        return str(part["text"])
    return IN_QUOTES[name] if part["quotes"] else NOT_STATED[name]


def _sentence(situation: str, motivation: dict[str, object], outcome: dict[str, object]) -> str:
    return (f"When {situation}, I want to {_filled(motivation, 'motivation')}, "
            f"so I can {_filled(outcome, 'outcome')}.")


def build_job_stories(themes: Sequence[Theme], segments: Sequence[Segment],
                      scores: Sequence[Mapping[str, float]], total_participants: int,
                      encode: Encode) -> list[dict[str, object]]:
    """Stories from strong situation themes, ranked by distinct participants.

    `scores` holds each segment's code probabilities (as `Coding.scores`). A situation theme
    whose members are all bare times or fragments has nothing to say after "When": it stays a
    theme but makes no story.
    """
    def confident(index: int, family: str) -> bool:
        return scores[index].get(family, 0.0) >= CONFIDENT

    by_family: dict[str, list[Theme]] = defaultdict(list)
    for theme in themes:
        by_family[theme.family].append(theme)
    positions = _Positions(segments)
    stories = []
    for situation in by_family["situation"]:
        if not _strong(situation, total_participants):
            continue
        people = set(situation.participants)
        text, source = _wording(situation.members, segments, situation.centroid,
                                situation_phrase, encode)
        if text is None:
            source = next((i for i in situation.members if is_clause(segments[i].text)), None)
            if source is None:
                continue
            text = _plain(segments[source].text)
        ordered = [source] + [i for i in situation.members if i != source]
        motivation_theme, near_m = _linked(situation, by_family["motivation"], positions,
                                           confident)
        outcome_theme, near_o = _linked(situation, by_family["outcome"], positions, confident)
        motivation, wanted = _part(motivation_theme, near_m, people, segments,
                                   motivation_phrase, encode, confident)
        outcome, hoped = _part(outcome_theme, near_o, people, segments, outcome_phrase, encode,
                               confident)
        n = len(people)
        saturation = 1 - math.exp(-n / 3)
        confidence = round(0.5 * saturation + 0.25 * len(wanted) / n + 0.25 * len(hoped) / n, 2)
        stories.append({
            "id": "js-" + situation.id.removeprefix("situation-"),
            "rank": 0,
            "text": _sentence(text, motivation, outcome),
            "situation": {"text": text, "theme": situation.id,
                          "quotes": [quote(segments[i]) for i in
                                     spread_quotes(ordered, segments, QUOTES_PER_PART)]},
            "motivation": motivation,
            "outcome": outcome,
            "participants": sorted(people),
            "participant_count": n,
            "confidence": confidence,
            "confidence_reason": (
                f"{n} participant(s) described this situation; {len(wanted)} of them stated "
                f"the linked motivation and {len(hoped)} the linked outcome."
            ),
        })
    stories.sort(key=lambda s: (-s["participant_count"], -s["confidence"], s["id"]))  # type: ignore[operator]
    for rank, story in enumerate(stories, start=1):
        story["rank"] = rank
    return stories


def _plain(text: str) -> str:
    """A participant's sentence as a clause: trailing punctuation off, first letter lowered."""
    clause = " ".join(text.split()).rstrip(".!?…")  # a caption's line breaks are not words
    if len(clause) > 1 and clause[0].isupper() and not clause[1].isupper() and \
            not clause.startswith("I "):
        clause = clause[0].lower() + clause[1:]
    return clause
