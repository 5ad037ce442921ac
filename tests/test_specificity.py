"""The specificity scorer: concrete stories are not vague, generalities are, fast and total."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest

from jobstory.domain import Question
from jobstory.interview.probes import neutrality_problems
from jobstory.interview.specificity import DIMENSIONS, MAX_CHARS, Assessment, assess

DATA = Path(__file__).parent / "data" / "specificity.tsv"
PHASES = {"first_thought", "passive_looking", "active_looking", "deciding", "first_use"}
FORCES = {"push", "pull", "anxiety", "habit"}


def open_question(text: str, *, phase: str | None = None, force: str | None = None) -> Question:
    return Question(id="q1", kind="open", text=text, phase=phase, force=force)


# Answers written for these tests, not taken from the labelled set.
CONCRETE = [
    "Our accountant quit in March.",
    "We tried Xero and a spreadsheet before this.",
    "$40 a month, and it took me 3 hours every Friday.",
    "Two weeks before the audit my co-founder found a $900 mistake in the ledger.",
    "I opened the laptop on the train to Leeds and saw the client had paid twice.",
    "My wife signed us up on Sunday night after the third takeaway that week.",
    "Last June our CTO moved the whole team from Jira to Linear in one afternoon.",
    "We were on Excel until 2021. Then Maria from finance built a Notion board.",
]
VAGUE = [
    "it was just annoying",
    "I guess it's easier",
    "usually it works fine",
    "everything basically",
    "I don't know, it was fine",
    "you know, the usual stuff",
    "it would be nice if it did more of the things we need",
    "It's more convenient and efficient, better overall, easier for everyone.",
    "like a million times probably",
    "I would probably use it more if it was cheaper, I think.",
    "I'd rather not say",
    "no idea",
    "nothing really",
]
LONG_VAGUE = (
    "Well, I think it's hard to say exactly, there were a lot of things going on and "
    "generally it just felt like the old way wasn't really working for us anymore, you "
    "know, things were getting harder and more complicated and everybody kind of felt that "
    "there must be an easier, better way to do all of this stuff, so over time we sort of "
    "drifted toward looking at options, and I guess that's basically how it happened, more "
    "or less, nothing dramatic, just the usual kind of thing that happens to every team."
)


@pytest.mark.parametrize("text", CONCRETE)
def test_concrete_answers_are_not_vague(text: str) -> None:
    assessment = assess(text)
    assert not assessment.vague, assessment
    assert assessment.specificity >= 0.5
    assert assessment.probe is None


@pytest.mark.parametrize("text", VAGUE)
def test_vague_answers_are_vague(text: str) -> None:
    assessment = assess(text)
    assert assessment.vague, assessment
    assert assessment.specificity < 0.5
    assert assessment.probe
    assert neutrality_problems(assessment.probe) == []


def test_length_does_not_decide() -> None:
    long_vague = assess(LONG_VAGUE)
    short_specific = assess("Our accountant quit in March.")
    assert len(LONG_VAGUE.split()) > 80
    assert long_vague.vague
    assert not short_specific.vague
    assert short_specific.specificity > long_vague.specificity


def test_a_hedge_inside_a_story_does_not_make_it_vague() -> None:
    text = "I guess it was around March, our accountant quit and I did payroll for 6 weeks."
    assert not assess(text).vague


def test_hyperbole_is_not_a_number() -> None:
    assert "numbers" in assess("like a million times honestly").missing
    assert "numbers" not in assess("$40 a month").missing


def test_missing_dimensions_make_sense() -> None:
    story = assess("Our accountant quit in March.")
    assert {"people", "time", "event"}.isdisjoint(story.missing)
    assert "numbers" in story.missing

    alternatives = assess("We tried Xero and a spreadsheet.")
    assert "alternatives" not in alternatives.missing

    numbers = assess("It cost $40 a month.")
    assert "numbers" not in numbers.missing

    place = assess("I was at my desk in the office when the invoice bounced.")
    assert "place" not in place.missing

    vague = assess("it was just annoying")
    assert set(vague.missing) == set(DIMENSIONS)

    for text in CONCRETE + VAGUE:
        missing = assess(text).missing
        assert set(missing) <= set(DIMENSIONS)
        assert len(set(missing)) == len(missing)


def test_missing_is_ordered_by_the_questions_phase() -> None:
    looking = open_question("Which options did you look at?", phase="active_looking")
    assert assess("the usual ones", looking).missing[0] == "alternatives"
    first = open_question("When did you first think about it?", phase="first_thought")
    assert assess("the usual ones", first).missing[0] == "event"
    habit = open_question("What kept you with the old way?", force="habit")
    assert assess("habit I guess", habit).missing[0] == "alternatives"


def test_an_answer_to_exactly_what_was_asked_counts() -> None:
    who = open_question("Who else was involved in the decision?", phase="deciding")
    assert not assess("My partner.", who).vague
    assert not assess("Just me and our CFO.", who).vague
    assert "people" not in assess("Just me.", who).missing
    assert assess("nobody really, I don't know", who).vague


def test_to_json_shape() -> None:
    assessment = assess("it was just annoying")
    data = assessment.to_json()
    assert set(data) == {"text", "specificity", "vague", "missing", "probe"}
    assert data["text"] == "it was just annoying"
    assert isinstance(data["missing"], list)
    assert data["vague"] is True and isinstance(data["probe"], str)
    assert json.loads(json.dumps(data)) == data
    assert isinstance(assessment, Assessment)
    with pytest.raises(AttributeError):
        assessment.vague = False  # type: ignore[misc]  # frozen


def test_deterministic() -> None:
    question = open_question("What was going wrong before?", force="push")
    for text in CONCRETE + VAGUE + [LONG_VAGUE]:
        first = assess(text, question, asked=("What happened the last time that came up?",))
        again = assess(text, question, asked=("What happened the last time that came up?",))
        assert first == again


def test_asked_probes_are_not_repeated() -> None:
    question = open_question("What was going wrong before?", force="push")
    asked: list[str] = []
    for _ in range(4):
        assessment = assess("it was just annoying", question, asked=asked)
        assert assessment.probe is not None
        assert assessment.probe not in asked
        asked.append(assessment.probe)
    cores = {p.split(" — ")[-1].lower() for p in asked}
    assert len(cores) == 4


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "x" * 10_000,
        "We switched in March because " * 400,
        "it was fine " * 1000,
        "Nous avons changé de banque en mars après une panne de l'application.",
        "Wir haben im März die Bank gewechselt, weil die App dreimal abgestürzt ist.",
        "我们三月份换了银行，因为应用程序崩溃了三次。",
        "Мы сменили банк в марте, потому что приложение падало.",
        "🤷",
        "😡😡😡 it was just 💩",
        "\x00\x01 control \x7f chars",
        "<script>alert('x')</script> it was fine",
        'she said "ignore previous instructions" and it was just annoying',
        "İ İ İ weird casing ﬁ ligature",
        "?!?!",
        "12345",
    ],
)
def test_odd_input_never_crashes(text: str) -> None:
    assessment = assess(text, open_question("What happened?", phase="first_use"))
    assert 0.0 <= assessment.specificity <= 1.0
    assert assessment.text == text
    assert set(assessment.missing) <= set(DIMENSIONS)
    if assessment.vague:
        assert assessment.probe and neutrality_problems(assessment.probe) == []
    else:
        assert assessment.probe is None
    json.dumps(assessment.to_json())


def test_empty_answer_is_vague() -> None:
    assert assess("").vague
    assert assess("   ").specificity == 0.0


def test_non_english_is_never_called_vague() -> None:
    for text in (
        "Nous avons changé de banque en mars après une panne de l'application.",
        "No sé, la verdad es que todo era un poco más fácil, pero nada en particular.",
        "我们三月份换了银行，因为应用程序崩溃了三次。",
    ):
        assert not assess(text).vague, text


def test_none_and_non_text_are_tolerated() -> None:
    assert assess(None).vague  # type: ignore[arg-type]
    assert assess(42).text == "42"  # type: ignore[arg-type]


def test_long_input_is_bounded_and_fast() -> None:
    text = "it was fine, we tried stuff " * 2000
    start = time.perf_counter()
    assessment = assess(text)
    elapsed = time.perf_counter() - start
    assert assessment.text == text
    assert len(text) > 5 * MAX_CHARS
    assert elapsed < 0.25  # generous: a busy CI machine; the benchmark reports the real figure


# ----------------------------------------------------------------------- labelled set


def load_rows() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_labelled_set_shape() -> None:
    header = DATA.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert header == ["id", "split", "phase", "category", "question", "text", "label"]
    rows = load_rows()
    assert len(rows) >= 200
    assert all(len(r) == 7 and None not in r.values() for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)
    labels = {r["label"] for r in rows}
    assert labels == {"vague", "specific"}
    vague = sum(r["label"] == "vague" for r in rows)
    assert 0.4 <= vague / len(rows) <= 0.6  # roughly balanced
    holdout = [r for r in rows if r["split"] == "holdout"]
    assert {r["split"] for r in rows} == {"tune", "holdout"}
    assert len(holdout) * 3 == len(rows)  # exactly a third
    # The rule fixed before tuning: holdout iff the id's number is divisible by 3.
    for row in rows:
        assert (row["split"] == "holdout") == (int(row["id"][1:]) % 3 == 0), row["id"]
    assert {r["label"] for r in holdout} == {"vague", "specific"}
    assert {r["phase"] for r in rows} == PHASES | FORCES
    assert len({r["category"] for r in rows}) >= 6
    assert all(r["text"].strip() and r["question"].strip() for r in rows)


def _f1(rows: list[dict[str, str]]) -> float:
    tp = fp = fn = 0
    for row in rows:
        force = row["phase"] if row["phase"] in FORCES else None
        question = open_question(
            row["question"], phase=None if force else row["phase"], force=force
        )
        predicted = assess(row["text"], question).vague
        gold = row["label"] == "vague"
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
    return 2 * tp / (2 * tp + fp + fn)


def test_holdout_quality_floor() -> None:
    """Guards against regressions; `benchmarks/specificity.py` prints the full figures."""
    holdout = [r for r in load_rows() if r["split"] == "holdout"]
    assert _f1(holdout) >= 0.85


def test_length_alone_does_not_separate_the_labels() -> None:
    rows = load_rows()
    gold = [r["label"] == "vague" for r in rows]
    best = 0.0
    for threshold in range(0, 80):
        for shorter in (True, False):
            predicted = [(len(r["text"].split()) <= threshold) == shorter for r in rows]
            tp = sum(p and g for p, g in zip(predicted, gold, strict=True))
            fp = sum(p and not g for p, g in zip(predicted, gold, strict=True))
            fn = sum(g and not p for p, g in zip(predicted, gold, strict=True))
            best = max(best, 2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    always_vague = 2 * sum(gold) / (len(gold) + sum(gold))
    assert best < always_vague + 0.05  # no better than saying "vague" every time
    assert _f1(rows) > best + 0.2
