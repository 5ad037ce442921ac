"""Interview sessions on both engines: durable, idempotent, resumable, and never stuck."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from sqlalchemy import func, select

from jobstory.domain import Guide, Participant, Question, QuestionKind
from jobstory.guides import load_guide
from jobstory.interview.session import (
    AnswerRejected,
    IdempotencyConflict,
    InterviewCompleted,
    InterviewService,
    transcript,
)
from jobstory.store.db import Store, open_store
from jobstory.store.tables import TurnRow

SPECIFIC = ("Last March our bookkeeper quit two weeks before the VAT deadline, so I spent three "
            "nights in the office matching 400 invoices against the bank statement.")
VAGUE = "I don't know, it was just annoying I guess."

#: A concrete answer for every question of jtbd-switch, and for its one "why" follow-up.
SWITCH_ANSWERS: dict[str, Any] = {
    "first-thought": SPECIFIC,
    "push": "Every Friday I spent 3 hours copying invoice numbers from Gmail into Excel.",
    "passive-looking": "In April I asked two other agency owners at a meetup what they used; "
                       "one showed me Ledgerly on her phone.",
    "heard": "1",
    "active-looking": "When a client paid 60 days late in June I signed up for three trials "
                      "that same evening.",
    "alternatives": "2, 3",
    "pull": "Ledgerly sent automatic reminders: Dana at the meetup said her late payments "
            "dropped from 9 to 2 a month.",
    "anxiety": "I was worried about moving 4 years of invoices out of Excel and losing the "
               "client notes in column F.",
    "habit": "My accountant Paul had a macro for our spreadsheet and he knew every tab by heart.",
    "nothing": "no",
    "ranking": "1,3,2,5,4",
    "first-use": "On 3 July I imported 212 clients from the CSV and sent the first reminder to "
                 "Acme Ltd within ten minutes.",
    "what-changed": "Clients now pay in 19 days on average instead of 41, and I stopped "
                    "working Fridays on invoices.",
    "severity": "4",
}
WHY = "Because in May I lost two weekends reconciling, and my partner Sam said enough."


def drive(service: InterviewService, interview_id: int, answers: dict[str, Any]) -> list[str]:
    """Answer every pending turn from `answers`; returns the kinds of the replies."""
    kinds = []
    state = service.get(interview_id)
    pending = state.pending
    step = 0
    while pending is not None:
        step += 1
        answer = WHY if pending.kind == "probe" else answers[pending.question_id]
        reply = service.answer(interview_id, answer, f"key-{step}")
        kinds.append(reply.kind)
        pending = None if reply.kind == "closing" else reply
    return kinds


def rows(store: Store, interview_id: int) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(TurnRow).where(
            TurnRow.interview_id == interview_id))


def test_full_interview_through_every_kind(store: Store) -> None:
    service = InterviewService(store)
    guide = load_guide("jtbd-switch")
    state = service.start(guide, Participant(name="Ana"))
    assert state.pending is not None and state.pending.question_id == "first-thought"
    kinds = drive(service, state.id, SWITCH_ANSWERS)
    assert kinds[-1] == "closing"
    assert kinds.count("probe") == 1  # only the yes/no question asks "why"
    finished = service.get(state.id)
    assert finished.interview.status == "completed" and finished.pending is None
    values = {t.question_id: t.value for t in finished.interview.turns
              if t.role == "participant" and t.value is not None}
    assert values == {"heard": "A friend or colleague",
                      "alternatives": ["A spreadsheet or paper", "Another product"],
                      "nothing": "no",
                      "ranking": ["Saving time", "Fewer mistakes", "Saving money",
                                  "Peace of mind", "Looking professional"],
                      "severity": 4}
    data = transcript(finished.interview)
    assert data["guide"] == "jtbd-switch"
    assert {q["kind"] for q in data["questions"]} == {k.value for k in QuestionKind}
    with pytest.raises(InterviewCompleted):
        service.answer(state.id, "more", "key-late")


def test_vague_answers_are_probed_up_to_the_budget(store: Store) -> None:
    service = InterviewService(store)
    guide = load_guide("jtbd-switch")
    state = service.start(guide, Participant())
    replies = [service.answer(state.id, VAGUE, f"k{i}") for i in range(3)]
    assert [r.kind for r in replies] == ["probe", "probe", "question"]
    assert replies[0].question_id == replies[1].question_id == "first-thought"
    assert replies[0].text != replies[1].text
    assert replies[2].question_id == "push"
    assert service.answer(state.id, SWITCH_ANSWERS["push"], "k9").question_id == \
        "passive-looking"


def test_bad_structured_answers_are_reasked_then_skipped(store: Store) -> None:
    guide = Guide(name="g", title="t", questions=[
        Question(id="rate", kind=QuestionKind.SCALE, text="Rate it", min=1, max=5),
        Question(id="end", kind=QuestionKind.YES_NO, text="Done?"),
    ])
    service = InterviewService(store)
    state = service.start(guide, Participant())
    first = service.answer(state.id, "eleven", "a")
    assert first.kind == "reask" and "1 to 5" in first.text
    assert service.answer(state.id, "11", "b").kind == "reask"
    moved_on = service.answer(state.id, "no idea", "c")
    assert moved_on.kind == "question" and moved_on.question_id == "end"
    assert service.answer(state.id, "yes", "d").kind == "closing"


def test_same_key_is_stored_once_and_replays_the_reply(store: Store) -> None:
    service = InterviewService(store)
    state = service.start(load_guide("jtbd-switch"), Participant())
    reply = service.answer(state.id, SPECIFIC, "same")
    assert rows(store, state.id) == 3
    assert service.answer(state.id, SPECIFIC, "same") == reply
    assert rows(store, state.id) == 3


def test_same_key_with_a_different_answer_is_refused(store: Store) -> None:
    """Replaying the old reply would silently drop what the participant wrote this time."""
    service = InterviewService(store)
    state = service.start(load_guide("jtbd-switch"), Participant())
    service.answer(state.id, SPECIFIC, "same")
    with pytest.raises(IdempotencyConflict, match="different answer"):
        service.answer(state.id, "a different body, same key", "same")
    assert rows(store, state.id) == 3
    service.answer(state.id, "a different body, new key", "other")
    assert rows(store, state.id) == 5


def test_structured_replay_matches_the_answer_as_recorded(store: Store) -> None:
    guide = Guide(name="g", title="t", questions=[
        Question(id="pick", kind=QuestionKind.MULTIPLE_CHOICE, text="Which?",
                 options=["Alpha", "Beta", "Gamma"], probe=False),
        Question(id="end", kind=QuestionKind.OPEN, text="Anything else?"),
    ])
    service = InterviewService(store)
    state = service.start(guide, Participant())
    reply = service.answer(state.id, ["Alpha", "Beta"], "k")
    assert service.answer(state.id, ["Alpha", "Beta"], "k") == reply
    with pytest.raises(IdempotencyConflict):
        service.answer(state.id, ["Alpha", "Gamma"], "k")


@pytest.mark.parametrize("answer", ["before\x00after", ["Alpha", "B\x00"], "bell\x07",
                                    "lone \ud800 surrogate"])
def test_unstorable_characters_are_refused_on_every_engine(store: Store, answer: Any) -> None:
    """PostgreSQL cannot store U+0000 at all; SQLite would, so both refuse it alike."""
    service = InterviewService(store)
    state = service.start(load_guide("jtbd-switch"), Participant())
    with pytest.raises(AnswerRejected, match="control character|cannot be saved"):
        service.answer(state.id, answer, "k1")
    with pytest.raises(AnswerRejected, match="idempotency_key"):
        service.answer(state.id, SPECIFIC, "key\x00")
    assert rows(store, state.id) == 1
    kept = "Tabs\tand\r\nnew lines are fine. " + SPECIFIC
    assert service.answer(state.id, kept, "k2").kind == "question"
    assert service.get(state.id).interview.turns[1].text == kept


def test_racing_duplicates_store_one_answer(store: Store) -> None:
    service = InterviewService(store)
    state = service.start(load_guide("jtbd-switch"), Participant())
    results: list[Any] = []
    barrier = threading.Barrier(8)

    def submit() -> None:
        barrier.wait()
        results.append(service.answer(state.id, SPECIFIC, "racing-key"))

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8 and all(r == results[0] for r in results)
    assert rows(store, state.id) == 3


def test_racing_different_answers_keep_one_order(store: Store) -> None:
    service = InterviewService(store)
    state = service.start(load_guide("jtbd-switch"), Participant())
    barrier = threading.Barrier(4)

    def submit(i: int) -> None:
        barrier.wait()
        service.answer(state.id, SPECIFIC, f"k{i}")

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    turns = service.get(state.id).interview.turns
    assert len(turns) == 9
    assert [t.role for t in turns] == ["moderator"] + ["participant", "moderator"] * 4


def test_limits_and_resume_from_a_new_process_view(db_url: str) -> None:
    first = open_store(db_url)
    service = InterviewService(first)
    state = service.start(load_guide("jtbd-switch"), Participant(name="Bo"))
    with pytest.raises(AnswerRejected, match="10,000"):
        service.answer(state.id, "x" * 10_001, "long")
    with pytest.raises(AnswerRejected, match="idempotency_key"):
        service.answer(state.id, "fine", "")
    service.answer(state.id, SPECIFIC, "one")
    first.close()
    again = InterviewService(open_store(db_url)).get(state.id)
    assert again.pending is not None and again.pending.question_id == "push"
    assert [t.text for t in again.interview.turns if t.role == "participant"] == [SPECIFIC]


def test_one_interview_per_invited_participant(store: Store) -> None:
    from datetime import UTC, datetime

    from jobstory.store.tables import ParticipantRow

    with store.session() as session:
        row = ParticipantRow(name="Cy", fields={}, created_at=datetime.now(UTC))
        session.add(row)
        session.flush()
        participant_id = row.id
    service = InterviewService(store)
    guide = load_guide("onboarding")
    a = service.start(guide, Participant(name="Cy"), participant_id=participant_id)
    b = service.start(guide, Participant(name="Cy"), participant_id=participant_id)
    assert a.id == b.id
