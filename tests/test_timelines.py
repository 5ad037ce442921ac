"""Switch timelines: each person's story read answer by answer, with the question as context.

Fast: the interviews are written out here as questions (already classified by phase and force)
and answers with code scores; every unit is a verbatim slice of its interview's text.
"""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from jobstory.synthesis.code import CODES, FORCES, Coding
from jobstory.synthesis.exchanges import Exchange
from jobstory.synthesis.sources import Segment
from jobstory.synthesis.timelines import (
    QUOTES_PER_FORCE,
    build_timelines,
    context_codes,
    says_no,
    timeline_record,
)


class Corpus:
    """Interviews, one source per participant: `ask` opens an exchange, `say` adds a unit to
    its answer. Every code gets a score, as from the coder; 0.5 or more is a code."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}
        self.segments: list[Segment] = []
        self.codings: list[Coding] = []
        self.exchanges: list[Exchange] = []
        self.index: list[int] = []
        self._open: dict[str, int] = {}

    def ask(self, who: str, question: str, phase: str, force: str | None = None) -> None:
        source = f"{who}.txt"
        text = self.texts.get(source, "") + f"Interviewer: {question}\n{who}: "
        self.texts[source] = text
        ordinal = sum(1 for e in self.exchanges if e.participant == who)
        self.exchanges.append(Exchange(f"{source}#{len(text)}", source, who, ordinal, question,
                                       None, len(text), len(text), phase, force))
        self._open[who] = len(self.exchanges) - 1

    def say(self, who: str, words: str, **scores: float) -> int:
        source = f"{who}.txt"
        k = self._open.get(who, -1)
        text = self.texts.get(source, "")
        if text and not text.endswith(": "):
            text += " "
        start = len(text)
        self.texts[source] = text + words
        end = start + len(words)
        self.segments.append(Segment(f"{source}#{start}-{end}", source, who, start, end, words,
                                     None, None))
        codes = tuple(c for c in CODES if scores.get(c, 0.0) >= 0.5)
        self.codings.append(Coding(codes=codes, scores={c: scores.get(c, 0.0) for c in CODES}))
        self.index.append(k)
        if k >= 0:
            self.exchanges[k] = replace(self.exchanges[k], end=end)
        return len(self.segments) - 1

    def timelines(self):
        return build_timelines(self.segments, self.codings, self.exchanges, self.index)


def test_an_answer_carries_the_force_its_question_asked_about_unless_it_denies_it():
    talk = Corpus()
    talk.ask("ana", "What did you like about the old way?", "deciding", "habit")
    liked = talk.say("ana", "I knew exactly where every cell in that spreadsheet was.")
    kept = talk.say("ana", "And it was free, which mattered to me.", functional=0.7)
    talk.ask("ana", "Any hesitation?", "deciding", "anxiety")
    denial = talk.say("ana", "No, not really.")
    nothing = talk.say("ana", "Nothing that kept me up at night.")
    back = talk.say("ana", "Do you mean about the price or about the switch?")
    filler = talk.say("ana", "Um, yeah, hmm.")
    worry = talk.say("ana", "Not at first, but losing five years of history scared me.")
    talk.ask("ana", "How long have you had the shop?", "background")
    plain = talk.say("ana", "Eleven years this September, since my dad retired.")
    outside = talk.say("ben", "I run the stall on my own at weekends.")  # in no exchange

    talk.ask("ana", "Were you worried about anything?", "deciding", "anxiety")
    unworried = talk.say("ana", "I didn't have any real concerns.", anxiety=0.8)
    why = talk.say("ana", "My sister had used it for years at her salon.")

    codes = context_codes(talk.segments, talk.codings, talk.exchanges, talk.index)
    assert codes[liked].codes == ("habit",)
    assert codes[kept].codes == ("habit", "functional"), "the coder's own codes stay"
    assert codes[worry].codes == ("anxiety",), "a turn after a denial is a worry"
    # a worry said to be absent, and what explains its absence, are no anxiety
    assert codes[unworried].codes == () and codes[why].codes == ()
    for unit in (denial, nothing, back, filler):
        assert codes[unit].codes == (), talk.segments[unit].text
    assert codes[plain].codes == () and codes[outside].codes == ()
    assert all(c.scores == original.scores for c, original in zip(codes, talk.codings))


def test_a_force_the_coder_ruled_out_is_not_added_by_the_question():
    # asked how the rota ran, "I ended up hoovering the floor myself" is the struggle, no habit
    talk = Corpus()
    talk.ask("ana", "How did you run the rota before?", "background", "habit")
    failed = talk.say("ana", "So I ended up hoovering the third floor myself.", push=0.8)
    routine = talk.say("ana", "I'd send the week out on a Sunday night.", functional=0.6)
    talk.codings[failed] = replace(talk.codings[failed], ruled_out=("habit",))
    codes = context_codes(talk.segments, talk.codings, talk.exchanges, talk.index)
    assert codes[failed].codes == ("push",)
    assert codes[routine].codes == ("habit", "functional")


def test_an_answer_that_only_says_no_in_the_questions_words_carries_no_code():
    talk = Corpus()
    talk.ask("ana", "We'll talk for ten minutes about how you plan the rota. Does that sound "
             "good? Do you have any questions before we begin?", "background")
    meta = talk.say("ana", "I don't have any questions at the moment.", push=0.7,
                    functional=0.6)
    talk.ask("ana", "Was anything worrying you about the switch?", "deciding", "anxiety")
    unworried = talk.say("ana", "Nothing worried me.", anxiety=0.6)
    talk.ask("ana", "Do you have any questions before we begin?", "background")
    told = talk.say("ana", "No, but the rota app never showed me who had swapped.", push=0.8)
    talk.ask("ana", "Does the new app help with swaps?", "what_changed")
    says_more = talk.say("ana", "It doesn't help with swaps on a bank holiday.", outcome=0.6)

    codes = context_codes(talk.segments, talk.codings, talk.exchanges, talk.index)
    assert codes[meta].codes == () and codes[unworried].codes == ()
    assert codes[told].codes == ("push",), "an answer that goes on to say more keeps its codes"
    assert codes[says_more].codes == ("outcome",), "words the question did not use say more"
    assert codes[meta].scores == talk.codings[meta].scores


def test_a_long_interviewer_turn_is_read_for_its_last_question_in_linear_time():
    turn = "and then we talk about the rota " * 20_000  # no sentence ends for 640,000 chars
    start = time.perf_counter()
    assert not says_no("I don't talk about the rota.", turn)  # nothing asked
    assert says_no("I don't have any questions.", turn + ". Do you have any questions?")
    assert time.perf_counter() - start < 5.0  # ~0.3 s here; a quadratic search took minutes


def test_the_most_concrete_struggle_sentence_is_the_struggling_moment():
    talk = Corpus()
    talk.ask("ana", "When did you first think the rota was not working?", "first_thought",
             "push")
    vague = talk.say("ana", "It was just really stressful all the time, you know.")
    general = talk.say("ana", "Things kept going wrong with the rota and people got annoyed.")
    talk.ask("ana", "Take me to the day it went wrong.", "struggling_moment", "push")
    concrete = talk.say("ana", "On a Saturday in June at ten past seven, two chefs did not show "
                               "up at the Leeds kitchen and we lost 400 pounds of bookings.")
    talk.say("ana", "Do you mean the Leeds one or the York one?")
    talk.say("ana", "Awful.")
    talk.ask("ana", "What's changed since?", "what_changed")
    talk.say("ana", "On Saturday 4 May at 7am all 12 staff at the Leeds kitchen knew their "
                    "shifts to the minute.")
    talk.ask("ben", "How long have you run the stall?", "background")
    talk.say("ben", "Nine years at the Thursday market in Otley, since 2015.")

    lines = talk.timelines()
    assert sorted(lines) == ["ana", "ben"]
    ana = lines["ana"]
    assert ana.struggle == [concrete, general, vague]
    assert ana.concreteness > 0.9
    record = timeline_record(ana, talk.segments)
    moment = record["struggling_moment"]
    assert moment["text"] == talk.segments[concrete].text
    assert [q["text"] for q in moment["evidence"]] == [talk.segments[vague].text,
                                                      talk.segments[general].text]
    # Someone never asked about a struggle has no struggling moment, however concrete.
    assert lines["ben"].struggle == [] and lines["ben"].concreteness == 0.0
    assert timeline_record(lines["ben"], talk.segments)["struggling_moment"] is None


def test_the_struggle_told_when_asked_about_the_routine_is_the_struggling_moment():
    """Asked how the rota ran before, Kelly tells the night it broke: that is her struggling
    moment, told before it was asked for; the routine around it is not."""
    talk = Corpus()
    talk.ask("kelly", "And how did you run the rota before?", "background", "habit")
    routine = talk.say("kelly", "A WhatsApp group, and I'd post the week every Sunday night.")
    broke = talk.say("kelly", "So I ended up hoovering the third floor myself at half seven "
                              "with my son doing his homework in reception.")
    episode = talk.say("kelly", "That week nobody turned up at Clyde Marine on the Tuesday.")
    talk.ask("kelly", "How long have you had the business?", "background")
    talk.say("kelly", "Nine years, and I ended up with thirty cleaners.")
    struggle = talk.timelines()["kelly"].struggle
    assert sorted(struggle) == [broke, episode]
    assert routine not in struggle


def test_alternatives_are_kept_with_their_kind():
    talk = Corpus()
    talk.ask("ana", "How did you keep track of bookings?", "background")
    talk.say("ana", "A spreadsheet my brother built, for years.")
    talk.ask("ana", "What options did you consider?", "active_looking")
    sheet = talk.say("ana", "We tried a shared Google Sheet for a month.")
    diary = talk.say("ana", "My partner suggested a paper diary by the till.")
    person = talk.say("ana", "We thought about hiring a bookkeeper two days a week.")
    product = talk.say("ana", "We had a demo of Deputy in the spring.")
    # where she heard of the new way is a channel, not an alternative she weighed
    talk.say("ana", "A friend in our WhatsApp group told me about it.")
    talk.ask("ana", "Did you think about not changing anything?", "deciding", "habit")
    nothing = talk.say("ana", "For a while we thought about just leaving it as it was.")
    talk.say("ana", "The spreadsheet was free, which I liked.")

    ana = talk.timelines()["ana"]
    assert ana.alternatives == [("spreadsheet", sheet), ("paper", diary), ("a person", person),
                                ("another product", product), ("doing nothing", nothing)]
    record = timeline_record(ana, talk.segments)
    assert [a["kind"] for a in record["alternatives"]] == [
        "spreadsheet", "paper", "a person", "another product", "doing nothing"]
    assert record["alternatives"][1]["text"] == "My partner suggested a paper diary by the till."


def test_a_person_mentioned_while_looking_is_no_alternative_unless_weighed():
    talk = Corpus()
    talk.ask("ana", "How did you come across it?", "passive_looking")
    talk.say("ana", "The contractor uploads the invoice to the booking himself.")
    talk.say("ana", "The agency can see every shift we post.")
    rang = talk.say("ana", "Before that we rang the agency for cover every Friday.")
    talk.ask("ana", "What else did you look at?", "active_looking")
    hire = talk.say("ana", "I thought about hiring a freelancer to do the rota.")

    ana = talk.timelines()["ana"]
    assert ana.alternatives == [("a person", rang), ("a person", hire)]


def test_what_changed_with_a_number_is_a_result():
    talk = Corpus()
    talk.ask("ana", "What made you choose it in the end?", "deciding", "pull")
    chose = talk.say("ana", "It sent the reminders for me, automatically.")
    talk.ask("ana", "Tell me about the first time you used it.", "first_use")
    first = talk.say("ana", "I set it up on the sofa on a Sunday night.")
    talk.ask("ana", "What's changed since?", "what_changed")
    calmer = talk.say("ana", "It just feels calmer in the office.")
    paid = talk.say("ana", "We get paid in about 10 days now instead of 40.")
    payroll = talk.say("ana", "Payroll takes twenty minutes instead of half a day.")
    talk.say("ana", "Fine.")

    ana = talk.timelines()["ana"]
    assert ana.decision == [chose] and ana.first_use == [first]
    assert ana.what_changed == [calmer, paid, payroll]
    assert ana.results == [paid, payroll]


def test_forces_list_the_substantive_units_coded_with_them_most_sure_first():
    talk = Corpus()
    talk.ask("ana", "Any hesitation?", "deciding", "anxiety")
    mild = talk.say("ana", "I worried a little about the price going up.", anxiety=0.6)
    strong = talk.say("ana", "I was terrified of losing five years of history.", anxiety=0.95)
    talk.say("ana", "Scary.", anxiety=0.9)  # a reaction: never a timeline entry alone
    ana = talk.timelines()["ana"]
    assert ana.forces["anxiety"] == [strong, mild]
    assert set(ana.forces) == set(FORCES)


def test_timeline_record_quotes_are_verbatim_with_their_offsets():
    talk = Corpus()
    for who in ("ana", "ben"):
        talk.ask(who, "Take me to the day it went wrong.", "struggling_moment", "push")
        talk.say(who, "The card reader died at the Saturday market at six in the morning.",
                 push=0.9)
        talk.say(who, "I turned away maybe thirty customers, about 300 pounds.", push=0.8)
        talk.ask(who, "What options did you consider?", "active_looking")
        talk.say(who, "I looked at a paper notebook for cash sales.")
        talk.ask(who, "What made you choose it in the end?", "deciding", "pull")
        for n in range(6):
            talk.say(who, f"It worked offline, which mattered reason {n}.", pull=0.5 + n / 20)
        talk.ask(who, "What's changed since?", "what_changed")
        talk.say(who, "I took 1,200 pounds last Saturday without a single failed card.")
    lines = talk.timelines()
    for who, line in lines.items():
        record = timeline_record(line, talk.segments)
        assert record["participant"] == who
        quotes = [record["struggling_moment"], *record["struggling_moment"]["evidence"],
                  *record["alternatives"], *record["decision"], *record["what_changed"],
                  *record["results"], *(q for force in FORCES for q in record[force])]
        assert len(quotes) >= 10
        for quote in quotes:
            text = talk.texts[quote["source"]]
            assert text[quote["start"]:quote["end"]] == quote["text"]
            assert quote["participant"] == who and quote["source"] == f"{who}.txt"
        assert len(record["pull"]) == QUOTES_PER_FORCE, "the most sure, in source order"
        assert [q["text"][-2:] for q in record["pull"]] == ["2.", "3.", "4.", "5."]
        assert len(record["decision"]) == 3


@pytest.mark.parametrize(("said", "kind"), [
    ("We rang the agency but they had nobody that week.", "a person"),
    ("We tried contractors for a month.", "a person"),
    ("Swaps went in the WhatsApp group and got lost.", "messages or a group chat"),
    ("I made a new rule that every swap goes through me.", "a workaround of their own"),
    ("I thought about doing the totals myself every week.", "a workaround of their own"),
    ("I considered doing every single booking myself.", "a workaround of their own"),
    ("Our teams were fine with the old way.", None),
    # what rules a name out, the search for the new way, where an idea or the news came from
    ("Honestly, doing nothing was not possible.", None),
    ("I wanted to close the month without copying a single number by hand.", None),
    ("I started looking the same week for a tool that matches payments.", None),
    ("A friend told me she photographs every receipt into an app.", None),
    ("Our bookkeeper suggested online invoicing.", None),
    ("Our bookkeeper suggested a shared spreadsheet.", "spreadsheet"),
])
def test_alternatives_are_named_by_kind_in_any_trade(said, kind):
    from jobstory.synthesis.alternatives import alternative_named

    named = alternative_named(said)
    assert (named[0] if named else None) == kind
