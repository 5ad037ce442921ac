"""Interview quality: 1 (thin) to 5 (rich), with reasons a researcher can act on, and the
report's gate (interviews under `GATE` are listed but left out of the counts).

A switch interview is worth counting when the person told real episodes, walked the timeline
and talked freely. Four components, each 0..1, read from the participant's answers (one answer
= one exchange: the interviewer's question and everything the participant said to it):

- depth (weight 0.35): concrete episodes told, i.e. answers with at least one sentence the
  specificity assessor scores concrete (>= 0.6: a time, a place, a person, a number, a
  past-tense story), over `FULL_EPISODES`.
- coverage (weight 0.25): how much of the switch timeline the answers cover, of five stages
  (first thought or struggling moment; looking; deciding; first use; what changed). An answer
  covers its question's stage only when it says something (four words or more); a stage no
  question asked about is named as never asked, so a thin guide is not read as a thin
  participant.
- engagement (weight 0.25): the median words per answer over `ENGAGED_WORDS` (a
  participant who answers "Yes." to everything is not engaged, however many questions).
- probes (weight 0.15): 1 - the share of answers the assessor calls vague, i.e. that an
  interviewer would have had to probe.

Coverage is unmeasured when no answer's question was placed on the timeline (a survey, or a
transcript whose questions could not be classified); its weight is then shared among the
others in proportion. The score is 1 + 4 x composite, rounded half up. No answers: 1.
The constants are round numbers for a 30-60 minute interview, not fitted to any data set.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from jobstory.plural import plural
from jobstory.synthesis.exchanges import Exchange
from jobstory.synthesis.sources import Parsed, Segment

WEIGHTS = {"depth": 0.35, "coverage": 0.25, "engagement": 0.25, "probes": 0.15}
CONCRETE = 0.6  # a sentence at or above this specificity tells something concrete
FULL_EPISODES = 4  # this many concrete answers is a deep interview
ENGAGED_WORDS = 40  # median words per answer of someone talking freely
SAYS_SOMETHING = 4  # words an answer needs to cover its question's stage
GATE = 3  # interviews scoring below this are left out of the report's counts

#: The switch timeline's stages, by the question phases that belong to each.
STAGES: tuple[tuple[str, frozenset[str]], ...] = (
    ("the struggling moment", frozenset({"first_thought", "struggling_moment"})),
    ("looking", frozenset({"passive_looking", "active_looking"})),
    ("deciding", frozenset({"deciding"})),
    ("first use", frozenset({"first_use"})),
    ("what changed", frozenset({"what_changed"})),
)
_WORDS = re.compile(r"\w+(?:['\u2019]\w+)*")


@dataclass(frozen=True)
class Answer:
    """One answer: its sentences' specificity, its words, its question's timeline phase
    ("" when unknown) and whether the assessor calls it vague."""

    words: int
    specificities: tuple[float, ...]
    phase: str
    vague: bool


def _r4(value: float) -> float:
    rounded = round(float(value), 4)
    return 0.0 if rounded == 0 else rounded


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


def score_interview(answers: Sequence[Answer]) -> dict[str, Any]:
    """Score one interview: `{"score": 1..5, "reasons": [...], "components": {...}}`.

    `components` gives, per component, `value` (what was measured), `score` (0..1) and
    `weight` (after sharing out an unmeasured one), plus `composite`.
    """
    if not answers:
        components: dict[str, Any] = {name: {"value": None, "score": None, "weight": 0.0}
                                      for name in WEIGHTS}
        components["composite"] = 0.0
        return {"score": 1, "reasons": ["no participant answers"], "components": components}
    reasons: list[str] = []
    raw: dict[str, tuple[float | int | str, float] | None] = {}

    episodes = sum(1 for a in answers
                   if any(s >= CONCRETE for s in a.specificities if not math.isnan(s)))
    raw["depth"] = (episodes, _clamp(episodes / FULL_EPISODES))
    reasons.append("no concrete episode told" if episodes == 0 else
                   f"{plural(episodes, 'answer')} told a concrete episode")

    placed = [a for a in answers if a.phase]
    if placed:
        told = {name for name, phases in STAGES
                if any(a.phase in phases and a.words >= SAYS_SOMETHING for a in placed)}
        asked = {name for name, phases in STAGES if any(a.phase in phases for a in placed)}
        covered = [name for name, _ in STAGES if name in told]
        missing = [name if name in asked else f"{name}: never asked"
                   for name, _ in STAGES if name not in told]
        raw["coverage"] = (f"{len(covered)}/{len(STAGES)}", len(covered) / len(STAGES))
        reasons.append(f"covered {len(covered)} of {len(STAGES)} timeline stages"
                       + (f" (not {', '.join(missing)})" if missing else ""))
    else:
        raw["coverage"] = None
        reasons.append("timeline coverage unknown (no question placed on the timeline)")

    median = statistics.median(a.words for a in answers)
    raw["engagement"] = (median, _clamp(median / ENGAGED_WORDS))
    reasons.append(f"{median:g} words per answer (median) over {plural(len(answers), 'answer')}")

    vague = sum(1 for a in answers if a.vague)
    raw["probes"] = (_r4(vague / len(answers)), 1.0 - vague / len(answers))
    reasons.append("no answer needed a probe" if vague == 0 else
                   f"{vague} of {len(answers)} answers were vague enough to need a probe")

    measured = {name: value for name, value in raw.items() if value is not None}
    total = sum(WEIGHTS[name] for name in measured)
    composite = sum(WEIGHTS[name] * value[1] for name, value in measured.items()) / total
    score = max(1, min(5, 1 + math.floor(4 * composite + 0.5)))
    components = {name: {"value": None if value is None else value[0],
                         "score": None if value is None else _r4(value[1]),
                         "weight": 0.0 if value is None else _r4(WEIGHTS[name] / total)}
                  for name, value in raw.items()}
    components["composite"] = _r4(composite)
    return {"score": score, "reasons": reasons, "components": components}


def gate(records: Sequence[dict[str, Any]], *, include_low_quality: bool = False
         ) -> set[str]:
    """The participants left out of the counts: those whose every interview scored under
    `GATE` (none when `include_low_quality`)."""
    if include_low_quality:
        return set()
    best: dict[str, int] = {}
    for record in records:
        person = record["participant"]
        best[person] = max(best.get(person, 0), int(record["score"]))
    return {person for person, score in best.items() if score < GATE}


def conversations(parsed: Sequence[Parsed]) -> set[str]:
    """The sources that are interviews: someone asked the questions aloud (a survey's
    answers, read from columns, are counted as answers and never scored as interviews)."""
    return {p.source.id for p in parsed if any(u.role == "interviewer" for u in p.utterances)}


def interview_quality(segments: Sequence[Segment], exchange_index: Sequence[int],
                      exchanges: Sequence[Exchange], interviews: Collection[str]
                      ) -> list[dict[str, Any]]:
    """One record per interview (a source in `interviews`, and a participant in it):
    `interview`, `participant`, `score`, `reasons`, `components`. Sentences group into
    answers by their exchange; a sentence outside any exchange is an answer of its own."""
    from jobstory.interview.specificity import scored

    grouped: dict[tuple[str, str], dict[object, list[Segment]]] = {}
    phase_of: dict[object, str] = {}
    for position, (seg, k) in enumerate(zip(segments, exchange_index)):
        if seg.source_id not in interviews:
            continue
        key: object = k if k >= 0 else ("alone", position)
        grouped.setdefault((seg.source_id, seg.participant), {}).setdefault(key, []).append(seg)
        phase_of[key] = exchanges[k].phase if k >= 0 else ""
    records = []
    for (source, person), by_answer in sorted(grouped.items()):
        answers = []
        for key, sentences in by_answer.items():
            text = " ".join(s.text for s in sentences)
            answers.append(Answer(
                words=word_count(text),
                specificities=tuple(scored(s.text).specificity
                                    for s in sentences),
                phase=phase_of[key], vague=scored(text).vague))
        records.append({"interview": source, "participant": person, **score_interview(answers)})
    return records


__all__ = ["GATE", "WEIGHTS", "Answer", "conversations", "gate", "interview_quality",
           "score_interview", "word_count"]
