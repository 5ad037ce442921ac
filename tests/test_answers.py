"""Structured answers: what people type is read generously; the rest gets a friendly re-ask."""

from __future__ import annotations

from typing import Any

import pytest

from jobstory.domain import Guide, Question, QuestionKind
from jobstory.interview.answers import Invalid, Valid, parse_answer
from jobstory.interview.moderator import opening, respond

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


YES_NO_PHRASINGS = {
    "yes": [
        "yes", "Yes", "YES!", "yes.", "  yes  ", "y", "Y", "yeah", "Yeah!!", "yep", "Yup.",
        "yesss", "sure", "Sure!", "definitely", "Absolutely", "absolutely!", "certainly",
        "of course", "Of course!", "ok", "okay", "correct", "that's right", "true", "1",
        "I think so", "I guess so", "I believe so", "yes, definitely", "Sure, why not?",
        "no doubt", "I would not say no", "I wouldn’t say no", "We did, last spring",
        "Yes because the old one kept crashing", "oui", "sí",
    ],
    "no": [
        "no", "No", "NO!", "no.", "n", "nope", "Nope.", "nah", "Nah, not really", "never",
        "no way", "not really", "Not at all", "definitely not", "Definitely NOT!",
        "of course not", "absolutely not", "certainly not", "I don't think so",
        "I don’t think so", "i dont think so", "I guess not", "not yet", "I haven't",
        "we didn't", "Noooo", "false", "0", "No, because it isn't worth it", "Sure not",
    ],
    "unsure": [
        "not sure", "Not sure.", "I'm not sure", "no idea", "No idea!", "I don't know",
        "dunno", "maybe", "Maybe?", "perhaps", "probably", "probably not", "Yes and no",
        "yes or no", "sort of", "kind of", "kinda", "sometimes", "it depends", "hard to say",
        "I can't remember", "not necessarily", "not always",
    ],
    "unclear": [
        "yes, no", "yeah no", "yes but not often", "hmm", "banana", "I guess", "the blue one",
        "42",
    ],
}


@pytest.mark.parametrize("answer, reading", [
    (answer, reading) for reading, answers in YES_NO_PHRASINGS.items() for answer in answers
])
def test_yes_no_reads_negation_and_doubt(answer: str, reading: str) -> None:
    parsed = parse_answer(YESNO, answer)
    if reading in ("yes", "no"):
        assert parsed == Valid(reading, reading)
    else:
        assert isinstance(parsed, Invalid)
        says = "not sure" if reading == "unsure" else "couldn't tell"
        assert says in parsed.message and "yes or no" in parsed.message


def test_yes_no_table_covers_enough_phrasings() -> None:
    assert sum(len(answers) for answers in YES_NO_PHRASINGS.values()) >= 60


def test_an_unclear_yes_no_is_reasked_not_recorded() -> None:
    guide = Guide(name="g", title="t", questions=[YESNO, Question(id="o", kind=QuestionKind.OPEN,
                                                                 text="And?")])
    turns = [opening(guide, {})]
    unsure = respond(guide, {}, turns, "not sure")
    assert unsure.reply.kind == "reask" and "skip" in unsure.reply.text
    assert unsure.answer.value is None and unsure.answer.meta == {"invalid": True}
    turns += [unsure.answer, unsure.reply]
    negated = respond(guide, {}, turns, "Definitely not")
    assert negated.answer.value == "no" and negated.reply.question_id == "o"
