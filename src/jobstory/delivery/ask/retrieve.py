"""Which passages speak to a topic: meaning (MiniLM cosine) and words (stems weighted by how
rare they are) together, optionally within a part of the switch story or one participant.

A passage *mentions* the topic when its meaning is close on its own, or when its words cover
the topic and its meaning agrees. The cut-offs are round numbers on the cosine scale, set on
the illustrative question set in tests/data, never on shared data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from jobstory.delivery.ask.index import StudyIndex
from jobstory.delivery.ask.intent import FAMILIES
from jobstory.delivery.ask.text import QUESTION_WORDS, content_stems

#: Meaning alone: a sentence this close to the topic is about it.
SEMANTIC_ALONE = 0.55
#: Meaning with words: every topic word present, or most of them and this close.
SEMANTIC_WITH_WORDS = 0.35
WORDS_MOST = 0.5
#: Meaning inside the asked-for part of the story (an anxiety, a pull ...).
SEMANTIC_IN_FAMILY = 0.4


@dataclass(frozen=True)
class Hit:
    index: int
    score: float
    semantic: float
    lexical: float
    in_family: bool


def in_family(index: StudyIndex, i: int, family: str | None) -> bool:
    if family is None:
        return False
    _, codes, parts = FAMILIES[family]
    passage = index.passages[i]
    return bool(passage.codes & codes or passage.parts & parts)


def alternatives(topic: str) -> list[str]:
    """"price or cost" asks about either: each alternative is matched on its own."""
    parts = [p.strip() for p in re.split(r"\s+or\s+|\s*/\s*|\s*,\s*", topic) if p.strip()]
    if len(parts) > 1:
        tail = parts[-1].split()[1:]
        # "accountant or bookkeeper left": the words after the last noun belong to each one.
        parts = [p if len(p.split()) > 1 else " ".join([p, *tail]) for p in parts]
    return parts or [topic]


def _lexical(index: StudyIndex, topic: str, candidates: np.ndarray) -> np.ndarray:
    """For each candidate, the share of the topic's word weight (rarer words weigh more) that
    the passage holds."""
    stems = content_stems(topic, QUESTION_WORDS)
    out = np.zeros(len(candidates), dtype=np.float64)
    total = sum(index.idf_of(s) for s in stems)
    if not total:
        return out
    position = {int(i): n for n, i in enumerate(candidates.tolist())}
    for s in stems:
        for i in index.postings.get(s, ()):
            n = position.get(i)
            if n is not None:
                out[n] += index.idf_of(s) / total
    return out


def _mentions(hit: Hit, family: str | None) -> bool:
    if family is not None and not hit.in_family and hit.semantic < SEMANTIC_ALONE:
        return False
    return (hit.semantic >= SEMANTIC_ALONE
            or (hit.lexical >= 0.999 and hit.semantic >= SEMANTIC_WITH_WORDS - 0.1)
            or (hit.lexical >= WORDS_MOST and hit.semantic >= SEMANTIC_WITH_WORDS)
            or (hit.in_family and hit.semantic >= SEMANTIC_IN_FAMILY))


def search(index: StudyIndex, topic: str, family: str | None = None, *,
           within: Iterable[int] | None = None) -> list[Hit]:
    """Every passage (of `within`, else all) scored against the topic, best first; ties by
    position, so the order is the same on every run."""
    candidates = np.fromiter(within if within is not None else range(len(index.passages)),
                             dtype=np.int64)
    if not len(candidates):
        return []
    semantic = np.zeros(len(candidates), dtype=np.float32)
    lexical = np.zeros(len(candidates), dtype=np.float64)
    options = alternatives(topic) if topic.strip() else []
    if options:
        vectors = index.embed.encode(options)
        for vector, option in zip(vectors, options):
            semantic = np.maximum(semantic, index.vectors[candidates] @ vector)
            lexical = np.maximum(lexical, _lexical(index, option, candidates))
    hits = []
    for i, sim, lexical_share in zip(candidates.tolist(), semantic.tolist(), lexical.tolist()):
        lexical_share = min(1.0, lexical_share)
        member = in_family(index, i, family)
        score = sim + 0.35 * lexical_share + (0.1 if member else 0.0)
        hits.append(Hit(i, round(score, 6), round(sim, 6), round(lexical_share, 6), member))
    hits.sort(key=lambda h: (-h.score, h.index))
    return hits


def mentions(index: StudyIndex, topic: str, family: str | None = None, *,
             within: Iterable[int] | None = None) -> list[Hit]:
    """The passages that speak to the topic (see the module docstring), best first. With no
    topic words, every passage of the family counts."""
    if not topic.strip():
        if family is None:
            return []
        chosen = [i for i in (within if within is not None else range(len(index.passages)))
                  if in_family(index, i, family)]
        if not chosen:
            return []
        # Timeline evidence first (the coder put it in a part of someone's story), then the
        # passages closest in meaning to the family's own words.
        words = "; ".join(FAMILIES[family][0][:4])
        closeness = index.vectors[chosen] @ index.embed.encode([words])[0]
        timeline = [bool(index.passages[i].parts & FAMILIES[family][2]) for i in chosen]
        order = sorted(range(len(chosen)), key=lambda n: (not timeline[n], -closeness[n],
                                                          chosen[n]))
        return [Hit(chosen[n], round(float(closeness[n]) + timeline[n], 6),
                    round(float(closeness[n]), 6), 0.0, True) for n in order]
    return [h for h in search(index, topic, family, within=within) if _mentions(h, family)]
