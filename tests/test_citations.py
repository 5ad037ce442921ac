"""The citation verifier: a claimed quote is accepted only where the participant said it."""

from __future__ import annotations

import doctest

from hypothesis import given, settings
from hypothesis import strategies as st

from jobstory.synthesis import citations
from jobstory.synthesis.citations import Passage, verify_quote

SOURCE = ("Q: What happened?\nA: By half nine I\u2019d rung eleven numbers \u2014 eleven! \u2014 "
          "and left   eight voicemails.\nQ: And then?\nA: I gave up and we cancelled.\n")


def passages() -> list[Passage]:
    out = []
    for line_start, line in _lines(SOURCE):
        if line.startswith("A: "):
            start = line_start + 3
            out.append(Passage("call.txt", start, line_start + len(line), line[3:]))
    return out


def _lines(text: str):
    at = 0
    for line in text.split("\n"):
        yield at, line
        at += len(line) + 1


def test_the_module_examples_hold():
    assert doctest.testmod(citations).failed == 0


def test_an_exact_quote_is_located_at_its_offsets_in_the_source():
    found = verify_quote("I gave up and we cancelled.", passages())
    assert found is not None and found.exact
    assert SOURCE[found.start:found.end] == found.text == "I gave up and we cancelled."


def test_straight_quotes_dashes_case_and_spaces_match_and_map_back_to_the_real_characters():
    found = verify_quote('"by half nine I\'d rung eleven numbers - eleven! - and left eight '
                         'voicemails"', passages())
    assert found is not None and not found.exact
    assert SOURCE[found.start:found.end] == found.text
    assert found.text.startswith("By half nine I\u2019d") and "left   eight" in found.text


def test_an_invented_or_altered_quote_is_rejected():
    assert verify_quote("everyone loves the product", passages()) is None
    assert verify_quote("I rang twelve numbers", passages()) is None
    assert verify_quote("I gave up and we cancelled the order", passages()) is None


def test_a_quote_from_the_interviewer_or_across_turns_is_rejected():
    assert verify_quote("What happened?", passages()) is None
    assert verify_quote("eight voicemails. Q: And then?", passages()) is None


def test_too_short_half_word_and_ellipsis_joined_claims_are_not_evidence():
    assert verify_quote("gave up", passages()) is None
    assert verify_quote("ung eleven numbers", passages()) is None
    assert verify_quote("I gave up ... eight voicemails", passages()) is None
    assert verify_quote("...I gave up and we cancelled...", passages()) is not None
    assert verify_quote(None, passages()) is None  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(st.text(min_size=0, max_size=80), st.integers(0, 60), st.integers(1, 40))
def test_any_match_is_a_verbatim_slice_and_every_real_span_on_word_edges_is_found(
        text, offset, length):
    passage = Passage("p.txt", 7, 7 + len(text), text)
    source = "x" * 7 + text
    claim = text[offset:offset + length]
    found = verify_quote(claim, [passage], min_words=1)
    if found is not None:
        assert source[found.start:found.end] == found.text
    stripped = claim.strip()
    whole_words = (claim and claim == stripped and claim[0].isalnum() and claim[-1].isalnum()
                   and (offset == 0 or not text[offset - 1].isalnum())
                   and (offset + len(claim) >= len(text)
                        or not text[offset + len(claim)].isalnum()))
    if whole_words and "..." not in claim and "\u2026" not in claim:
        assert found is not None
