"""Sentiment of feedback: labels per text and shares per theme."""

from __future__ import annotations

from jobstory.synthesis.sentiment import LABELS, Sentiment, polarity, theme_sentiment


def test_praise_complaint_and_plain_statement_get_the_three_labels() -> None:
    found = polarity(["The nurses were wonderful and kind.",
                      "Terrible service, the worst I have had.",
                      "The clinic is on the second floor."])
    assert [s.label for s in found] == ["positive", "negative", "neutral"]
    assert found[0].compound > 0 > found[1].compound


def test_a_flatly_told_service_failure_is_negative() -> None:
    assert polarity(["I waited two hours and still no refund."])[0].label == "negative"


def test_courtesy_is_not_praise() -> None:
    assert polarity(["@acme please help, my card was charged twice"])[0].label == "negative"


def test_handles_and_links_do_not_change_the_score() -> None:
    plain, noisy = polarity(["The app is great", "@acme The app is great https://t.co/x"])
    assert plain == noisy


def test_empty_text_is_neutral_and_order_is_kept() -> None:
    found = polarity(["", "I love it", "  "])
    assert [s.label for s in found] == ["neutral", "positive", "neutral"]


def test_theme_sentiment_counts_shares_and_strongest_examples_first() -> None:
    sentiments = [Sentiment("negative", -0.2), Sentiment("positive", 0.9),
                  Sentiment("negative", -0.8), Sentiment("neutral", 0.01),
                  Sentiment("negative", -0.5)]
    summary = theme_sentiment(sentiments, limit=2)
    assert summary.counts == {"negative": 3, "neutral": 1, "positive": 1}
    assert summary.total == 5
    assert summary.shares["negative"] == 0.6
    assert summary.examples["negative"] == [2, 4]
    assert summary.examples["positive"] == [1]


def test_theme_sentiment_of_no_members_is_all_zero() -> None:
    summary = theme_sentiment([])
    assert summary.total == 0
    assert all(summary.shares[label] == 0.0 for label in LABELS)


def test_thanks_alone_is_praise_but_not_beside_a_complaint() -> None:
    thanks, complaint = polarity(["Thanks!", "Thanks, but my bag is still missing."])
    assert thanks.label == "positive"
    assert complaint.label == "negative"


def test_a_question_is_not_praise() -> None:
    (asked,) = polarity(["Can I switch to an earlier slot without a penalty, would be great?"])
    assert asked.label == "neutral"


def test_something_that_did_not_happen_is_a_complaint() -> None:
    told, asked = polarity(["The link didn't work on my phone.", "Doesn't it open on phones?"])
    assert told.label == "negative"
    assert asked.label == "neutral"


def test_every_score_falls_in_its_labels_band() -> None:
    from jobstory.synthesis.sentiment import label_of

    texts = ["Thanks!", "Is it great?", "It didn't arrive.", "I love it but it broke.", "ok"]
    assert all(label_of(s.compound) == s.label for s in polarity(texts))
