"""Running interviews against the store: sync-before-acknowledge, idempotency, resume.

`answer()` returns the moderator's next turn only after the participant's answer *and* that
reply are committed in one transaction. A repeated idempotency key with the same answer returns
the stored reply and writes nothing, so a client may retry after any network error; the same key
with a *different* answer is refused (IdempotencyConflict), since replaying the old reply would
silently drop what the participant just wrote. Two racing submissions for one interview are
ordered by the unique (interview, seq) constraint: the loser recomputes.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jobstory.domain import Guide, Interview, Participant, Question, Turn
from jobstory.interview import moderator
from jobstory.interview.specificity import Assessment
from jobstory.store.db import Store
from jobstory.store.tables import InterviewRow, TurnRow
from jobstory.untrusted import unsafe_char

log = logging.getLogger("jobstory.interview")

MAX_ANSWER_CHARS = 10_000
MAX_KEY_CHARS = 200
SNAPSHOT_CACHE = 4096


class InterviewError(Exception):
    """Something a participant or client did that the interview cannot accept."""


class InterviewNotFound(InterviewError):
    pass


class InterviewCompleted(InterviewError):
    pass


class AnswerRejected(InterviewError):
    pass


class IdempotencyConflict(InterviewError):
    """The idempotency key already carries a different answer: a client bug, not a retry."""


class InterviewBusy(InterviewError):
    """Answers kept racing in; the client should retry shortly with the same key."""


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
    return Turn(seq=row.seq, role=row.role, kind=row.kind, question_id=row.question_id,
                text=row.text, value=row.value, meta=row.meta or {})


def _row(interview_id: int, seq: int, turn: Turn, stamp: datetime, key: str | None = None
         ) -> dict[str, Any]:
    return {"interview_id": interview_id, "seq": seq, "role": turn.role, "kind": turn.kind,
            "question_id": turn.question_id, "text": turn.text, "value": turn.value,
            "meta": turn.meta, "idempotency_key": key, "created_at": stamp}


_TURNS = select(TurnRow).where(TurnRow.interview_id == bindparam("interview")).order_by(
    TurnRow.seq)
_KEY_TURN = select(TurnRow.seq, TurnRow.text).where(TurnRow.interview_id == bindparam("interview"),
                                     TurnRow.idempotency_key == bindparam("key"))
_TURN_AT = select(TurnRow).where(TurnRow.interview_id == bindparam("interview"),
                                 TurnRow.seq == bindparam("seq"))
_LAST_SEQ = select(func.max(TurnRow.seq)).where(TurnRow.interview_id == bindparam("interview"))
_SNAPSHOT = select(InterviewRow.guide, InterviewRow.participant, InterviewRow.status).where(
    InterviewRow.id == bindparam("interview"))


@dataclass(frozen=True)
class _Snapshot:
    """An interview's guide and participant as they were when it started; they never change."""

    guide: Guide
    participant: Participant


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
        self._snapshots: dict[int, _Snapshot] = {}
        self._snapshot_lock = threading.Lock()

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
                session.execute(insert(TurnRow), [_row(row.id, 1, first, stamp)])
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

    def _snapshot(self, session: Session, interview_id: int) -> tuple[_Snapshot, str]:
        row = session.execute(_SNAPSHOT, {"interview": interview_id}).first()
        if row is None:
            raise InterviewNotFound(f"no interview {interview_id}")
        snapshot = self._snapshots.get(interview_id)
        if snapshot is None:
            snapshot = _Snapshot(Guide.from_store(row.guide),
                                 Participant.model_validate(row.participant))
            with self._snapshot_lock:
                if len(self._snapshots) >= SNAPSHOT_CACHE:
                    self._snapshots.pop(next(iter(self._snapshots)))
                self._snapshots[interview_id] = snapshot
        return snapshot, row.status

    def get(self, interview_id: int) -> InterviewState:
        with self.store.read() as session:
            snapshot, status = self._snapshot(session, interview_id)
            turns = [_turn(t) for t in session.scalars(_TURNS, {"interview": interview_id})]
        interview = Interview(id=interview_id, guide=snapshot.guide,
                              participant=snapshot.participant, status=status, turns=turns)
        return InterviewState(interview, moderator.pending(turns))

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
        if unsafe_char(key) is not None:
            raise AnswerRejected("idempotency_key must not contain control characters")
        text = moderator.answer_text(answer)
        if (char := unsafe_char(text)) is not None:
            raise AnswerRejected(f"That answer contains a control character (U+{ord(char):04X}) "
                                 "that cannot be saved. Remove it and send it again.")
        params = {"interview": interview_id, "key": key}
        for _attempt in range(5):
            with self.store.read() as session:
                replayed = self._replay(session, params, text)
                if replayed is not None:
                    return replayed
                snapshot, _status = self._snapshot(session, interview_id)
                turns = [_turn(t) for t in session.scalars(_TURNS, params)]
            if moderator.pending(turns) is None:
                raise InterviewCompleted("this interview is complete; answers can no longer change")
            exchange = moderator.respond(snapshot.guide, snapshot.participant.values(), turns,
                                         answer, phrase_probe=self._phrase)
            seq = len(turns) + 1
            stamp = now()
            try:
                with self.store.session() as session:
                    if session.scalar(_LAST_SEQ, params) != len(turns):
                        continue  # another answer landed first: decide again from the new turns
                    session.execute(insert(TurnRow), [
                        _row(interview_id, seq, exchange.answer, stamp, key),
                        _row(interview_id, seq + 1, exchange.reply, stamp)])
                    changes: dict[str, Any] = {"updated_at": stamp}
                    if exchange.reply.kind == "closing":
                        changes.update(status="completed", completed_at=stamp)
                    session.execute(update(InterviewRow).where(InterviewRow.id == interview_id)
                                    .values(**changes))
            except IntegrityError:
                log.info("interview %s: concurrent answer, retrying", interview_id)
                continue
            return exchange.reply.model_copy(update={"seq": seq + 1})
        raise InterviewBusy("the interview is busy; please try again")

    @staticmethod
    def _replay(session: Session, params: dict[str, Any], text: str) -> Turn | None:
        """The reply already stored for this idempotency key and answer, if any."""
        stored = session.execute(_KEY_TURN, params).first()
        if stored is None:
            return None
        seq, stored_text = stored
        if stored_text != text:
            raise IdempotencyConflict("this idempotency key was already used for a different "
                                      "answer; send a new answer with a new key")
        reply = session.scalar(_TURN_AT, {"interview": params["interview"], "seq": seq + 1})
        return None if reply is None else _turn(reply)


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
