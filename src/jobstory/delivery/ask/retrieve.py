"""Which passages speak to a topic: meaning (MiniLM cosine) and words (stems weighted by how
rare they are) together, optionally within a part of the switch story or one participant.

A passage *mentions* the topic when its meaning is close on its own, when it holds every
content word of the topic (light stems; the question's own words and its framing aside: a
literal mention is a mention, however long the sentence around it), or most of them and its
meaning agrees. The cut-offs are round numbers on the cosine scale, set on
the illustrative question set in tests/data, never on shared data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from jobstory.delivery.ask.index import StudyIndex
from jobstory.delivery.ask.intent import FAMILIES, STAGES
from jobstory.delivery.ask.text import QUESTION_WORDS, content_stems, tokens

#: Meaning alone: a sentence this close to the topic is about it.
SEMANTIC_ALONE = 0.55
#: Meaning with words: most topic words present and this close.
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
    return bool(family is not None and family_mask(index, family)[i])


def family_mask(index: StudyIndex, family: str) -> np.ndarray:
    """Which passages the coder put in `family` (a code or a timeline part), once per index."""
    key = f"family:{family}"
    if key not in index.masks:
        _, codes, parts = FAMILIES[family]
        index.masks[key] = np.fromiter(
            (bool(p.codes & codes or p.parts & parts) for p in index.passages), dtype=bool,
            count=len(index.passages))
    return index.masks[key]


def alternatives(topic: str) -> list[str]:
    """"price or cost" asks about either: each alternative is matched on its own."""
    parts = [p.strip() for p in re.split(r"\s+or\s+|\s*/\s*|\s*,\s*", topic) if p.strip()]
    if len(parts) > 1:
        tail = parts[-1].split()[1:]
        # "accountant or bookkeeper left": the words after the last noun belong to each one.
        parts = [p if len(p.split()) > 1 else " ".join([p, *tail]) for p in parts]
    return parts or [topic]


def _lexical(index: StudyIndex, topic: str, position: np.ndarray, size: int
             ) -> tuple[np.ndarray, np.ndarray]:
    """For each candidate, the share of the topic's word weight (rarer words weigh more) that
    the passage holds, over the words some passage of the study holds (a word nobody said
    can only be met by meaning: "paper ledger" in a study where people say "paper" and never
    "ledger" is a question about paper records); and whether it holds every topic word (a
    literal mention)."""
    stems = content_stems(topic, QUESTION_WORDS)
    out = np.zeros(size, dtype=np.float64)
    held = [s for s in stems if index.postings.get(s)]
    total = sum(index.idf_of(s) for s in held)
    if not total:
        return out, np.zeros(size, dtype=bool)
    for s in held:
        holders = position[np.asarray(index.postings[s], dtype=np.int64)]
        out[holders[holders >= 0]] += index.idf_of(s) / total
    out = np.minimum(out, 1.0)
    return out, (out >= 0.999) & (len(held) == len(stems))


_NAME = re.compile(r"(?<=[^\s.!?:;\"\u201c]\s)[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*")


def _names(index: StudyIndex) -> tuple[list[frozenset[str]], np.ndarray]:
    """Each passage's names (capitalised words after its sentence's first, lower-cased), and
    which passages have any, once per index."""
    if "names" not in index.masks:
        found = [frozenset(m.casefold() for m in _NAME.findall(p.text)) for p in index.passages]
        index.masks["names"] = (found, np.fromiter((bool(f) for f in found), dtype=bool,
                                                   count=len(found)))
    return index.masks["names"]


def _named(index: StudyIndex, words: set[str], i: int) -> str | None:
    """Passage `i`'s text with each name that holds a topic word inside it ("Ledgerly" for
    "ledger", not the topic word itself) put as "it", or None when it has none: a product's
    name is not its meaning."""
    names, _ = _names(index)
    if not any(name not in words and any(w in name for w in words) for name in names[i]):
        return None

    def plain(match: re.Match[str]) -> str:
        name = match.group(0).casefold()
        return "it" if name not in words and any(w in name for w in words) else match.group(0)

    return _NAME.sub(plain, index.passages[i].text)


def _without_names(index: StudyIndex, topic: str, option_vector: np.ndarray,
                   candidates: np.ndarray, semantic: np.ndarray) -> np.ndarray:
    """`semantic` with each close candidate whose closeness may come from a name (see
    `_named`) measured again on its words with the name put as "it" (embedded once per
    text and kept with the index)."""
    words = {t for t in tokens(topic) if len(t) >= 4}
    if not words:
        return semantic
    out = semantic.copy()
    _, has_name = _names(index)
    for n in np.flatnonzero((semantic >= SEMANTIC_WITH_WORDS) & has_name[candidates]):
        masked = _named(index, words, int(candidates[n]))
        if masked is None:
            continue
        key = f"unnamed:{masked}"
        if key not in index.masks:
            index.masks[key] = np.asarray(index.embed.encode([masked])[0], dtype=np.float32)
        out[n] = min(out[n], float(index.masks[key] @ option_vector))
    return out


@dataclass(frozen=True)
class _Scores:
    candidates: np.ndarray
    semantic: np.ndarray
    lexical: np.ndarray
    member: np.ndarray
    score: np.ndarray
    literal: np.ndarray  # holds every topic word

    def hits(self, chosen: np.ndarray) -> list[Hit]:
        """Hits for the chosen positions, best first; ties by passage order."""
        order = chosen[np.lexsort((self.candidates[chosen], -self.score[chosen]))]
        return [Hit(int(self.candidates[n]), round(float(self.score[n]), 6),
                    round(float(self.semantic[n]), 6), round(float(self.lexical[n]), 6),
                    bool(self.member[n])) for n in order]


def stage_mask(index: StudyIndex, stage: str, first: bool = False) -> np.ndarray:
    """Which passages some timeline puts in `stage` (see intent.STAGES), or in its first
    part only, once per index."""
    key = f"stage:{stage}:{first}"
    if key not in index.masks:
        parts = set(STAGES[stage][2][:1] if first else STAGES[stage][2])
        index.masks[key] = np.fromiter((bool(p.parts & parts) for p in index.passages),
                                       dtype=bool, count=len(index.passages))
    return index.masks[key]


def _scores(index: StudyIndex, topic: str, family: str | None,
            within: Iterable[int] | None, stage: str | None = None) -> _Scores:
    total = len(index.passages)
    candidates = (np.arange(total, dtype=np.int64) if within is None
                  else np.fromiter(within, dtype=np.int64))
    position = np.full(total, -1, dtype=np.int64)
    position[candidates] = np.arange(len(candidates))
    semantic = np.zeros(len(candidates), dtype=np.float32)
    lexical = np.zeros(len(candidates), dtype=np.float64)
    literal = np.zeros(len(candidates), dtype=bool)
    options = alternatives(topic) if topic.strip() else []
    if options and len(candidates):
        vectors = index.embed.encode(options)
        rows = index.vectors if within is None else index.vectors[candidates]
        for vector, option in zip(vectors, options):
            vector = np.asarray(vector, dtype=np.float32)
            semantic = np.maximum(semantic, _without_names(index, option, vector, candidates,
                                                           rows @ vector))
            share, whole = _lexical(index, option, position, len(candidates))
            lexical = np.maximum(lexical, share)
            literal |= whole
    member = (family_mask(index, family)[candidates] if family is not None
              else np.zeros(len(candidates), dtype=bool))
    score = semantic.astype(np.float64) + 0.35 * lexical + 0.1 * member
    if stage is not None:  # the moment the question frames: ranks its passages first
        score = score + 0.1 * stage_mask(index, stage)[candidates]
    return _Scores(candidates, semantic, lexical, member, score, literal)


def _mentions_mask(scores: _Scores, family: str | None) -> np.ndarray:
    semantic, lexical, member = scores.semantic, scores.lexical, scores.member
    found = ((semantic >= SEMANTIC_ALONE)
             | scores.literal
             | ((lexical >= WORDS_MOST) & (semantic >= SEMANTIC_WITH_WORDS))
             | (member & (semantic >= SEMANTIC_IN_FAMILY)))
    if family is not None:
        found &= member | (semantic >= SEMANTIC_ALONE)
    return found


def search(index: StudyIndex, topic: str, family: str | None = None, *,
           within: Iterable[int] | None = None, limit: int | None = None) -> list[Hit]:
    """The passages (of `within`, else all) scored against the topic, best first (the best
    `limit` of them); ties by position, so the order is the same on every run."""
    scores = _scores(index, topic, family, within)
    chosen = np.arange(len(scores.candidates))
    if limit is not None and limit < len(chosen):
        chosen = np.argpartition(-scores.score, limit - 1)[:limit]
    return scores.hits(chosen)


def mentions(index: StudyIndex, topic: str, family: str | None = None, *,
             within: Iterable[int] | None = None, stage: str | None = None) -> list[Hit]:
    """The passages that speak to the topic (see the module docstring), best first. With no
    topic words, every passage of the family counts; with neither, every passage a timeline
    puts in the stage. With a topic, the stage only ranks: a sentence about the topic speaks
    to it whether or not a timeline placed it (a survey answer has no timeline)."""
    if not topic.strip():
        if family is None and stage is None:
            return []
        candidates = (np.arange(len(index.passages), dtype=np.int64) if within is None
                      else np.fromiter(within, dtype=np.int64))
        if family is not None:
            chosen = candidates[family_mask(index, family)[candidates]]
            # Timeline evidence first (the coder put it in a part of someone's story), then
            # the passages closest in meaning to the family's own words.
            key, words, first = (f"vector:{family}", "; ".join(FAMILIES[family][0][:4]),
                                 _timeline_mask(index, family))
        else:  # the stage's passages, its first part's first
            assert stage is not None
            chosen = candidates[stage_mask(index, stage)[candidates]]
            key, words, first = (f"vector:stage:{stage}", STAGES[stage][0],
                                 stage_mask(index, stage, first=True))
        if not len(chosen):
            return []
        closeness = index.vectors[chosen] @ _vector(index, key, words)
        score = closeness.astype(np.float64) + first[chosen]
        scores = _Scores(chosen, closeness, np.zeros(len(chosen)), np.ones(len(chosen), bool),
                         score, np.zeros(len(chosen), bool))
        return scores.hits(np.arange(len(chosen)))
    scores = _scores(index, topic, family, within, stage)
    return scores.hits(np.flatnonzero(_mentions_mask(scores, family)))


def _vector(index: StudyIndex, key: str, words: str) -> np.ndarray:
    if key not in index.masks:
        index.masks[key] = np.asarray(index.embed.encode([words])[0], dtype=np.float32)
    return index.masks[key]


def _timeline_mask(index: StudyIndex, family: str) -> np.ndarray:
    key = f"timeline:{family}"
    if key not in index.masks:
        parts = FAMILIES[family][2]
        index.masks[key] = np.fromiter((bool(p.parts & parts) for p in index.passages),
                                       dtype=bool, count=len(index.passages))
    return index.masks[key]
