"""A theme's label is a short phrase from its members' words, never a bare date or a reaction.

Themes are built by hand here (members, key phrases), so each labelling rule is checked on its
own; the sentences are written for these tests.
"""

from __future__ import annotations

import numpy as np

from jobstory.synthesis.keyphrases import distinct_phrases, key_phrases
from jobstory.synthesis.sources import Segment
from jobstory.synthesis.themes import NO_SHARED_WORDING, Theme, theme_label


def segments(*texts: str) -> list[Segment]:
    out, start = [], 0
    for k, text in enumerate(texts):
        out.append(Segment(f"p{k}.txt#{start}-{start + len(text)}", f"p{k}.txt", f"p{k}", start,
                           start + len(text), text, None, None))
        start += len(text) + 1
    return out


def theme(members: tuple[int, ...], key_phrases: tuple[str, ...] = ()) -> Theme:
    return Theme("push-1", "push", members, np.zeros(4), tuple(f"p{i}" for i in members),
                 key_phrases, 0.5, 0.5)


def test_a_shared_phrase_of_several_words_comes_first():
    said = segments("We were ringing people all morning.", "Ringing people at six again.")
    assert theme_label(theme((0, 1), ("ringing", "ringing people")), said) == "ringing people"


def test_without_a_phrase_the_two_most_distinctive_words():
    said = segments("The quote was wrong.", "Wrong invoice again.")
    assert theme_label(theme((0, 1), ("wrong", "invoice")), said) == "wrong · invoice"


def test_the_two_words_of_a_label_are_two_things_not_one_word_twice():
    said = segments("Delayed again by the crew.", "The delay cost us the connection.")
    label = theme_label(theme((0, 1), ("delayed", "delay", "connection")), said)
    assert label == "delayed · connection"


def test_feedback_labels_name_distinct_things():
    assert distinct_phrases(["cancelled", "cancelled flight", "cancelled flights", "refund",
                             "flight", "hotel"], 3) == ["cancelled", "refund", "flight"]
    assert distinct_phrases(["bag", "bags", "lost bag", "lost"], 3) == ["bag", "lost"]


def test_a_word_that_only_says_how_names_no_theme():
    said = segments("Honestly the group chat was chaos.", "Honestly, that group chat.")
    assert theme_label(theme((0, 1), ("honestly", "started properly", "group chat")),
                       said) == "group chat"
    assert theme_label(theme((0, 1), ("honestly", "chaos", "properly", "rota")),
                       said) == "chaos · rota"


def test_a_transcribers_note_is_not_what_anyone_said():
    found, other = key_phrases([["My notebook. [laughs] I kept it all in there.",
                                 "The notebook (laughs) was the system.",
                                 "A notebook, honestly. [laughs]"],
                                ["The rota was on the fridge.", "We had the fridge rota."]])
    assert found and not any("laugh" in phrase for phrase in found)
    assert "notebook" in found
    said, = key_phrases([["It crashes on my phone (Android) every time.",
                          "The phone (Android) app crashes."]])
    assert any("android" in phrase for phrase in said)  # a word someone bracketed is theirs


def test_without_shared_words_the_most_central_member_that_says_something_happened():
    said = segments("Tuesday the eighth, about eleven.", "Mortifying.",
                    "Nobody came in until half ten.")
    assert theme_label(theme((0, 1, 2)), said) == "Nobody came in until half ten."


def test_dates_and_reactions_alone_say_they_share_no_wording():
    said = segments("Saturday the fourteenth of October.", "Tuesday the third of December.",
                    "Old school.")
    assert theme_label(theme((0, 1, 2)), said) == NO_SHARED_WORDING


def test_a_long_member_is_cut_at_a_word_with_an_ellipsis():
    text = ("I liked being able to stand there with a coffee and see the whole week on one "
            "sheet of paper pinned above the sink.")
    label = theme_label(theme((0,)), segments(text))
    assert label.endswith("…") and len(label) <= 80 and text.startswith(label[:-1])
