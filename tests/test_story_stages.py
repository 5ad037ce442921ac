"""The stage a participant's turn says the story has got to, when nobody asked.

ILLUSTRATIVE sentences, written for these tests.
"""

from __future__ import annotations

import pytest

from jobstory.synthesis.story_stages import stage_told


@pytest.mark.parametrize("turn, stage", [
    ("Well, the first time I really thought, this can't go on, was the spring rush.",
     "first_thought"),
    ("And where the story starts, honestly, it starts with a complaint.", "first_thought"),
    ("So I looked. I'm not a computer person, I'll say that now.", "active_looking"),
    ("And then, so, we started asking around at the trade fair.", "active_looking"),
    ("Tessera came from a webinar. In the Q and A someone mentioned it.", "passive_looking"),
    ("I first heard about Tallyboard at the trade show.", "passive_looking"),
    ("I'd heard of it. There's a meet-up for us twice a year.", "passive_looking"),
    ("We came across it on a forum, actually.", "passive_looking"),
    ("What drew me was the checklist, the way you build your own.", "deciding"),
    ("My partner rang them back. That was what tipped it, really.", "deciding"),
    ("First few weeks, it was rough with the Saturday lad.", "first_use"),
    ("Then it settled. Took maybe a month to get into it properly.", "first_use"),
    ("What's changed? Honestly, we haven't lost an order since January.", "what_changed"),
    ("Since we switched, the phone hardly rings on a Monday.", "what_changed"),
])
def test_the_opening_of_a_turn_says_which_stage_it_tells(turn, stage):
    assert stage_told(turn) == stage


@pytest.mark.parametrize("turn", [
    "So the diary would say six services on a Tuesday, and that's about right for three of us.",
    "And then the big order went missing. Right. So the customer rang on the Friday.",
    "I won't pretend I wasn't nervous.",
    # hearing of a complaint, or telling someone of something, is no new way heard of
    "I heard about the complaint on the Monday. She was furious.",
    "I mentioned it to my husband, and he laughed.",
    # what got someone, told of the struggle, is what upset them
    "That's what got me, really. The dog sat at home and the pool stayed empty.",
    # a thing of the first month is no first use; "since then" carries on whatever was told
    "I rebooked her for the Tuesday, and I gave her the first month's check-up free.",
    "Since then I've rung round every single morning.",
    # looking for what was already theirs is no looking for a new way
    "The order was in an old thread, so when I went looking for the orders it wasn't there.",
    # nor is the reason for looking, told before the story gets there
    "Well, that's really the whole story of why we went looking, isn't it?",
    # a trial of something turned down is still looking
    "No, that was the other one. So I signed up for their trial.",
    # a stage mentioned later in the turn is not where the turn begins
    "We had the boxes on the floor for weeks. Nobody could find anything. "
    "That's when I started looking.",
])
def test_a_turn_that_does_not_open_on_a_stage_says_none(turn):
    assert stage_told(turn) is None


def test_a_turn_that_looked_and_chose_has_got_to_deciding():
    assert stage_told("I looked around a bit, and what sold me was the one basket.") == "deciding"


#: An interviewer who only says "Mm." and "Go on." after the opening question (illustrative).
UNPROMPTED = """Interviewer: Tell me about the shop, and how you came to use Tallyboard.
Participant: We're a bike shop on the high street, me and two mechanics. It all ran off a paper \
diary on the counter and tags on the handlebars.
Interviewer: Mm.
Participant: Well, the first time I really thought, this can't go on, was Easter. We had thirty \
bikes in a cellar that fits eighteen, and I was promising dates I had no business promising.
Interviewer: Go on.
Participant: So I looked. A friend showed me Tallyboard on his phone. The live queue on the \
tablet meant the lads could see what was next without shouting up the stairs.
Interviewer: Mm-hm.
Participant: First few weeks, it was rough. I still keep the paper diary on the counter, I just \
can't let it go.
"""


@pytest.mark.slow
def test_a_story_told_to_mm_and_go_on_is_coded_where_the_teller_says_it_is(tmp_path):
    from jobstory.synthesis.embed import make_embedder
    from jobstory.synthesis.pipeline import analyse, read_inputs

    (tmp_path / "shop.txt").write_text(UNPROMPTED, encoding="utf-8")
    analysis = analyse(read_inputs([tmp_path]), paths=["shop.txt"],
                       embedder=make_embedder("minilm-int8"))
    by_start = {s["text"].split(",")[0]: s for s in analysis["segments"]}
    assert by_start["Well"]["phase"] == "first_thought"
    assert by_start["So I looked."]["phase"] == "active_looking"
    assert by_start["First few weeks"]["phase"] == "first_use"
    kept = next(s for s in analysis["segments"] if s["text"].startswith("I still keep"))
    assert "habit" in kept["codes"]
