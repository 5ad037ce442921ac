"""The coder learns from the researcher: confirmed and corrected units become labelled
examples, and later coding lets the nearest of them vote beside the prototypes.

Why a nearest-example vote and not a refit: a study has tens of corrections, not thousands;
a vote needs no training, is deterministic, and only moves units that are close to something
a researcher actually looked at - everything else is coded exactly as before.

Where labels come from (`examples_from`): a quote moved into a theme carries that theme's
family (every family is a code) and loses the family of the theme it left; a quote taken out
of a theme loses that family; the quotes of an accepted job story keep their codes and carry
the part (situation, motivation, outcome) they are evidence for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from jobstory.learning.events import Decision, segment_key
from jobstory.synthesis.code import CODES

#: Neighbours that vote, and how close one must be (cosine) to vote at all. Chosen a priori:
#: MiniLM puts paraphrases above ~0.6 and unrelated talk below ~0.3.
NEIGHBOURS = 5
MIN_SIMILARITY = 0.5
#: The most a vote moves a probability (when the nearest example is a near-duplicate).
WEIGHT = 0.6


@dataclass(frozen=True)
class Example:
    text: str
    codes: tuple[str, ...]


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
    return [Example(text=segments[key]["text"], codes=tuple(c for c in CODES if c in codes))
            for key, codes in sorted(labelled.items())]


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms)


def nearest_vote(example_vectors: np.ndarray, example_labels: np.ndarray
                 ) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """The adjustment `jobstory.synthesis.code.LEARNED` takes: each unit's probabilities move
    toward the labels of its nearest examples, as far as the nearest one is close."""
    examples = _unit(np.asarray(example_vectors, dtype=np.float64))
    labels = np.asarray(example_labels, dtype=np.float64)

    def adjust(vectors: np.ndarray, probs: np.ndarray) -> np.ndarray:
        if len(examples) == 0 or len(vectors) == 0:
            return probs
        sims = _unit(np.asarray(vectors, dtype=np.float64)) @ examples.T
        k = min(NEIGHBOURS, len(examples))
        nearest = np.argsort(-sims, axis=1, kind="stable")[:, :k]
        close = np.take_along_axis(sims, nearest, axis=1)
        weights = np.clip((close - MIN_SIMILARITY) / (1.0 - MIN_SIMILARITY), 0.0, 1.0)
        total = weights.sum(axis=1, keepdims=True)
        vote = np.einsum("nk,nkc->nc", weights, labels[nearest]) / np.where(total == 0, 1, total)
        alpha = WEIGHT * weights.max(axis=1, keepdims=True)
        return np.round((1.0 - alpha) * probs + alpha * vote, 4)

    return adjust


def learned_coder(examples: list[Example], encode: Callable[[list[str]], np.ndarray]
                  ) -> Callable[[np.ndarray, np.ndarray], np.ndarray] | None:
    """The vote over `examples`, embedded with the run's own encoder; None without any."""
    if not examples:
        return None
    vectors = encode([e.text for e in examples])
    labels = np.array([[c in e.codes for c in CODES] for e in examples], dtype=np.float64)
    return nearest_vote(vectors, labels)
