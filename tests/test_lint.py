"""The job-story linter: each rule fires on the mistake it names, with a span and a rewrite."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobstory.delivery.lint import MAX_CHARS, RULES, lint, lint_analysis, parse

DATA = Path(__file__).parent / "data" / "lint_stories.tsv"
GOOD = ("When a client is 30 days past the due date on an invoice, I want to send a polite "
        "reminder without rewriting it each time, so I can get paid without souring the "
        "relationship.")


def rules(text: str) -> set[str]:
    return {f.rule for f in lint(text)}


def test_a_well_formed_story_has_no_findings() -> None:
    assert lint(GOOD) == []


def test_parse_finds_the_three_parts_of_the_template() -> None:
    parts = parse(GOOD)
    assert parts.situation and GOOD[parts.situation[0]:parts.situation[1]].startswith(
        "When a client is 30 days")
    assert parts.motivation and GOOD[parts.motivation[0]:parts.motivation[1]] == (
        "send a polite reminder without rewriting it each time")
    assert parts.outcome and GOOD[parts.outcome[0]:parts.outcome[1]] == (
        "get paid without souring the relationship")


def test_a_persona_start_is_found_and_rewritten_without_it() -> None:
    text = "As a busy plumber, when a burst pipe call comes in during another job, I want to " \
           "give an honest arrival time, so I can keep the customer."
    [finding] = lint(text)
    assert (finding.code, text[finding.start:finding.end]) == ("JS01", "As a busy plumber")
    assert finding.rewrite and finding.rewrite.startswith("When a burst pipe call comes in")


def test_as_soon_as_is_a_situation_not_a_persona() -> None:
    assert rules("As soon as a client signs the contract, I want the kickoff meeting booked, "
                 "so I can start while they're excited.") == set()


def test_a_user_story_lacks_a_situation_and_names_a_solution() -> None:
    text = "As a user, I want to click a button to export my invoices so that I can send " \
           "them to my accountant."
    findings = {f.rule: f for f in lint(text)}
    assert set(findings) == {"persona", "no-situation", "solution"}
    solution = findings["solution"]
    assert text[solution.start:solution.end] == "click a button"
    assert solution.rewrite == ("When [situation: what happened just before they needed "
                                "this?], I want to export my invoices, so I can send them to "
                                "my accountant.")


def test_a_ui_word_in_the_situation_is_not_a_solution() -> None:
    assert rules("When the checkout page crashes during a flash sale, I want to know how many "
                 "orders we lost, so I can make it right with those customers.") == set()


def test_a_vague_situation_is_flagged() -> None:
    [finding] = lint("When I use the app, I want to see what I'm owed, so I can plan the month.")
    assert finding.rule == "vague-situation" and finding.start == 0


def test_missing_motivation_and_outcome_placeholders_are_findings() -> None:
    text = ("When he updates the exchange rate sheet without telling me, I want to (no "
            "motivation stated yet), so I can (no outcome stated yet).")
    assert rules(text) == {"no-motivation", "no-outcome"}
    assert rules("When a new client signs the quote, I want to turn the quote into an "
                 "invoice.") == {"no-outcome"}


def test_an_outcome_that_restates_the_motivation_is_flagged() -> None:
    assert "restated-outcome" in rules("When a customer pays by bank transfer, I want to match "
                                       "the payment to the invoice, so I can match payments.")
    assert "restated-outcome" in rules("When a customer complains the food arrived cold, I "
                                       "want to refund them, so I can do it quickly.")


def test_more_than_three_sentences_is_too_long() -> None:
    text = GOOD + " My partner used to do this. Now it's me. It takes a weekend."
    [finding] = lint(text)
    assert finding.rule == "too-long"
    assert text[finding.start:finding.end] == "It takes a weekend."  # past the third


def test_several_situations_come_back_split_into_one_story_each() -> None:
    text = ("When a big customer disputes an invoice, or when a payment bounces, I want to see "
            "the account's history, so I can respond with facts.")
    [finding] = lint(text)
    assert finding.rule == "several-situations"
    assert finding.rewrite == (
        "When a big customer disputes an invoice, I want to see the account's history, so I "
        "can respond with facts. When a payment bounces, I want to see the account's history, "
        "so I can respond with facts.")


def test_a_study_story_without_quotes_has_no_evidence() -> None:
    assert [f.rule for f in lint(GOOD, evidence=[])] == ["no-evidence"]
    assert lint(GOOD, evidence=[{"text": "x"}]) == []
    analysis = {"job_stories": [
        {"id": "js-1", "text": GOOD, "situation": {"quotes": []}, "motivation": {"quotes": []},
         "outcome": {"quotes": []}},
        {"id": "js-2", "text": GOOD, "situation": {"quotes": [{"text": "q"}]}},
    ]}
    [first, second] = lint_analysis(analysis)
    assert [f["code"] for f in first["findings"]] == ["JS10"]
    assert second["findings"] == []


def test_every_span_lies_inside_the_text_and_every_code_is_known() -> None:
    with DATA.open(encoding="utf-8", newline="") as handle:
        stories = [row["story"] for row in csv.DictReader(handle, delimiter="\t")]
    assert len(stories) >= 150
    for story in stories:
        for finding in lint(story):
            assert finding.code in RULES and RULES[finding.code][0] == finding.rule
            assert 0 <= finding.start <= finding.end <= len(story)


def test_the_labelled_set_has_a_fixed_third_held_out_with_every_rule() -> None:
    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    test = [r for r in rows if r["split"] == "test"]
    assert abs(len(test) - len(rows) / 3) <= 2
    held_out = {label for r in test for label in r["labels"].split(",")}
    assert {slug for slug, _ in RULES.values()} - {"no-evidence"} <= held_out


def test_text_longer_than_the_bound_is_refused() -> None:
    with pytest.raises(ValueError, match="at most"):
        lint("When " + "x " * MAX_CHARS)


PIECES = st.sampled_from(["When ", "As a ", "I want to ", "I'd like ", ", so I can ", "so that ",
                          ", or when ", " and ", ". ", "(", ")", "[x]", "click a button",
                          "the app", "it", "\n", "—", "…", "é", "\u2028"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40))
def test_any_text_lints_without_error_and_spans_stay_inside(pieces: list[str]) -> None:
    text = "".join(pieces)[:MAX_CHARS]
    for finding in lint(text):
        assert 0 <= finding.start <= finding.end <= len(text)
        assert finding.code in RULES and finding.message


def test_the_parts_are_found_when_the_commas_are_missing() -> None:
    for text, motivation in (("When I am busy I want a thing so I can be happy", "a thing"),
                             ("When I am busy I want to get a thing so that I can be happy",
                              "get a thing")):
        parts = parse(text)
        assert parts.situation and text[slice(*parts.situation)] == "When I am busy"
        assert parts.motivation and text[slice(*parts.motivation)] == motivation
        assert parts.outcome and text[slice(*parts.outcome)] == "be happy"
        assert "motivation missing" not in {f.message for f in lint(text)}
    # a "need" inside the opening clause is still the situation's own verb
    assert parse("When I need to pay so I can rest").motivation is None
    assert parse("When the invoice is late and I want to chase it so I can rest").motivation \
        is None
