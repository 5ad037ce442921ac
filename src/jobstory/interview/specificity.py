"""Is this interview answer a concrete story or a vague generality?

Pure Python (regular expressions and word lists): no network, no model, no embeddings, so it
runs inside the request that stores an answer (p95 well under 5 ms, see
`benchmarks/specificity.py`).

A good switch-interview answer tells what happened: a time ("last March"), a place, people
("our accountant"), numbers ("$40 a month"), events in the past tense ("I opened the
laptop and..."), named alternatives ("we tried Xero and a spreadsheet"). A vague one is
generic, hedged, hypothetical or evasive ("it was just annoying", "I guess it's easier",
"usually it works fine", "I'd rather not say"). Length does not decide: the score weighs
evidence of a concrete story against markers of vagueness, each with diminishing returns.

`missing` uses this fixed vocabulary (see `DIMENSIONS`):

- ``event``        nothing that happened: no past-tense action ("sent", "quit", "crashed")
- ``time``         no anchor in time ("in March", "two weeks before the audit", "at 2am")
- ``example``      no concrete instance: neither an event nor "for example" / "one time"
- ``people``       no specific person or role ("my co-founder", "our accountant", "Priya")
- ``numbers``      no real quantity ("$40", "3 hours", "five apps"; hyperbole does not count)
- ``alternatives`` no named product or workaround ("Xero", "a spreadsheet", "pen and paper")
- ``place``        no setting ("at the kitchen table", "on the bus", "in Lisbon")

The order of `missing` puts first what matters most for the question's phase or force.

The word lists are English. An answer in another language or script is never called vague
(its specificity is raised to the threshold): the scorer cannot judge it, and an English probe
would be the wrong reply. Empty or whitespace-only answers score 0 and are vague.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jobstory.interview import answer_lexicon as lex

if TYPE_CHECKING:  # pragma: no cover - typing only
    from jobstory.domain import Question

__all__ = [
    "DIMENSIONS",
    "MAX_CHARS",
    "THRESHOLD",
    "Assessment",
    "assess",
    "dimension_order",
    "vague_spans",
]

DIMENSIONS: tuple[str, ...] = (
    "event",
    "time",
    "example",
    "people",
    "numbers",
    "alternatives",
    "place",
)

# Only the first MAX_CHARS characters are scored (about 350 words, two minutes of talk): an
# answer that long has shown whether it tells a story, and the cap bounds the cost of a call
# (about 2.5 ms of CPU at the cap, whatever the answer's length).
MAX_CHARS = 2000

# An answer is vague when its specificity is below this.
THRESHOLD = 0.5

# Which dimensions matter first for a phase of the switch timeline or a force of progress.
# Dimensions not listed follow in DIMENSIONS order.
_PHASE_ORDER: dict[str, tuple[str, ...]] = {
    "first_thought": ("event", "time", "place", "people", "example"),
    "passive_looking": ("event", "example", "alternatives", "time", "people"),
    "active_looking": ("alternatives", "event", "time", "people", "numbers"),
    "deciding": ("event", "people", "alternatives", "numbers", "time"),
    "first_use": ("event", "time", "example", "people", "place"),
    "push": ("event", "example", "time", "numbers", "people"),
    "pull": ("example", "event", "alternatives", "people"),
    "anxiety": ("event", "example", "people", "time"),
    "habit": ("alternatives", "example", "event", "time", "numbers"),
}


@dataclass(frozen=True)
class Assessment:
    """What the scorer thinks of one answer."""

    text: str
    specificity: float
    vague: bool
    missing: tuple[str, ...]
    probe: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "specificity": self.specificity,
            "vague": self.vague,
            "missing": list(self.missing),
            "probe": self.probe,
        }


# ----------------------------------------------------------------------------- features


@dataclass(frozen=True)
class _Features:
    words: int
    time: int
    numbers: int
    people: int
    names: int
    events: int
    alternatives: int
    place: int
    instance: int
    hedges: int
    fillers: int
    generic: int
    hypothetical: int
    evasion: int
    generic_you: int
    hyperbole: int


def _at_sentence_start(text: str, index: int) -> bool:
    """Whether the token at `index` opens a sentence (or the answer)."""
    i = index - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in lex.OPENERS


def _proper_nouns(text: str) -> int:
    """Capitalised tokens that are not the first word of a sentence: names, products, places.

    A sentence-initial word counts only when its shape gives it away ("HubSpot", "N26").
    """
    count = 0
    for match in lex.CAPITALISED.finditer(text):
        token = match.group(0).rstrip(".'")
        lowered = token.lower()
        if lowered in lex.NOT_NAMES or lex.MONTH_DAY_WORD.match(lowered):
            continue
        if token.isupper() and len(token) <= 1:
            continue
        inner_shape = any(c.isupper() or c.isdigit() for c in token[1:])
        if not inner_shape and _at_sentence_start(text, match.start()):
            continue
        count += 1
    return count


def _past_events(words: list[str]) -> int:
    count = 0
    previous = ""
    before_previous = ""
    for lowered in words:
        if lowered in lex.IRREGULAR or (
            len(lowered) > 4 and lowered.endswith("ed") and lowered not in lex.STATE_ED
        ):
            if previous not in lex.STATE_BEFORE and not (
                (previous in {"of", "a"} and before_previous in {"kind", "sort", "bit"})
                or before_previous in {"if", "unless", "wish"}
            ):
                count += 1
        before_previous, previous = previous, lowered
    return count


def _prepare(text: str) -> tuple[str, str]:
    """The scored part of `text` and a lower-cased copy with the same character offsets.

    The word patterns are written in lower case and run on the copy: matching without
    IGNORECASE is several times faster.
    """
    clean = text[:MAX_CHARS].replace("\u2019", "'").replace("\u2018", "'")
    lowered = clean.lower()
    if len(lowered) != len(clean):  # a few characters lower-case to two ("İ")
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in clean)
    return clean, lowered


def _features(text: str) -> _Features:
    clean, low = _prepare(text)
    words = lex.WORD.findall(low)
    without_vague_quant = lex.VAGUE_QUANT.sub(" ", low)
    hyperbole = len(lex.HYPERBOLE.findall(low))
    numbers = (
        len(lex.DIGITS.findall(without_vague_quant))
        + len(lex.NUMWORDS.findall(without_vague_quant))
        + len(lex.CURRENCY.findall(without_vague_quant))
        - hyperbole
    )
    names = _proper_nouns(clean)
    alternative_verbs = len(lex.ALT_VERBS.findall(low))
    alternatives = len(lex.ALT_WORDS.findall(low)) + (
        min(alternative_verbs, names) if names else 0
    )
    return _Features(
        words=len(words),
        time=len(lex.TIME.findall(low)),
        numbers=max(numbers, 0),
        people=len(lex.PEOPLE.findall(low)),
        names=names,
        events=_past_events(words),
        alternatives=alternatives,
        place=len(lex.PLACE.findall(low)),
        instance=len(lex.INSTANCE.findall(low)),
        hedges=len(lex.HEDGES.findall(low)),
        fillers=len(lex.FILLER.findall(low)),
        generic=len(lex.GENERIC.findall(low)),
        hypothetical=len(lex.HYPOTHETICAL.findall(low)),
        evasion=len(lex.EVASION.findall(low)),
        generic_you=len(lex.GENERIC_YOU.findall(low)),
        hyperbole=hyperbole,
    )


# ------------------------------------------------------------------------------ scoring

# Evidence of a concrete story: (weight, cap). Counts above the cap add nothing more.
_CONCRETE = {
    "time": (1.3, 2),
    "numbers": (1.1, 3),
    "people": (0.9, 2),
    "names": (0.9, 3),
    "events": (0.8, 4),
    "alternatives": (0.7, 2),
    "place": (0.8, 2),
    "instance": (0.5, 1),
}
# Markers of vagueness, weighed by density: a rate per 10 words, square-rooted, so that a
# single "I guess" in a long story costs little while a ramble made of them costs a lot.
_VAGUE = {
    "hedges": 1.0,
    "fillers": 1.0,
    "generic": 0.9,
    "hypothetical": 0.6,
    "generic_you": 0.5,
}
_EVASION_WEIGHT = 1.6
_HYPERBOLE_WEIGHT = 0.8
_BIAS = -0.9
_STEEPNESS = 1.4
_INTENT_BONUS = 1.2

# What a question asks for, so that an answer giving exactly that counts ("Who else was
# involved?" -> "My partner.").
_INTENTS = (
    ("people", re.compile(r"\bwho(?:m|se)?\b", re.IGNORECASE)),
    ("time", re.compile(r"\bwhen\b|\bhow long ago\b|\bwhat (?:day|month|year)\b", re.I)),
    (
        "numbers",
        re.compile(r"\bhow (?:much|many|often|long)\b|\bcost\b|\bprice\b|\bpa(?:y|id)\b", re.I),
    ),
    (
        "alternatives",
        re.compile(
            r"\bwhich (?:options|ones|tools|apps|products)\b|\bwhat else\b|\btr(?:y|ied)\b"
            r"|\blook at\b|\busing\b",
            re.I,
        ),
    ),
    ("place", re.compile(r"\bwhere\b", re.IGNORECASE)),
)


@lru_cache(maxsize=512)
def _intents_of(text: str) -> frozenset[str]:
    return frozenset(dim for dim, pattern in _INTENTS if pattern.search(text))


def _question_intents(question: Question | None) -> frozenset[str]:
    text = getattr(question, "text", None) if question is not None else None
    return _intents_of(text) if isinstance(text, str) else frozenset()


def _present(features: _Features, text: str, intents: frozenset[str]) -> set[str]:
    present: set[str] = set()
    if features.events:
        present.add("event")
    if features.time:
        present.add("time")
    if features.events or features.instance:
        present.add("example")
    if features.people or ("people" in intents and lex.SELF.search(_prepare(text)[1])):
        present.add("people")
    if features.numbers:
        present.add("numbers")
    if features.alternatives or (features.names and "alternatives" in intents):
        present.add("alternatives")
    if features.place:
        present.add("place")
    return present


def _raw_score(features: _Features, present: set[str], intents: frozenset[str]) -> float:
    concrete = sum(
        weight * min(getattr(features, name), cap) for name, (weight, cap) in _CONCRETE.items()
    )
    # Answering exactly what the question asked ("Who else was involved?" -> "My partner.")
    concrete += _INTENT_BONUS * len(intents & present)
    per_ten = 10.0 / max(features.words, 4)
    vague = sum(
        weight * math.sqrt(getattr(features, name) * per_ten) for name, weight in _VAGUE.items()
    )
    vague += _EVASION_WEIGHT * min(features.evasion, 2) + _HYPERBOLE_WEIGHT * min(
        features.hyperbole, 2
    )
    return concrete - vague + _BIAS


def dimension_order(question: Question | None) -> tuple[str, ...]:
    """The dimensions, most relevant first for the question's phase (or force)."""
    keys = []
    if question is not None:
        keys = [getattr(question, "phase", None), getattr(question, "force", None)]
    for key in keys:
        if isinstance(key, str) and key in _PHASE_ORDER:
            first = _PHASE_ORDER[key]
            return first + tuple(d for d in DIMENSIONS if d not in first)
    return DIMENSIONS


