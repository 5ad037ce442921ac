"""Feedback text cleaned for meaning, with the verbatim quote span kept."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jobstory.synthesis.feedback_text import clean, feedback_units


def test_handles_links_emails_and_phones_are_removed_for_meaning() -> None:
    text = "@acme my order never came, see https://t.co/abc or mail me at a.b@c.org / +1 (555) 123-4567"
    cleaned = clean(text)
    for noise in ("@acme", "https", "a.b@c.org", "555"):
        assert noise not in cleaned.text
    assert cleaned.text.startswith("my order never came")


def test_hashtags_keep_their_words_and_entities_read_as_characters() -> None:
    cleaned = clean("Refund took weeks &amp; nobody answered #CustomerService #fail")
    assert cleaned.text == "Refund took weeks & nobody answered Customer Service fail"


def test_runs_of_punctuation_collapse() -> None:
    assert clean("Why is it so slow???!!! Seriously.....").text == "Why is it so slow? Seriously."


def test_greeting_and_sign_off_are_not_meaning_but_the_quote_is_verbatim() -> None:
    text = "@shop Hi team,\nThe checkout page times out!!!\n\nKind regards,\nBob Smith"
    cleaned = clean(text)
    assert cleaned.text == "The checkout page times out!"
    assert text[cleaned.start:cleaned.end] == "The checkout page times out!!!"


def test_sent_from_my_phone_is_dropped() -> None:
    assert clean("Love the new layout. Sent from my iPhone").text == "Love the new layout."


def test_a_text_that_is_only_a_handle_or_a_link_means_nothing() -> None:
    assert clean("@acme").text == ""
    assert clean("  https://example.com/x  ").text == ""


def test_a_short_thank_you_alone_is_kept() -> None:
    assert clean("Thank you so much!").text == "Thank you so much!"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_the_quote_span_is_always_inside_the_text(text: str) -> None:
    cleaned = clean(text)
    assert 0 <= cleaned.start <= cleaned.end <= len(text)
    if cleaned.text:
        assert text[cleaned.start:cleaned.end].strip()


def test_a_quote_keeps_an_entity_whole() -> None:
    text = "@acme we left at 1:40pm &amp;"
    cleaned = clean(text)
    assert text[cleaned.start:cleaned.end] == "we left at 1:40pm &amp;"


def test_an_entity_is_no_turn_but_a_semicolon_is() -> None:
    text = "@acme lost my bag &amp; nobody called me back about it"
    assert [u.text for u in feedback_units(text)] == [
        "lost my bag & nobody called me back about it"]
    both = "the crew were lovely and kind; the food was cold and late again"
    assert [u.text for u in feedback_units(both)] == [
        "the crew were lovely and kind", "the food was cold and late again"]
