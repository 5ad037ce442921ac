"""Exchanges: one question and the participant's whole answer to it, wherever the answer runs.

ILLUSTRATIVE transcripts, written into a temporary folder and read with `read_paths`.
"""

from __future__ import annotations

from pathlib import Path

from jobstory.synthesis.exchanges import build_exchanges, exchange_of
from jobstory.synthesis.ingest import read_paths
from jobstory.synthesis.segment import segment
from jobstory.synthesis.sources import Parsed, Segment

KITCHEN = (
    "Interviewer: Take me to the last time the rota went wrong.\n"
    "Participant: It was a Saturday in June.\n"
    "Interviewer: Mm-hm.\n"
    "Participant: Two chefs didn't show up because the rota on the wall was the old one.\n"
    "Interviewer: Oof.\n"
    "Participant: I had to call my sister in to wash dishes.\n"
    "Interviewer: So nobody came in.\n"
    "Participant: Nobody. I found out at ten past seven.\n"
    "Interviewer: Right. And what did you try after that?\n"
    "Participant: A shared spreadsheet.\n"
    "Participant: It lasted about a month.\n"
)


def read(tmp_path: Path, files: dict[str, str]) -> list[Parsed]:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    parsed, errors = read_paths([tmp_path])
    assert errors == []
    return parsed


def test_back_channels_do_not_split_an_answer(tmp_path: Path) -> None:
    parsed = read(tmp_path, {"kitchen.txt": KITCHEN})
    text = parsed[0].source.text
    exchanges = build_exchanges(parsed)
    assert [e.question for e in exchanges] == [
        "Take me to the last time the rota went wrong.",
        "Right. And what did you try after that?",
    ]
    first, second = exchanges
    # The first answer runs across three back-channels to the end of the story.
    assert text[first.start:first.end].startswith("It was a Saturday in June.")
    assert text[first.start:first.end].endswith("I found out at ten past seven.")
    assert "Mm-hm." in text[first.start:first.end], "the span covers the whole reply"
    assert text[second.start:second.end] == "A shared spreadsheet.\nParticipant: It lasted " \
                                             "about a month."
    assert [e.ordinal for e in exchanges] == [0, 1]
    assert {e.participant for e in exchanges} == {"kitchen"}
    assert first.id == f"kitchen.txt#{first.start}-{first.end}"


def test_a_real_question_opens_a_new_exchange(tmp_path: Path) -> None:
    asked = KITCHEN.replace("Interviewer: Oof.\n", "Interviewer: Oof. Who did you call?\n")
    parsed = read(tmp_path, {"kitchen.txt": asked})
    text = parsed[0].source.text
    exchanges = build_exchanges(parsed)
    assert [e.question for e in exchanges] == [
        "Take me to the last time the rota went wrong.",
        "Oof. Who did you call?",
        "Right. And what did you try after that?",
    ]
    assert text[exchanges[0].start:exchanges[0].end].endswith("was the old one.")
    assert text[exchanges[1].start:exchanges[1].end].startswith("I had to call my sister")


def test_a_short_prompt_without_a_question_mark_opens_a_new_exchange(tmp_path: Path) -> None:
    # "Paint me a picture of the first month." asks, however short and unpunctuated as a
    # question; "So nobody came in." still does not
    for prompt in ("Paint me a picture of the first month.", "Talk about the first weeks.",
                   "The early weeks. Tell me."):
        asked = KITCHEN.replace("Interviewer: Oof.\n", f"Interviewer: {prompt}\n")
        exchanges = build_exchanges(read(tmp_path, {"kitchen.txt": asked}))
        assert [e.question for e in exchanges] == [
            "Take me to the last time the rota went wrong.", prompt,
            "Right. And what did you try after that?"], prompt


def test_a_pleasantry_is_no_back_channel_what_is_said_back_is_an_exchange_of_its_own(
        tmp_path: Path) -> None:
    # short and asking nothing, like "Oof.", but it turns the talk to small talk
    wed = KITCHEN.replace("Interviewer: Oof.\n", "Interviewer: Congratulations on the wedding!\n")
    parsed = read(tmp_path, {"kitchen.txt": wed})
    text = parsed[0].source.text
    exchanges = build_exchanges(parsed)
    assert [e.question for e in exchanges] == [
        "Take me to the last time the rota went wrong.",
        "Congratulations on the wedding!",
        "Right. And what did you try after that?",
    ]
    assert text[exchanges[1].start:].startswith("I had to call my sister in")


