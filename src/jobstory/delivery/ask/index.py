"""What the chat searches: every coded segment of an analysis, with the timeline parts it is
evidence for, its vector and its stems, built once per analysis and reused for every question.

A passage is always a participant's own words at `(source, start, end)`; nothing here writes
text of its own.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from jobstory.delivery.ask.text import content_stems
from jobstory.synthesis.citations import Passage as CitedPassage

#: The timeline parts of analysis.json, in the order a switch story runs.
TIMELINE_PARTS = ("struggling_moment", "alternatives", "push", "pull", "anxiety", "habit",
                  "decision", "first_use", "what_changed", "results")


@dataclass(frozen=True)
class Passage:
    """One participant's sentence (a coded segment): the unit the chat retrieves and quotes."""

    id: str
    participant: str
    text: str
    source: str
    start: int
    end: int
    codes: frozenset[str]
    parts: frozenset[str]  # timeline parts this sentence is evidence for
    themes: tuple[str, ...]
    question: str


@dataclass
class StudyIndex:
    """An analysis made searchable. `fields` maps a participant to their own attributes
    (plan, segment, region ...) for comparisons; `texts` holds the sources' text where it is
    known, so each quote can be checked against the source itself."""

    analysis: dict[str, Any]
    passages: list[Passage]
    vectors: np.ndarray
    stems: list[frozenset[str]]
    idf: dict[str, float]
    participants: list[str]
    aliases: dict[str, str]  # lower-cased name or first name -> participant id
    fields: dict[str, dict[str, str]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    by_participant: dict[str, list[int]] = field(default_factory=dict)
    postings: dict[str, list[int]] = field(default_factory=dict)  # stem -> passages holding it
    masks: dict[str, Any] = field(default_factory=dict)  # per-index memos (retrieve's)
    embed: Any = None  # the Embedder the vectors came from; questions use the same one

    def idf_of(self, stem: str) -> float:
        """Inverse document frequency; a word no passage holds weighs the most."""
        return self.idf.get(stem, math.log(1 + len(self.passages)) + 1.0)

    def cited(self, participant: str) -> list[CitedPassage]:
        """This participant's own words, as the citation verifier takes them."""
        return [CitedPassage(p.source, p.start, p.end, p.text)
                for p in (self.passages[i] for i in self.by_participant.get(participant, []))]

    def in_source(self, source: str, start: int, end: int, text: str) -> bool | None:
        """Whether `text` is the source's own characters at start:end; None when the
        source's text is not at hand."""
        whole = self.texts.get(source)
        if whole is None:
            return None
        return whole[start:end] == text


def _timeline_parts(analysis: Mapping[str, Any]) -> dict[tuple[str, int, int], set[str]]:
    """(source, start, end) -> the timeline parts whose entries cover that span."""
    spans: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for timeline in analysis.get("timelines") or []:
        for part in TIMELINE_PARTS:
            value = timeline.get(part)
            entries = value if isinstance(value, list) else [value] if value else []
            for entry in entries:
                if isinstance(entry, dict) and "source" in entry:
                    spans[(entry["source"], int(entry["start"]), int(entry["end"]))].add(part)
    return spans


def _covering(spans: dict[tuple[str, int, int], set[str]]) -> dict[str, list[tuple[int, int,
                                                                                   set[str]]]]:
    by_source: dict[str, list[tuple[int, int, set[str]]]] = defaultdict(list)
    for (source, start, end), parts in spans.items():
        by_source[source].append((start, end, parts))
    return by_source


def participant_aliases(participants: Sequence[str]) -> dict[str, str]:
    """Ways a question may name a participant: the whole id, and a capitalised first or last
    name when only one participant carries it."""
    aliases: dict[str, str] = {p.casefold(): p for p in participants}
    counts: Counter[str] = Counter()
    owner: dict[str, str] = {}
    for participant in participants:
        words = re.findall(r"[A-Z][a-z\u00c0-\u024f'-]+", participant)
        if len(words) < 1 or not participant[:1].isupper():
            continue
        for word in {words[0], words[-1]}:
            counts[word.casefold()] += 1
            owner[word.casefold()] = participant
    for word, count in counts.items():
        if count == 1 and word not in aliases:
            aliases[word] = owner[word]
    return aliases


def build_index(analysis: dict[str, Any], embedder: Any, *,
                fields: Mapping[str, Mapping[str, Any]] | None = None,
                texts: Mapping[str, str] | None = None) -> StudyIndex:
    """Index every participant segment of `analysis` with `embedder` (its cache makes a
    second build of the same study cheap)."""
    covering = _covering(_timeline_parts(analysis))
    passages: list[Passage] = []
    for segment in analysis.get("segments") or []:
        participant = segment.get("participant")
        text = segment.get("text") or ""
        if not participant or not text.strip():
            continue
        source, start, end = segment["source"], int(segment["start"]), int(segment["end"])
        parts = {part for s, e, found in covering.get(source, ())
                 if s < end and start < e for part in found}
        passages.append(Passage(
            id=segment.get("id") or f"{source}#{start}-{end}", participant=participant,
            text=text, source=source, start=start, end=end,
            codes=frozenset(segment.get("codes") or ()), parts=frozenset(parts),
            themes=tuple(segment.get("themes") or ()),
            question=segment.get("question_text") or ""))
    vectors = (embedder.encode([p.text for p in passages]) if passages
               else np.zeros((0, getattr(embedder, "dimension", 1)), dtype=np.float32))
    stems = [frozenset(content_stems(p.text)) for p in passages]
    frequency: Counter[str] = Counter(s for found in stems for s in found)
    postings: dict[str, list[int]] = defaultdict(list)
    for i, found in enumerate(stems):
        for s in found:
            postings[s].append(i)
    total = max(1, len(passages))
    idf = {s: math.log((1 + total) / (1 + n)) + 1.0 for s, n in frequency.items()}
    participants = sorted({p.get("id") for p in analysis.get("participants") or []
                           if p.get("id")} | {p.participant for p in passages})
    by_participant: dict[str, list[int]] = defaultdict(list)
    for i, passage in enumerate(passages):
        by_participant[passage.participant].append(i)
    known = {s["id"]: s["text"] for s in analysis.get("sources") or []
             if isinstance(s.get("text"), str)}
    known.update(texts or {})
    return StudyIndex(
        analysis=analysis, passages=passages, vectors=np.asarray(vectors, dtype=np.float32),
        stems=stems, idf=idf, participants=participants, aliases=participant_aliases(participants),
        fields={str(k): {str(f): str(v) for f, v in dict(v).items() if v not in (None, "")}
                for k, v in (fields or {}).items()},
        texts=known, by_participant=dict(by_participant), postings=dict(postings),
        embed=embedder)
