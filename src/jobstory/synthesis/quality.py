"""Interview quality score: 1 (thin) to 5 (rich), with reasons a researcher can act on.

Four components, each scaled to 0..1:

- specificity (weight 0.40): the mean specificity of the participant's answers, as scored by
  the interview's specificity assessor (0 = vague and generic, 1 = concrete: times, places,
  people, numbers, a past-tense story).
- coverage (weight 0.25): questions answered / questions asked (or the guide's size when
  known), capped at 1.
- probes (weight 0.15): 1 - the share of answers that needed a probe. Needing probes is
  not a fault of the participant, but an interview that needed one on every answer
  usually holds less first-hand detail.
- length (weight 0.20): the participant's words / 600, capped at 1. Below 250 words the
  interview is called short.

The composite is the weighted mean of the components that can be measured: when the guide's
size is unknown there is no coverage component, and when there are no scored answers there is
no specificity component; their weight is shared among the others in proportion. The score is
1 + 4 x composite, rounded half up, so 0 -> 1 and 1 -> 5. An interview with no participant
answers scores 1. Everything is deterministic.

`components` reports, per component, `value` (what was measured: mean specificity, answered /
total, share of answers probed, participant words), `score` (0..1, higher is better) and
`weight` (its effective weight after sharing out the unmeasurable ones), plus `composite`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

WEIGHTS = {"specificity": 0.40, "coverage": 0.25, "probes": 0.15, "length": 0.20}
FULL_LENGTH_WORDS = 600
SHORT_WORDS = 250
CONCRETE = 0.6  # mean specificity at or above: "most answers were concrete"
VAGUE = 0.4  # below: "most answers were vague"


def _r4(value: float) -> float:
    rounded = round(float(value), 4)
    return 0.0 if rounded == 0 else rounded


def _measure(value: float) -> float | int:
    return value if isinstance(value, int) else _r4(value)


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def score_interview(
    *,
    specificities: Sequence[float],
    answered: int,
    total_questions: int | None,
    probes: int,
    words: int,
) -> dict[str, Any]:
    """Score one interview. Returns `{"score": 1..5, "reasons": [...], "components": {...}}`."""
    answered = max(0, int(answered))
    probes = max(0, int(probes))
    words = max(0, int(words))
    specs = [_clamp(float(s)) for s in specificities if s is not None and not math.isnan(s)]
    answers = max(len(specs), answered)

    # name -> (what was measured, its 0..1 score); None when it cannot be measured
    raw: dict[str, tuple[float | int, float] | None] = {}
    reasons: list[str] = []

    if specs:
        mean = sum(specs) / len(specs)
        raw["specificity"] = (mean, mean)
        if mean >= CONCRETE:
            reasons.append(f"most answers were concrete (mean specificity {mean:.2f})")
        elif mean >= VAGUE:
            reasons.append(
                f"answers were a mix of concrete and vague (mean specificity {mean:.2f})"
            )
        else:
            reasons.append(f"most answers were vague (mean specificity {mean:.2f})")
    else:
        raw["specificity"] = None

    if total_questions:
        ratio = answered / total_questions
        raw["coverage"] = (ratio, _clamp(ratio))
        reasons.append(f"covered {answered} of {total_questions} questions")
    else:
        raw["coverage"] = None
        reasons.append(f"answered {_plural(answered, 'question')} (guide size unknown)")

    if answers:
        share = min(1.0, probes / answers)
        raw["probes"] = (share, 1.0 - share)
    else:
        raw["probes"] = None
    reasons.append("needed no probes" if probes == 0 else f"needed {_plural(probes, 'probe')}")

    raw["length"] = (words, _clamp(words / FULL_LENGTH_WORDS))
    if words < SHORT_WORDS:
        reasons.append(f"short: {_plural(words, 'word')}")
    else:
        reasons.append(f"{words:,} participant words")

    measured = {name: value for name, value in raw.items() if value is not None}
    total_weight = sum(WEIGHTS[name] for name in measured)
    if answers == 0 or not total_weight:
        composite = 0.0
        reasons.insert(0, "no participant answers")
    else:
        composite = sum(WEIGHTS[name] * value[1] for name, value in measured.items()) / total_weight
    score = max(1, min(5, 1 + math.floor(4 * composite + 0.5)))

    components: dict[str, Any] = {}
    for name, value in raw.items():
        components[name] = {
            "value": None if value is None else _measure(value[0]),
            "score": None if value is None else _r4(value[1]),
            "weight": (
                _r4(WEIGHTS[name] / total_weight) if value is not None and total_weight else 0.0
            ),
        }
    components["composite"] = _r4(composite)
    return {"score": score, "reasons": reasons, "components": components}
