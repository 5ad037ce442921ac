"""Structured answers: what people type is read generously; the rest gets a friendly re-ask."""

from __future__ import annotations

from typing import Any

import pytest

from jobstory.domain import Question, QuestionKind
from jobstory.interview.answers import Invalid, Valid, parse_answer

SCALE = Question(id="s", kind=QuestionKind.SCALE, text="?", min=1, max=5,
                 labels={1: "mild", 5: "severe"})
SINGLE = Question(id="c", kind=QuestionKind.SINGLE_CHOICE, text="?",
                  options=["Friend", "Search", "Yes, an advert"])
MULTI = Question(id="m", kind=QuestionKind.MULTIPLE_CHOICE, text="?",
                 options=["Spreadsheet", "Paper", "Another product"])
RANK = Question(id="r", kind=QuestionKind.RANKING, text="?", options=["Time", "Money", "Trust"])
YESNO = Question(id="y", kind=QuestionKind.YES_NO, text="?")


@pytest.mark.parametrize("question, answer, value", [
    (SCALE, "4", 4), (SCALE, 2, 2), (SCALE, "4/5", 4), (SCALE, "five", 5), (SCALE, "Severe", 5),
    (SCALE, " 3 - quite bad", 3),
    (SINGLE, "2", "Search"), (SINGLE, "friend", "Friend"), (SINGLE, 1, "Friend"),
    (SINGLE, "Yes, an advert", "Yes, an advert"), (SINGLE, "sear", "Search"),
    (MULTI, "1, 3", ["Spreadsheet", "Another product"]), (MULTI, ["Paper"], ["Paper"]),
    (MULTI, "paper and spreadsheet", ["Paper", "Spreadsheet"]), (MULTI, "2,2", ["Paper"]),
    (RANK, "2,1,3", ["Money", "Time", "Trust"]), (RANK, ["Trust", "Time", "Money"],
                                                   ["Trust", "Time", "Money"]),
    (RANK, "money > time > trust", ["Money", "Time", "Trust"]),
    (YESNO, "Yep", "yes"), (YESNO, "no way", "no"), (YESNO, "Nope.", "no"), (YESNO, True, "yes"),
])
def test_reads_what_people_type(question: Question, answer: Any, value: Any) -> None:
    parsed = parse_answer(question, answer)
    assert isinstance(parsed, Valid), parsed
    assert parsed.value == value


@pytest.mark.parametrize("question, answer, says", [
    (SCALE, "9", "outside the scale"), (SCALE, "pretty bad", "from 1 to 5"),
    (SCALE, "", "from 1 to 5"), (SCALE, None, "from 1 to 5"),
    (SINGLE, "7", "couldn't match"), (SINGLE, "1,2", "Just one"),
    (MULTI, "1, banana", "'banana'"),
    (RANK, "1,2", "missing: Trust"), (RANK, "1,2,9", "couldn't match"),
    (YESNO, "maybe", "yes or no"),
])
def test_unreadable_answers_get_a_hint(question: Question, answer: Any, says: str) -> None:
    parsed = parse_answer(question, answer)
    assert isinstance(parsed, Invalid)
    assert says in parsed.message


def test_open_answers_need_text() -> None:
    question = Question(id="o", kind=QuestionKind.OPEN, text="?")
    assert isinstance(parse_answer(question, "   "), Invalid)
    assert parse_answer(question, "We tried Xero in May.") == Valid(None, "We tried Xero in May.")
