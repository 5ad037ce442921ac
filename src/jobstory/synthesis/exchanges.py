"""Exchanges: one interviewer question and the participant's whole answer to it.

An answer means what it means in reply to its question, so the exchange, not the sentence, is
the unit a researcher reads. An answer runs across cues, lines and the interviewer's
back-channels ("Mm-hm.", "Oof.", "So nobody came in."): an interviewer turn that asks nothing
and is short does not open a new exchange. Sentences inside an exchange stay the evidence
spans with their own offsets (`segment.py`); an exchange only records where its answer lies.

Survey rows and jobstory transcripts carry their question on each answer, so a change of
question (or of participant) opens a new exchange there too.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from jobstory.synthesis.ingest.common import shorten
from jobstory.synthesis.ingest.speakers import is_question
from jobstory.synthesis.sources import Parsed, Segment

#: An interviewer turn of at most this many words that asks nothing is a back-channel.
BACKCHANNEL_WORDS = 8


@dataclass(frozen=True)
class Exchange:
    """Where one answer lies, and what it answered. `ordinal` counts the participant's
    exchanges in this source from 0; `phase` and `force` are filled by `questions.classify`."""

    id: str
    source_id: str
    participant: str
    ordinal: int
    question: str | None
    question_id: str | None
    start: int
    end: int
    phase: str = ""
    force: str | None = None


def _backchannel(text: str) -> bool:
    return not is_question(text) and len(text.split()) <= BACKCHANNEL_WORDS


@dataclass
class _Answer:
    """An exchange while its answer is still being read."""

    participant: str
    question: str | None
    question_id: str | None
    asked_as: str | None  # the utterance's own question text, for sources without turns
    start: int
    end: int
    ordinal: int


def build_exchanges(parsed: Sequence[Parsed]) -> list[Exchange]:
    """Every exchange of every source, in source order."""
    found: list[Exchange] = []
    for item in parsed:
        asked: list[str] = []  # the interviewer's current turn
        pending: str | None = None  # a question asked and not yet answered
        current: _Answer | None = None
        ordinals: dict[str, int] = {}
        answers: list[_Answer] = []
        previous_role = None
        for utterance in item.utterances:
            if utterance.role == "interviewer":
                if previous_role != "interviewer":
                    asked = []
                asked.append(utterance.text)
                turn = " ".join(asked)
                if not _backchannel(turn):
                    pending = shorten(turn)
                previous_role = "interviewer"
                continue
            previous_role = "participant"
            participant = utterance.participant or ""
            opens = (
                current is None
                or pending is not None
                or current.participant != participant
                or current.question_id != utterance.question_id
                or (utterance.question_text != current.asked_as and not asked)
            )
            if opens:
                ordinal = ordinals.get(participant, 0)
                ordinals[participant] = ordinal + 1
                current = _Answer(participant=participant,
                                  question=pending if pending is not None
                                  else utterance.question_text,
                                  question_id=utterance.question_id,
                                  asked_as=utterance.question_text, start=utterance.start,
                                  end=utterance.end, ordinal=ordinal)
                answers.append(current)
                pending = None
            else:
                assert current is not None
                current.end = utterance.end
        found.extend(Exchange(id=f"{item.source.id}#{a.start}-{a.end}", source_id=item.source.id,
                              participant=a.participant, ordinal=a.ordinal, question=a.question,
                              question_id=a.question_id, start=a.start, end=a.end)
                     for a in answers)
    return found


def exchange_of(segments: Sequence[Segment], exchanges: Sequence[Exchange]) -> list[int]:
    """For each segment, the index of the exchange whose answer holds it (-1 if none)."""
    by_source: dict[str, list[int]] = {}
    for index, exchange in enumerate(exchanges):
        by_source.setdefault(exchange.source_id, []).append(index)
    starts = {source: [exchanges[i].start for i in indices]
              for source, indices in by_source.items()}
    out = []
    for seg in segments:
        indices = by_source.get(seg.source_id, [])
        k = bisect_right(starts.get(seg.source_id, []), seg.start) - 1
        hit = -1
        # A source may hold several participants' exchanges side by side: walk back to this
        # participant's exchange that covers the segment.
        while k >= 0:
            candidate = exchanges[indices[k]]
            if candidate.start <= seg.start and seg.end <= candidate.end and \
                    candidate.participant == seg.participant:
                hit = indices[k]
                break
            if candidate.end < seg.start and candidate.participant == seg.participant:
                break
            k -= 1
        out.append(hit)
    return out