#: An interviewer who only says "Mm." and "Go on." after the opening question.
UNPROMPTED = (
    "Interviewer: Tell me about the shop, and how you came to use the new booking system.\n"
    "Participant: We've been on the high street eleven years. It's me and two mechanics.\n"
    "Interviewer: Mm.\n"
    "Participant: The diary never said what was already down in the cellar.\n"
    "Interviewer: Go on.\n"
    "Participant: So I looked. A friend had a booking widget, and that was all it did.\n"
    "Interviewer: Mm-hm.\n"
    "Participant: What's changed? We haven't lost a bike since January.\n"
)


def test_a_turn_after_a_back_channel_that_says_its_stage_goes_on_as_its_own_exchange(
        tmp_path: Path) -> None:
    parsed = read(tmp_path, {"shop.txt": UNPROMPTED})
    text = parsed[0].source.text
    exchanges = build_exchanges(parsed)
    answers = [text[e.start:e.end] for e in exchanges]
    assert [a.split(".")[0] for a in answers] == [
        "We've been on the high street eleven years", "So I looked", "What's changed? We haven't "
        "lost a bike since January"]
    # the first answer still runs across the back-channel before a turn with no stage of its own
    assert answers[0].endswith("what was already down in the cellar.")
    assert [(e.stage, e.continued) for e in exchanges] == [
        (None, False), ("active_looking", True), ("what_changed", True)]
    # still an answer to the question that was asked
    assert {e.question for e in exchanges} == {
        "Tell me about the shop, and how you came to use the new booking system."}
    assert [e.ordinal for e in exchanges] == [0, 1, 2]


def test_survey_rows_give_one_exchange_per_answer(tmp_path: Path) -> None:
    survey = (
        "participant,question,answer\n"
        "p1,What made you look for a new tool?,The old one kept crashing at month end.\n"
        "p1,What nearly stopped you?,\"Moving five years of records, honestly.\"\n"
        "p2,What made you look for a new tool?,My accountant asked for it.\n"
        "p2,What nearly stopped you?,Price.\n"
    )
    parsed = read(tmp_path, {"survey.csv": survey})
    text = parsed[0].source.text
    exchanges = build_exchanges(parsed)
    answers = [text[e.start:e.end] for e in exchanges]
    assert answers == ["The old one kept crashing at month end.",
                       "Moving five years of records, honestly.",
                       "My accountant asked for it.", "Price."]
    assert [(e.participant, e.ordinal) for e in exchanges] == [("p1", 0), ("p1", 1),
                                                               ("p2", 0), ("p2", 1)]
    assert [e.question for e in exchanges] == ["What made you look for a new tool?",
                                               "What nearly stopped you?"] * 2
    assert len({e.question_id for e in exchanges}) == 2


def test_each_segment_maps_to_the_exchange_holding_it(tmp_path: Path) -> None:
    parsed = read(tmp_path, {
        "kitchen.txt": KITCHEN,
        "group.txt": (
            "Interviewer: How do you two split the ordering?\n"
            "Dana: I do the dry goods on Mondays.\n"
            "Luis: And I do the fish, every morning at six.\n"
            "Dana: Unless he forgets.\n"
            "Interviewer: What happens then?\n"
            "Luis: Then we have no fish.\n"
        ),
    })
    exchanges = build_exchanges(parsed)
    segments = segment(parsed)
    index = exchange_of(segments, exchanges)
    assert len(index) == len(segments) and min(index) >= 0
    for seg, k in zip(segments, index):
        exchange = exchanges[k]
        assert exchange.source_id == seg.source_id
        assert exchange.participant == seg.participant
        assert exchange.start <= seg.start and seg.end <= exchange.end
    by_text = {seg.text: exchanges[k] for seg, k in zip(segments, index)}
    assert by_text["Two chefs didn't show up because the rota on the wall was the old one."] \
        is by_text["It was a Saturday in June."]
    assert by_text["It lasted about a month."].question == \
        "Right. And what did you try after that?"
    # In a group, a unit belongs to its own speaker's exchange, not the one around it.
    assert by_text["And I do the fish, every morning at six."].participant == "Luis"
    assert by_text["Unless he forgets."].participant == "Dana"
    assert by_text["Unless he forgets."].question == "How do you two split the ordering?"
    assert by_text["Then we have no fish."].question == "What happens then?"
    # A unit no exchange holds (another source, or outside every answer) maps to -1.
    stray = [Segment("elsewhere.txt#0-5", "elsewhere.txt", "kitchen", 0, 5, "Hello", None, None),
             Segment("kitchen.txt#0-11", "kitchen.txt", "kitchen", 0, 11, "Interviewer",
                     None, None)]
    assert exchange_of(stray, exchanges) == [-1, -1]