def _looks_english(text: str, words: int) -> bool:
    """False for an answer written in another language or script."""
    head = _prepare(text)[1]
    letters = [ch for ch in head if ch.isalpha()]
    foreign_script = sum(not "a" <= ch <= "z" and ch not in _LATIN_ACCENTED for ch in letters)
    if foreign_script > len(letters) / 2:
        return False  # mostly a non-Latin script (Cyrillic, CJK, Arabic, ...)
    if words < 4:
        return True
    foreign = len(lex.FOREIGN.findall(head))
    return foreign < 2 or foreign <= len(lex.ENGLISH.findall(head))


_LATIN_ACCENTED = frozenset("àáâãäåæçèéêëìíîïñòóôõöøœùúûüýÿß")


def _score(text: str, question: Question | None) -> tuple[float, tuple[str, ...], _Features]:
    features = _features(text)
    intents = _question_intents(question)
    present = _present(features, text, intents)
    if not any(ch.isalnum() for ch in text[:MAX_CHARS]):  # empty, blank, emoji or punctuation
        specificity = 0.0
    else:
        raw = _raw_score(features, present, intents)
        specificity = 1.0 / (1.0 + math.exp(-_STEEPNESS * raw))
        if not _looks_english(text, features.words):
            # The word lists are English: an answer in another language cannot be judged,
            # so it is never called vague (an English probe would be the wrong reply anyway).
            specificity = max(specificity, THRESHOLD)
    missing = tuple(d for d in dimension_order(question) if d not in present)
    return round(specificity, 4), missing, features


