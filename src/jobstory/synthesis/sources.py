"""What synthesis reads: sources, the utterances in them, and the units it codes.

Every object keeps `(source_id, start, end)` character offsets into `Source.text`, and the
invariant `source.text[start:end] == obj.text` holds for every `Utterance` and `Segment`.
That is what makes a quote in a report checkable against the words a person said.

- For a file, `Source.text` is the file decoded as UTF-8 exactly (a leading BOM removed,
  newlines kept as they are, CRLF included).
- For a jobstory transcript (JSON or the store), `Source.text` is a deterministic plain-text
  rendering of the turns (see `ingest/transcript_json.py`), so the same invariant holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SpeakerRole = Literal["participant", "interviewer"]


@dataclass(frozen=True)
class Source:
    """One transcript or survey file. `id` is its path relative to the root that was read,
    POSIX style ("batch-2/acme-03.vtt"), so it is the same on every machine."""

    id: str
    path: str
    format: str
    text: str


@dataclass(frozen=True)
class Utterance:
    """A contiguous stretch of one speaker's words: `source.text[start:end] == text`.

    `participant` is None for the interviewer. `question_text` is what the interviewer said
    last before this participant turn (context for coding); `line` is 1-based in `Source.text`.
    """

    source_id: str
    speaker: str
    role: SpeakerRole
    participant: str | None
    start: int
    end: int
    text: str
    question_id: str | None
    question_text: str | None
    line: int


@dataclass(frozen=True)
class StructuredAnswer:
    """A scale / choice / yes-no answer: counted, never coded."""

    source_id: str
    participant: str
    question_id: str
    question_text: str
    kind: str
    value: int | str | list[str]
    line: int


@dataclass(frozen=True)
class IngestError:
    """A file that could not be read, and why. `str()` is "path:line: message"."""

    source_id: str
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return f"{self.source_id}: {self.message}"
        return f"{self.source_id}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Parsed:
    """One source and everything read from it, in source order.

    `questions` holds the guide's question objects by id when the source carries them (jobstory
    transcripts do): their kind, options, phase and force give synthesis context to code with.
    """

    source: Source
    utterances: list[Utterance] = field(default_factory=list)
    structured: list[StructuredAnswer] = field(default_factory=list)
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class Segment:
    """A unit of participant speech (a sentence or clause) that synthesis embeds and codes.

    `id` is deterministic: "<source_id>#<start>-<end>".
    """

    id: str
    source_id: str
    participant: str
    start: int
    end: int
    text: str
    question_id: str | None
    question_text: str | None
