"""Exchanges: one interviewer question and the participant's whole answer to it.

An answer means what it means in reply to its question, so the exchange, not the sentence, is
the unit a researcher reads. An answer runs across cues, lines and the interviewer's
back-channels ("Mm-hm.", "Oof.", "So nobody came in."): an interviewer turn that asks nothing
and is short does not open a new exchange, unless the turn after it opens on a new stage of
the switch story ("So I looked.", "First few weeks, it was rough"): the participant, left to
tell it in their own order, has moved on, and `questions.classify` reads it there. Sentences
inside an exchange stay the evidence spans with their own offsets (`segment.py`); an exchange
only records where its answer lies.

Survey rows and jobstory transcripts carry their question on each answer, so a change of
question (or of participant) opens a new exchange there too.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from jobstory.synthesis.ingest.common import shorten
from jobstory.synthesis.ingest.speakers import is_question
from jobstory.synthesis.question_words import PLEASANTRY
from jobstory.synthesis.segment import SENTENCE_BREAK
from jobstory.synthesis.sources import Parsed, Segment
from jobstory.synthesis.story_stages import stage_told

#: An interviewer turn of at most this many words that asks nothing is a back-channel.
BACKCHANNEL_WORDS = 8


@dataclass(frozen=True)
class Exchange:
    """Where one answer lies, and what it answered. `ordinal` counts the participant's
    exchanges in this source from 0; `phase` and `force` are filled by `questions.classify`.
    `stage` is the stage of the switch story the answer's opening says it tells
    (`story_stages.stage_told`); `continued` marks an answer that goes on from the one before
    after only a back-channel ("Mm.", "Go on."), split off because its opening says so."""

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
    stage: str | None = None
    continued: bool = False


def _backchannel(text: str) -> bool:
    """A short turn that asks nothing ("Mm-hm.", "So nobody came in."), except a pleasantry
    ("Congratulations on the wedding!"), which turns the talk to small talk. A sentence of it
    that asks ("The early weeks. Tell me.") asks, wherever it stands."""
    return not any(is_question(sentence) for sentence in SENTENCE_BREAK.split(text)) and \
        len(text.split()) <= BACKCHANNEL_WORDS and not PLEASANTRY.match(text)


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
    stage: str | None = None
    continued: bool = False


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
            after_backchannel = previous_role == "interviewer"
            previous_role = "participant"
            participant = utterance.participant or ""
            stage = stage_told(utterance.text)
            opens = (
                current is None
                or pending is not None
                or current.participant != participant
                or current.question_id != utterance.question_id
                or (utterance.question_text != current.asked_as and not asked)
            )
            # the story moved on while the interviewer only said "Mm.": a stage of its own
            continued = not opens and after_backchannel and stage is not None
            if opens or continued:
                ordinal = ordinals.get(participant, 0)
                ordinals[participant] = ordinal + 1
                # an answer that goes on still answers the question asked before it
                question = (current.question if continued and current is not None
                            else pending if pending is not None else utterance.question_text)
                current = _Answer(participant=participant, question=question,
                                  question_id=utterance.question_id,
                                  asked_as=utterance.question_text, start=utterance.start,
                                  end=utterance.end, ordinal=ordinal, stage=stage,
                                  continued=continued)
                answers.append(current)
                pending = None
            else:
                assert current is not None
                current.end = utterance.end
        found.extend(Exchange(id=f"{item.source.id}#{a.start}-{a.end}", source_id=item.source.id,
                              participant=a.participant, ordinal=a.ordinal, question=a.question,
                              question_id=a.question_id, start=a.start, end=a.end,
                              stage=a.stage, continued=a.continued)
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