def vague_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the vague markers in `text`, in order of position.

    `kind` is one of "evasion", "hedge", "filler", "generic", "hyperbole", "hypothetical".
    Used by the probe library to echo the participant's own vague phrase.
    """
    low = _prepare(text)[1]
    spans: list[tuple[int, int, str]] = []
    for kind, pattern in (
        ("evasion", lex.EVASION),
        ("hyperbole", lex.HYPERBOLE),
        ("hedge", lex.HEDGES),
        ("filler", lex.FILLER),
        ("generic", lex.GENERIC),
        ("hypothetical", lex.HYPOTHETICAL),
    ):
        for match in pattern.finditer(low):
            if match.end() > match.start():
                spans.append((match.start(), match.end(), kind))
    spans.sort()
    return spans


def assess(
    text: str, question: Question | None = None, *, asked: Sequence[str] = (),
    with_probe: bool = True,
) -> Assessment:
    """Score one answer; when it is vague, pick a neutral probe not already in `asked`.

    Synthesis only needs the score, so it passes `with_probe=False` and skips choosing one.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    specificity, missing, _ = _score(text, question)
    vague = specificity < THRESHOLD
    probe = None
    if vague and with_probe:
        from jobstory.interview.probes import choose_probe

        probe = choose_probe(text, missing, question, asked)
    return Assessment(
        text=text, specificity=specificity, vague=vague, missing=missing, probe=probe
    )


@lru_cache(maxsize=65536)
def scored(text: str) -> Assessment:
    """`assess(text, with_probe=False)`, read once per text: synthesis scores the same
    sentences for the timelines, the interview quality and the takeaways."""
    return assess(text, with_probe=False)
