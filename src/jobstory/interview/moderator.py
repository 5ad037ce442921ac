"""The moderator: given a guide and the interview so far, what to say next.

Pure: the whole state of an interview is its list of turns, so resuming after a crash, a reload
or a new device is nothing more than reading the turns back. The only impure helper it may call
is the optional LLM, and only to *phrase* a probe the embedded logic already decided to ask.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from jobstory.domain import Guide, Question, QuestionKind, Turn, render_text
from jobstory.interview.answers import Invalid, is_skip, parse_answer
from jobstory.interview.probes import why_probe
from jobstory.interview.specificity import Assessment, assess

MAX_REASKS = 2
DEFAULT_CLOSING = (
    "That's everything I wanted to ask. Thank you for taking the time to share your story — "
    "your answers have been saved."
)

PhraseProbe = Callable[[Question, str, Assessment], tuple[str, dict[str, Any]]]


@dataclass(frozen=True)
class Exchange:
    """The participant's turn and the moderator's reply, stored together or not at all."""

    answer: Turn
    reply: Turn


def ask(guide: Guide, question: Question, values: dict[str, str]) -> Turn:
    return Turn(
        role="moderator", kind="question", question_id=question.id,
        text=render_text(question.text, values),
    )


def opening(guide: Guide, values: dict[str, str]) -> Turn:
    return ask(guide, guide.questions[0], values)


def closing(guide: Guide, values: dict[str, str]) -> Turn:
    return Turn(role="moderator", kind="closing", text=render_text(guide.closing or DEFAULT_CLOSING,
                                                                    values))


def pending(turns: Sequence[Turn]) -> Turn | None:
    """The moderator turn awaiting an answer, or None when the interview has closed."""
    if not turns or turns[-1].role != "moderator" or turns[-1].kind == "closing":
        return None
    return turns[-1]


def _asked_probes(turns: Sequence[Turn], question_id: str) -> list[str]:
    return [t.text for t in turns if t.kind == "probe" and t.question_id == question_id]


def _reasks(turns: Sequence[Turn], question_id: str) -> int:
    count = 0
    for turn in reversed(turns):
        if turn.question_id != question_id:
            break
        if turn.kind == "reask":
            count += 1
    return count


def _next_question(guide: Guide, question: Question, values: dict[str, str]) -> Turn:
    index = guide.questions.index(question)
    if index + 1 < len(guide.questions):
        return ask(guide, guide.questions[index + 1], values)
    return closing(guide, values)


def embedded_probe(_question: Question, _answer: str, assessment: Assessment
                   ) -> tuple[str, dict[str, Any]]:
    assert assessment.probe is not None
    return assessment.probe, {"probe_source": "embedded"}


def respond(
    guide: Guide,
    values: dict[str, str],
    turns: Sequence[Turn],
    answer: Any,
    *,
    phrase_probe: PhraseProbe = embedded_probe,
) -> Exchange:
    """Record `answer` to the pending turn and decide the reply.

    Order of decisions: an unreadable structured answer is re-asked (at most MAX_REASKS times,
    then the question is skipped so nobody is ever stuck); an open answer that the specificity
    scorer finds vague is probed while the question's probe budget lasts; a structured answer
    gets one "why" follow-up when the question asks for it; otherwise the next question.
    """
    waiting = pending(turns)
    if waiting is None or waiting.question_id is None:
        raise ValueError("this interview is not waiting for an answer")
    question = guide.question(waiting.question_id)
    text = answer_text(answer)

    def exchange(value: Any, reply: Turn, **meta: Any) -> Exchange:
        turn = Turn(role="participant", kind="answer", question_id=question.id, text=text,
                    value=value, meta=meta)
        return Exchange(turn, reply)

    if is_skip(answer):
        return exchange(None, _next_question(guide, question, values), skipped=True)

    answering_probe = waiting.kind == "probe"
    if answering_probe or question.kind is QuestionKind.OPEN:
        parsed = parse_answer(Question(id=question.id, kind=QuestionKind.OPEN, text="-"), answer)
        if isinstance(parsed, Invalid):
            return exchange(None, _reask(question, parsed.message), invalid=True)
        asked = _asked_probes(turns, question.id)
        result = assess(text, question, asked=asked)
        meta = {"specificity": round(result.specificity, 4), "vague": result.vague,
                "missing": list(result.missing)}
        may_probe = (question.kind is QuestionKind.OPEN and question.probes
                     and len(asked) < guide.max_probes)
        if result.vague and result.probe and may_probe:
            probe_text, probe_meta = phrase_probe(question, text, result)
            reply = Turn(role="moderator", kind="probe", question_id=question.id, text=probe_text,
                         meta={**probe_meta, "missing": list(result.missing)})
            return exchange(None, reply, **meta)
        return exchange(None, _next_question(guide, question, values), **meta)

    parsed = parse_answer(question, answer)
    if isinstance(parsed, Invalid):
        if _reasks(turns, question.id) >= MAX_REASKS:
            return exchange(None, _next_question(guide, question, values), invalid=True,
                            skipped=True)
        return exchange(None, _reask(question, parsed.message), invalid=True)
    if question.probes and guide.max_probes > 0 and not _asked_probes(turns, question.id):
        reply = Turn(role="moderator", kind="probe", question_id=question.id,
                     text=why_probe(question, parsed.display), meta={"probe_source": "embedded"})
        return exchange(parsed.value, reply, display=parsed.display)
    return exchange(parsed.value, _next_question(guide, question, values),
                    display=parsed.display)


def _reask(question: Question, message: str) -> Turn:
    return Turn(role="moderator", kind="reask", question_id=question.id, text=message)


def answer_text(answer: Any) -> str:
    """An answer as its turn's text records it; the session compares replays against this."""
    if isinstance(answer, str):
        return answer
    if isinstance(answer, list):
        return ", ".join(str(a) for a in answer)
    return "" if answer is None else str(answer)
