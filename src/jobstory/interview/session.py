"""Running interviews against the store: sync-before-acknowledge, idempotency, resume.

`answer()` returns the moderator's next turn only after the participant's answer *and* that
reply are committed in one transaction. A repeated idempotency key returns the stored reply and
writes nothing, so a client may retry after any network error. Two racing submissions for one
interview are ordered by the unique (interview, seq) constraint: the loser recomputes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from jobstory.domain import Guide, Interview, Participant, Question, Turn
from jobstory.interview import moderator
from jobstory.interview.specificity import Assessment
from jobstory.store.db import Store
from jobstory.store.tables import InterviewRow, TurnRow

log = logging.getLogger("jobstory.interview")

MAX_ANSWER_CHARS = 10_000
MAX_KEY_CHARS = 200


class InterviewError(Exception):
    """Something a participant or client did that the interview cannot accept."""


class InterviewNotFound(InterviewError):
    pass


class InterviewCompleted(InterviewError):
    pass


class AnswerRejected(InterviewError):
    pass


@dataclass(frozen=True)
class InterviewState:
    interview: Interview
    pending: Turn | None

    @property
    def id(self) -> int:
        return self.interview.id


def now() -> datetime:
    return datetime.now(UTC)


def _turn(row: TurnRow) -> Turn:
    return Turn(role=row.role, kind=row.kind, question_id=row.question_id, text=row.text,
                value=row.value, meta=row.meta or {})


def _row(interview_id: int, seq: int, turn: Turn, key: str | None = None) -> TurnRow:
    return TurnRow(interview_id=interview_id, seq=seq, role=turn.role, kind=turn.kind,
                   question_id=turn.question_id, text=turn.text, value=turn.value,
                   meta=turn.meta, idempotency_key=key, created_at=now())


def llm_probe_phraser(llm: Any) -> moderator.PhraseProbe:
    """Let an LLM phrase probes, falling back to the embedded one (llm.py decides when)."""
    from jobstory.llm import phrase_probe

    def phrase(question: Question, answer: str, assessment: Assessment
               ) -> tuple[str, dict[str, Any]]:
        assert assessment.probe is not None
        choice = phrase_probe(llm, question=question.text, answer=answer,
                              missing=list(assessment.missing), fallback=assessment.probe)
        meta: dict[str, Any] = {"probe_source": choice.source}
        if choice.reason:
            meta["probe_fallback_reason"] = choice.reason
        return choice.text, meta

    return phrase


class InterviewService:
    """The one way interviews are started, answered and read back, for CLI and web alike."""

    def __init__(self, store: Store, llm: Any = None) -> None:
        self.store = store
        self._phrase: moderator.PhraseProbe = (
            llm_probe_phraser(llm) if llm is not None else moderator.embedded_probe
        )

    def start(self, guide: Guide, participant: Participant, *, study_id: int | None = None,
              participant_id: int | None = None) -> InterviewState:
        """Create an interview and commit its first question; for a known participant, at most one."""
        if participant_id is not None:
            existing = self.find_for_participant(participant_id)
            if existing is not None:
                return existing
        first = moderator.opening(guide, participant.values())
        stamp = now()
        try:
            with self.store.session() as session:
                row = InterviewRow(study_id=study_id, participant_id=participant_id,
                                   guide=guide.model_dump(mode="json"),
                                   participant=participant.model_dump(mode="json"),
                                   status="started", created_at=stamp, updated_at=stamp)
                session.add(row)
                session.flush()
                session.add(_row(row.id, 1, first))
                interview_id = row.id
        except IntegrityError:
            if participant_id is None:
                raise
            existing = self.find_for_participant(participant_id)
            assert existing is not None
            return existing
        return self.get(interview_id)

    def find_for_participant(self, participant_id: int) -> InterviewState | None:
        with self.store.read() as session:
            interview_id = session.scalar(
                select(InterviewRow.id).where(InterviewRow.participant_id == participant_id)
            )
        return None if interview_id is None else self.get(interview_id)

    def get(self, interview_id: int) -> InterviewState:
        with self.store.read() as session:
            row = session.get(InterviewRow, interview_id)
            if row is None:
                raise InterviewNotFound(f"no interview {interview_id}")
            turns = [
                _turn(t)
                for t in session.scalars(
                    select(TurnRow).where(TurnRow.interview_id == interview_id)
                    .order_by(TurnRow.seq)
                )
            ]
            interview = Interview(id=row.id, guide=Guide.model_validate(row.guide),
                                  participant=Participant.model_validate(row.participant),
                                  status=row.status, turns=turns)
        return InterviewState(interview, moderator.pending(turns))

    def _replay(self, interview_id: int, key: str) -> Turn | None:
        """The reply already stored for this idempotency key, if any."""
        with self.store.read() as session:
            seq = session.scalar(select(TurnRow.seq).where(
                TurnRow.interview_id == interview_id, TurnRow.idempotency_key == key))
            if seq is None:
                return None
            reply = session.scalar(select(TurnRow).where(
                TurnRow.interview_id == interview_id, TurnRow.seq == seq + 1))
            return None if reply is None else _turn(reply)

    def answer(self, interview_id: int, answer: Any, idempotency_key: str) -> Turn:
        """Store the answer and the moderator's reply durably, then return the reply."""
        key = idempotency_key.strip()
        if not key or len(key) > MAX_KEY_CHARS:
            raise AnswerRejected(f"idempotency_key must be 1..{MAX_KEY_CHARS} characters")
        if _length(answer) > MAX_ANSWER_CHARS:
            raise AnswerRejected(
                f"That answer is over {MAX_ANSWER_CHARS:,} characters. Could you shorten it, "
                "or split it over a few messages?"
            )
        for _attempt in range(5):
            replayed = self._replay(interview_id, key)
            if replayed is not None:
                return replayed
            state = self.get(interview_id)
            if state.pending is None:
                raise InterviewCompleted("this interview is complete; answers can no longer change")
            turns = state.interview.turns
            values = state.interview.participant.values()
            exchange = moderator.respond(state.interview.guide, values, turns, answer,
                                         phrase_probe=self._phrase)
            seq = len(turns) + 1
            try:
                with self.store.session() as session:
                    latest = session.scalar(select(func.max(TurnRow.seq)).where(
                        TurnRow.interview_id == interview_id))
                    if latest != len(turns):
                        continue
                    session.add(_row(interview_id, seq, exchange.answer, key))
                    session.add(_row(interview_id, seq + 1, exchange.reply))
                    row = session.get(InterviewRow, interview_id)
                    assert row is not None
                    row.updated_at = now()
                    if exchange.reply.kind == "closing":
                        row.status = "completed"
                        row.completed_at = row.updated_at
            except IntegrityError:
                log.info("interview %s: concurrent answer, retrying", interview_id)
                continue
            return exchange.reply
        raise AnswerRejected("the interview is busy; please try again")


def _length(answer: Any) -> int:
    if isinstance(answer, list):
        return sum(len(str(a)) for a in answer)
    return len(str(answer)) if answer is not None else 0


def transcript(interview: Interview) -> dict[str, Any]:
    """The transcript as `jobstory interview --json` prints it and synthesis reads it."""
    return {
        "interview_id": interview.id,
        "guide": interview.guide.name,
        "status": interview.status,
        "participant": interview.participant.model_dump(mode="json", exclude_none=True),
        "questions": [q.model_dump(mode="json", exclude_none=True)
                      for q in interview.guide.questions],
        "turns": [
            {"role": t.role, "kind": t.kind, "question_id": t.question_id, "text": t.text,
             "value": t.value}
            for t in interview.turns
        ],
    }
