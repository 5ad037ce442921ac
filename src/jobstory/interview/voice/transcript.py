"""What every transcriber returns, and how its confidence is read from log-probabilities.

Confidence is the model's own: a segment's average token log-probability turned back into a
probability (`exp`), averaged over the answer by words. A word is marked for the participant
to check when the model gave it less than an even chance (`LOW_CONFIDENCE`): a convention,
not a value tuned on any data set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any, Protocol

#: `progress(seconds_done, seconds_total)` while a long recording is transcribed.
Progress = Callable[[float, float], None]

#: A word the model was less sure of than a coin toss is shown to the participant to check.
LOW_CONFIDENCE = 0.5


class TranscriptionError(Exception):
    """The audio could not be transcribed (unreadable file, transcriber unreachable...)."""


@dataclass(frozen=True)
class Word:
    text: str
    start: float
    end: float
    probability: float | None  # None: the transcriber did not say

    @property
    def low(self) -> bool:
        return self.probability is not None and self.probability < LOW_CONFIDENCE


@dataclass(frozen=True)
class Segment:
    start: float
    end: float
    text: str
    avg_logprob: float | None
    words: tuple[Word, ...] = ()

    @property
    def confidence(self) -> float | None:
        return None if self.avg_logprob is None else _probability(self.avg_logprob)


@dataclass(frozen=True)
class Transcript:
    segments: tuple[Segment, ...]
    duration: float
    language: str = "en"
    source: str = "embedded"  # which transcriber
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in self.segments if s.text.strip())

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    @property
    def confidence(self) -> float | None:
        """exp of the word-weighted mean log-probability of the segments; None if unknown."""
        return confidence(self.segments)

    def as_json(self) -> dict[str, Any]:
        """What the participant's page needs: the text, its confidence, the words to check."""
        value = self.confidence
        return {
            "text": self.text,
            "confidence": None if value is None else round(value, 3),
            "duration": round(self.duration, 2),
            "words": [{"text": w.text.strip(), "low": w.low,
                       "probability": None if w.probability is None else round(w.probability, 3)}
                      for w in self.words],
            "source": self.source,
        }


def _probability(logprob: float) -> float:
    return min(1.0, max(0.0, math.exp(logprob)))


def confidence(segments: tuple[Segment, ...] | list[Segment]) -> float | None:
    total = weight = 0.0
    for segment in segments:
        if segment.avg_logprob is None or not segment.text.strip():
            continue
        n = max(1, len(segment.words) or len(segment.text.split()))
        total += segment.avg_logprob * n
        weight += n
    return None if weight == 0 else _probability(total / weight)


class Transcriber(Protocol):
    """Speech to text. `audio` is a whole recording in any container PyAV reads."""

    name: str

    def transcribe(self, audio: bytes, *, filename: str = "audio.webm",
                   progress: Progress | None = None) -> Transcript: ...
