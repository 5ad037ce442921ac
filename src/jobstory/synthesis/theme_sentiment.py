"""Sentiment per theme, and disagreements: opposite things said about the same matter.

Each unit is scored by `jobstory.synthesis.sentiment.polarity` (VADER). A theme gets the
count and share of negative, neutral and positive members and its most clearly felt example
of each.

A disagreement is two people saying opposite things about the same matter: two sentences of
at least `MIN_WORDS` words, from different people, whose meanings are close (cosine of their
sentence embeddings >= `SAME_MATTER`: near-paraphrases, not a shared topic) and whose feelings
are clearly opposite (one compound >= `CLEAR`, the other <= -`CLEAR`). Themes are too broad
for this (a theme gathers a topic, and within it people mostly talk about different things),
and shared words are not shared meaning. One pair per two people, closest first.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from jobstory.synthesis.sentiment import LABELS, polarity, theme_sentiment

CLEAR = 0.4
MIN_WORDS = 6
SAME_MATTER = 0.7
MAX_DISAGREEMENTS = 8
MAX_POLAR = 4000  # clearly felt sentences compared pairwise (bounded work on large studies)


def _quote(seg: dict[str, Any]) -> dict[str, Any]:
    return {k: seg[k] for k in ("text", "source", "start", "end", "participant")}


def _members(analysis: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for seg in analysis.get("segments") or []:
        for theme_id in seg.get("themes") or []:
            members[theme_id].append(seg)
    return members


def sentiment_by_theme(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    """Sentiment per theme, in the themes' own order."""
    members = _members(analysis)
    texts = sorted({seg["id"]: seg["text"] for segs in members.values() for seg in segs}.items())
    scores = dict(zip((i for i, _ in texts), polarity([t for _, t in texts])))
    per_theme = []
    for theme in analysis.get("themes") or []:
        segs = members.get(theme["id"], [])
        if not segs:
            continue
        summary = theme_sentiment([scores[s["id"]] for s in segs], limit=1)
        per_theme.append({
            "theme": theme["id"], "family": theme["family"], "label": theme["label"],
            "participant_count": theme["participant_count"], "counts": summary.counts,
            "shares": {k: round(v, 4) for k, v in summary.shares.items()},
            "examples": {label: _quote(segs[summary.examples[label][0]])
                         for label in LABELS if summary.examples[label]},
        })
    return per_theme


def disagreements(analysis: dict[str, Any], vectors: np.ndarray | None
                  ) -> list[dict[str, Any]]:
    """Pairs of people saying opposite things about the same matter (see the module
    docstring). `vectors` are the segments' embeddings, row for row; None: none found."""
    segments = analysis.get("segments") or []
    if vectors is None or len(vectors) != len(segments) or not segments:
        return []
    candidates = [i for i, seg in enumerate(segments) if len(seg["text"].split()) >= MIN_WORDS]
    felt = polarity([segments[i]["text"] for i in candidates])
    polar = [(i, s.compound) for i, s in zip(candidates, felt) if abs(s.compound) >= CLEAR]
    polar.sort(key=lambda item: (-abs(item[1]), item[0]))
    polar = sorted(polar[:MAX_POLAR])
    positive = [(i, c) for i, c in polar if c > 0]
    negative = [(i, c) for i, c in polar if c < 0]
    if not positive or not negative:
        return []
    rows = np.asarray(vectors, dtype=np.float32)
    rows = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    similarity = rows[[i for i, _ in positive]] @ rows[[i for i, _ in negative]].T
    pairs = []
    for a, b in zip(*np.nonzero(similarity >= SAME_MATTER)):
        i, j = positive[a][0], negative[b][0]
        if segments[i]["participant"] != segments[j]["participant"]:
            pairs.append((-round(float(similarity[a, b]), 6), i, j))
    found, seen = [], set()
    for negated, i, j in sorted(pairs):
        people = frozenset((segments[i]["participant"], segments[j]["participant"]))
        if people in seen:
            continue
        seen.add(people)
        found.append({"similarity": -negated, "positive": _quote(segments[i]),
                      "negative": _quote(segments[j]),
                      "themes": sorted(set(segments[i].get("themes") or []) |
                                       set(segments[j].get("themes") or []))})
        if len(found) == MAX_DISAGREEMENTS:
            break
    return found
