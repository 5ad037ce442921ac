"""The coder learns from the researcher: confirmed and corrected units become labelled
examples, and later coding lets the nearest of them correct it (`jobstory.learning.nearest`).

Why nearest examples and not a refit: a study has tens of corrections, not thousands;
nearest examples need no training, are deterministic, and only move units that are close to
something a researcher actually looked at - everything else is coded exactly as before.

Where labels come from (`examples_from`): a quote moved into a theme carries that theme's
family (every family is a code) and loses the family of the theme it left; a quote taken out
of a theme loses that family; the quotes of an accepted job story keep their codes and carry
the part (situation, motivation, outcome) they are evidence for. Each example keeps the
question it answered, which is half of what makes another unit near it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from jobstory.learning.events import Decision, segment_key
from jobstory.learning.nearest import (
    Adjust,
    margins,
    nearest_correction,
    question_rows,
    shifts,
)
from jobstory.synthesis.code import (
    CODES,
    LEARNED,
    CodeContext,
    codable,
    code_units,
    unit_features,
)

if TYPE_CHECKING:
    from jobstory.synthesis.embed import Embedder


@dataclass(frozen=True)
class Example:
    text: str
    codes: tuple[str, ...]
    question: str | None = None  # what the unit answered, when it answered a question
    phase: str | None = None  # that question's place in the switch timeline, when known
    force: str | None = None  # the force of progress it asked about, when it asked about one


def examples_from(analysis: dict[str, Any], decisions: list[Decision]) -> list[Example]:
    """Labelled units from the decisions in force, read against the analysis they were made
    on (the last good run, as corrected). Later decisions about a unit override earlier ones."""
    segments = {s["id"]: s for s in analysis.get("segments", []) if isinstance(s, dict)}
    by_text = {(s.get("source"), s.get("text")): s for s in segments.values()}
    families = {t["id"]: t.get("family") for t in analysis.get("themes", [])
                if isinstance(t, dict)}
    for decision in decisions:  # themes since merged or split keep their family in anchors
        if decision.action in ("rename_theme", "merge_themes", "split_theme"):
            families.setdefault(decision.target, decision.anchor.get("family"))
    labelled: dict[str, set[str]] = {}

    def find(key: str, anchor: dict[str, Any]) -> dict[str, Any] | None:
        return segments.get(key) or by_text.get((anchor.get("source"), anchor.get("text")))

    def codes_of(segment: dict[str, Any]) -> set[str]:
        return labelled.get(segment["id"], set(segment.get("codes", [])))

    for decision in decisions:
        if decision.action in ("move_quote", "reject_quote"):
            segment = find(decision.target, decision.anchor)
            if segment is None:
                continue
            codes = codes_of(segment)
            left = decision.anchor.get("themes", []) if decision.action == "move_quote" \
                else [decision.value] if decision.value else decision.anchor.get("themes", [])
            codes -= {families.get(t) for t in left if families.get(t)}
            if decision.action == "move_quote" and families.get(str(decision.value)):
                codes.add(str(families[str(decision.value)]))
            labelled[segment["id"]] = codes & set(CODES)
        elif decision.action == "accept_story":
            story = next((s for s in analysis.get("job_stories", [])
                          if s.get("id") == decision.target), None)
            for part in ("situation", "motivation", "outcome"):
                for quote in ((story or {}).get(part) or {}).get("quotes", []):
                    segment = segments.get(segment_key(quote))
                    if segment is not None:
                        labelled[segment["id"]] = codes_of(segment) | {part}
    return [Example(text=segments[key]["text"], codes=tuple(c for c in CODES if c in codes),
                    question=segments[key].get("question_text") or None,
                    phase=segments[key].get("phase") or None,
                    force=segments[key].get("force") or None)
            for key, codes in sorted(labelled.items())]


def learned_coder(examples: list[Example], embedder: Embedder) -> Adjust | None:
    """The nearest-example correction over `examples`, each coded by the base coder with the
    run's own embedder to see what it needed; None without any. Units the coder never codes
    (fillers) teach nothing: their zero probabilities would ask for an unbounded shift."""
    examples = [e for e in examples if codable(e.text)]
    if not examples:
        return None
    texts = [e.text for e in examples]
    # read as the run reads the unit, so the shift it needed is measured from the same place
    contexts = [CodeContext(question_text=e.question, phase=e.phase, force=e.force)
                for e in examples]
    vectors = np.asarray(embedder.encode(texts), dtype=np.float32)
    untaught = LEARNED.set(None)
    try:
        coded = code_units(texts, contexts, embedder=embedder, vectors=vectors)
    finally:
        LEARNED.reset(untaught)
    probs = np.array([[coding.scores[c] for c in CODES] for coding in coded])
    features = unit_features(texts, contexts, embedder=embedder, vectors=vectors)
    labels = np.array([[c in e.codes for c in CODES] for e in examples], dtype=bool)
    questions = question_rows([e.question for e in examples], embedder.encode,
                              vectors.shape[1])
    return nearest_correction(vectors, questions, shifts(margins(probs, features), labels),
                              embedder.encode)
