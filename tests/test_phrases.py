"""Job-story phrases: verbatim offsets, conservative normalisation, None when absent."""

from __future__ import annotations

import csv
import re
import time
from pathlib import Path

import pytest

from jobstory.synthesis import grammar
from jobstory.synthesis import motivation_phrases as mp
from jobstory.synthesis import phrases as ph
from jobstory.synthesis.motivation_phrases import motivation_phrase
from jobstory.synthesis.outcome_phrases import outcome_phrase, result_phrase
from jobstory.synthesis.phrases import Phrase, clause_phrase, situation_phrase

DATA = Path(__file__).parent / "data" / "coding.tsv"
FUNCTIONS = (situation_phrase, motivation_phrase, outcome_phrase)

# Words normalisation may introduce that are not in the span itself (present-tense auxiliaries
# and the negation of "so I don't have to ..."): anything else in a phrase must be verbatim.
AUXILIARIES = {
    "am", "is", "are", "has", "have", "do", "does", "don't", "doesn't", "isn't", "aren't",
    "can", "can't", "hasn't", "haven't", "not",
}


def _units() -> list[str]:
    with DATA.open(encoding="utf-8", newline="") as fh:
        return [r["text"] for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower().replace("\u2019", "'"))


def _allowed(span: str) -> set[str]:
    allowed = set(AUXILIARIES)
    for word in _words(span):
        allowed.add(word)
        base = grammar.IRREGULAR.get(word) or grammar.regular_base(word)
        if word.endswith("ing"):
            base = base or ph.gerund_base(word)  # "the goal was getting" -> "get"
        if base:
            allowed.update({base, grammar.third_singular(base)})
        if word.endswith("'d"):  # "we'd lost" made present: "we've lost"
            allowed.update({word[:-2] + "'ve", word[:-2] + "'s"})
    return allowed


@pytest.mark.parametrize(
    ("function", "unit", "expected"),
    [
        (situation_phrase, "when our accountant quit in March, I had to do it all",
         "our accountant quits"),
        # a reflexive closes its clause: "that hurts" is what follows, not the situation
        (situation_phrase, "after our new system went live we lost a whole day of bookings",
         "our new system goes live"),
        (situation_phrase, "when I've packed it myself that hurts in a different way",
         "I've packed it myself"),
        (situation_phrase, "every month-end I'm chasing invoices",
         "I'm chasing invoices every month-end"),
        (situation_phrase, "Every month I was pressing a button that sent the payslips out",
         "I am pressing a button that sends the payslips out every month"),
        (situation_phrase, "it was after we hired our fifth person", "we hire our fifth person"),
        # what follows from it, typed without an apostrophe, is a clause of its own
        (situation_phrase, "when someone cancels a block so thats £200 gone, I lose sleep",
         "someone cancels a block"),
        (situation_phrase, "when I invoiced the wrong client, it bounced",  # not in the table
         "I invoice the wrong client"),
        (situation_phrase, "after my card got declined abroad and I spent an hour on hold",
         "my card gets declined abroad"),
        (situation_phrase, "the moment I realised we were spending 150 a week on takeaways",
         "I realise we are spending 150 a week on takeaways"),
        # the word after a determiner is its noun, never the verb of a new clause
        (situation_phrase, "When my accountant sent back my books because I couldn't prove it",
         "my accountant sends back my books"),
        # a clause said without its comma ends where the next one's subject and verb begin
        (situation_phrase, "when I opened the fridge three trays were warm",
         "I open the fridge"),
        (situation_phrase, "when I paid one supplier twice it took weeks to sort out",
         "I pay one supplier twice"),
        (situation_phrase, "when we lost two drivers in a week", "we lose two drivers in a week"),
        # a participle after "be" or "get" is the clause's verb
        (situation_phrase, "When I'm involved in three projects at once, I drop things.",
         "I'm involved in three projects at once"),
        (situation_phrase, "When the nurse based in our clinic went home, nobody answered.",
         "the nurse based in our clinic goes home"),
        (motivation_phrase, "I needed to see who hadn't paid", "see who hasn't paid"),
        # a time before the want says when, and the want is still the speaker's own
        (motivation_phrase, "The day I wanted to quit, the boss rang.", "quit"),
        # who wanted it, named before the subject, is no relative clause
        (motivation_phrase, "As parents we wanted to know who was collecting him.",
         "know who is collecting him"),
        (motivation_phrase, "honestly I just wanted to send invoices from my phone, not at my desk",
         "send invoices from my phone"),
        # "that" after a verb or an adjective starts a want of its own
        (motivation_phrase, "I realised that I wanted to send invoices from my phone",
         "send invoices from my phone"),
        (motivation_phrase, "It was clear that we needed to change the rota",
         "change the rota"),
        # a relative takes its noun's number when the verb is made present
        (motivation_phrase, "I had to write two songs from ideas that were brainstormed",
         "write two songs from ideas that are brainstormed"),
        # a want after "so" (or a comma) is a clause of its own, whatever was denied before it
        (motivation_phrase, "It wasn't working so I needed to find something else",
         "find something else"),
        (motivation_phrase, "trying to get my notes and my to-do list in one place",
         "get my notes and my to-do list in one place"),
        (motivation_phrase, "the goal was getting all my meeting notes searchable",
         "get all my meeting notes searchable"),
        # a want of what others should do is a state to make sure of, the verb agreeing
        (motivation_phrase, "I wanted every patient to get a reminder the day before",
         "make sure every patient gets a reminder the day before"),
        (motivation_phrase, "I needed customers to get a message before I set off",
         "make sure customers get a message before I set off"),
        (motivation_phrase, "I wanted my clients to be able to book online",
         "make sure my clients are able to book online"),
        (motivation_phrase, "I want the work to be mine.", "make sure the work is mine"),
        # a want said as a cleft: what follows the copula
        (motivation_phrase, "What I wanted to do was spend time with my kids.",
         "spend time with my kids"),
        (motivation_phrase, "So what we needed to know is who had paid.", "know who has paid"),
        (outcome_phrase, "so I can stop worrying at tax time", "stop worrying at tax time"),
        (outcome_phrase, "I get my Sundays back", "get my Sundays back"),
        (outcome_phrase, "like I got my evenings back", "get my evenings back"),
        (outcome_phrase, "which means I can prep for a meeting in five minutes",
         "prep for a meeting in five minutes"),
        (outcome_phrase, "it sends reminders so I don't have to chase clients",
         "not have to chase clients"),
        (outcome_phrase, "to never be surprised by a bill again",
         "never be surprised by a bill again"),
        # "like" after a verb of seeming is no filler to trim; after anything else it is
        (outcome_phrase, "so I can know on a Wednesday what Friday looks like",
         "know on a Wednesday what Friday looks like"),
        (outcome_phrase, "so I can get the numbers in, like", "get the numbers in"),
        # what someone can tell the interviewer they can tell anyone
        (outcome_phrase, "Now I can tell you in about ten seconds who owes what.",
         "tell in about ten seconds who owes what"),
        # after its subject "like" is the verb
        (outcome_phrase, "Now I spend my time on the things I like, which is the accounts.",
         "spend my time on the things I like"),
        # the speaker's own words, a condition's asking, and "like" for "about" quote nobody
        (outcome_phrase, "I said, now we can see every booking.", "see every booking"),
        (outcome_phrase, "So when the inspector asks, I can show him the walk-in.",
         "show him the walk-in"),
        (outcome_phrase, "She said she'd got a customer wanting two more, and I could see "
         "on my screen that I had four left.", "see on my screen that I had four left"),
        (outcome_phrase, "And we get paid faster, I think, the office parks pay on time",
         "get paid faster"),
        (outcome_phrase, "We have more time for clients now.", "have more time for clients now"),
        # "so I can be able to" says "can" twice
        (outcome_phrase, "I looked up the rule in order to be able to explain it to the class",
         "explain it to the class"),
        # what it is for, said with "so I can", wins over what happens on the way
        (outcome_phrase, "Backups run every night and I get a report, so I can sleep before "
         "hearings.", "sleep before hearings"),
        (outcome_phrase, "We get paid faster, so we can take Fridays off.", "take Fridays off"),
        (outcome_phrase, "I see every order now, so I don't have to ring round.",
         "not have to ring round"),
    ],
)
def test_examples(function, unit, expected):
    phrase = function(unit)
    assert phrase is not None
    assert phrase.text == expected
    assert unit[phrase.start : phrase.end].strip() == unit[phrase.start : phrase.end]


@pytest.mark.parametrize(
    ("function", "unit"),
    [
        (situation_phrase, "I run a small landscaping company"),
        (situation_phrase, "tax time was a nightmare"),
        (situation_phrase, "after two weeks I gave up"),
        (situation_phrase, "do you know when it comes out?"),
        # a noun a participle describes is no moment: "after" a thing, not after it happened
        (situation_phrase, "After the work involved in the first novel (I was paranoid about "
         "getting facts wrong) I decided never to write another."),
        # ... nor a thing that happened without its verb: "When a long discussion by email"
        (situation_phrase, "In French, after a long discussion by email, the client chose one "
         "name."),
        (motivation_phrase, "the spreadsheet kept breaking"),
        (motivation_phrase, "my boss wanted to see the numbers"),
        (motivation_phrase, "I have to say, it's great"),
        # what they tell the interviewer is talk about the interview
        (motivation_phrase, "But I want to tell you about one Friday in particular."),
        (motivation_phrase, "I wanted to walk you through how it went."),
        # a want in a relative clause is about the thing before it: "produce" has no object
        (motivation_phrase, "I draw mockups of things that I want to produce with more care"),
        (motivation_phrase, "The one thing that we wanted to fix was the rota."),
        (motivation_phrase, "the old tool, which we needed to replace anyway"),
        (motivation_phrase, "One is something really cool that I'd like to put into my kits."),
        (motivation_phrase, "the reports that we need to send every month"),
        (motivation_phrase, "I take note of what I want to include in my kit."),
        # ... or a relative clause without its "that"
        (motivation_phrase, "That list is exactly the thing I was trying to do in my head."),
        # a want its own clause denies
        (motivation_phrase, "we trusted each other, so it never felt like we needed to see "
         "each other's work"),
        (motivation_phrase, "I don't think I wanted to change anything"),
        # what the thing is for, not who should act; whom a pronoun stands for; what it is
        (motivation_phrase, "I needed the history of the period to understand the buildings"),
        (motivation_phrase, "I wanted them to call me back."),
        (motivation_phrase, "I have an idea of what I want the pitch to look like."),
        (motivation_phrase, "I explained how I wanted the listener to feel and the tone."),
        # a want asked aloud is a doubt weighed, not the job
        (motivation_phrase, "And I was like, I'm already paying fees, do I really want to add "
         "another monthly charge."),
        (motivation_phrase, "So would we need to retrain everyone?"),
        (mp.wanted_thing_phrase, "do I really want another app on my phone"),
        # "every" said first of a thing and its relative clause names no time to move
        (situation_phrase, "Every supplier we use has my mobile number."),
        # a time things were fine is no situation
        (situation_phrase, "When we had a hundred clients it was fine."),
        (situation_phrase, "When we had a hundred clients, it was all fine, but then it grew."),
        # a time said to have been better than now is no struggle
        (situation_phrase, "She said it was so much easier when you could just pay on the app."),
        # a "when" that says what is known or asked is an embedded question, no circumstance
        (situation_phrase, "It's clear to me when a writer's heart is not in it."),
        # someone looking back on their story as they tell it
        (situation_phrase, "But when I look back at my diary from two summers ago I worked "
         "eleven Saturdays in a row."),
        (situation_phrase, "When you think about it, the van was always late."),
        (situation_phrase, "I can't tell when the rota has changed."),
        # "after a week" says how long, not after what
        (situation_phrase, "After a week the girls had all turned the notifications off."),
        (outcome_phrase, "so the team trusts the numbers"),
        (outcome_phrase, "I was worried about the cost"),
        (outcome_phrase, "I can't remember"),
        # "have" before a participle is a perfect: what happened, not something now had
        (outcome_phrase, "I have gone through a bad patch with the finished drawings."),
        (outcome_phrase, "We have dumped half the old sketches in the bin."),
        (outcome_phrase, "We have significantly cut down the need for contractors."),
        (outcome_phrase, "We have not had one late form since then."),
        (outcome_phrase, "We have never missed a pick-up."),
        (outcome_phrase, "I have to do it by hand."),
        (outcome_phrase, "I still track that in a spreadsheet."),
        (outcome_phrase, "I see what you mean."),
        # an embedded question names a topic, not something done
        (result_phrase, "More importantly, how I feel about myself as I write."),
        # a chore, not a result
        (result_phrase, "Before it I'd have to draw the frames by hand."),
        # a degree, not a purpose
        (outcome_phrase, "I use it a lot, so much so that I can recognise some users' prompts"),
        # a relative clause has lost its object to the thing before "which"
        (result_phrase, "The app has a timesheet part which I use now and then."),
        # a possessive in a prepositional phrase is no verb: a subject alone is no moment
        (clause_phrase, "The driver from my sister's old firm, a man called Ray, quit in May."),
        # a negation typed without its apostrophe is a negation
        (result_phrase, "i cant see who paid until the end of the month"),
        # a want inside a relative clause after a plural noun: its object is that noun
        (motivation_phrase, "I use AI to create specific images I want to insert in my slides."),
        # a perfect said with "always" is lifelong, not what changed
        (result_phrase, "I've always struggled with writing copy for the shop."),
        (result_phrase, "We had always done the rota by hand on a Sunday night."),
        (motivation_phrase, "i dont think i wanted to change anything at all"),
        # the verb of a clause whose subject is in the clause before, or an instruction
    (clause_phrase, "They'd message two people, not hear back, and then tell me on Friday."),
    (clause_phrase, "Check every job by hand before I invoice."),
    # a question someone asked or was asked, not something done
        (result_phrase, "Can I change to a half."),
        (result_phrase, "Could we move it to the Friday."),
        # someone else's words, quoted without quotation marks
        (outcome_phrase, "A customer saying on the phone, oh, I know you're busy, I emailed."),
        (result_phrase, "A customer saying on the phone, oh, I know you're busy, I emailed."),
        (outcome_phrase, "One of the mums texted me saying, this is brilliant, I can finally "
         "see what she's doing."),
    ],
)
def test_none_when_absent(function, unit):
    assert function(unit) is None


@pytest.mark.parametrize("unit", ["", "   ", "🙂🙂", "when?", "so", "to", "x" * 10_000])
def test_degenerate_units(unit):
    for function in FUNCTIONS:
        assert function(unit) is None


def test_offsets_are_verbatim_and_nothing_is_invented():
    seen = 0
    for unit in _units():
        for function in FUNCTIONS:
            phrase = function(unit)
            if phrase is None:
                continue
            seen += 1
            assert isinstance(phrase, Phrase)
            assert 0 <= phrase.start < phrase.end <= len(unit)
            span = unit[phrase.start : phrase.end]
            assert span == span.strip() and phrase.text == phrase.text.strip()
            text = phrase.text
            if function is motivation_phrase:  # the frame of a want of what others should do
                text = text.removeprefix("make sure ")
            extra = set(_words(text)) - _allowed(span)
            assert not extra, (function.__name__, unit, phrase, extra)
    assert seen >= 120


def test_long_and_adversarial_units_are_fast():
    units = [
        ", " * 5_000 + "so I can", "I wanted to " + " ," * 4_000 + "z", "when we " + "and " * 3_000,
        "when our accountant quit " * 500, "so I can " + "run " * 3_000 + " " * 3_000,
        "I needed to see who hadn't paid. " * 300, "and " * 5_000 + "I can run", "to " * 4_000,
        "I we " * 2_000,  # thousands of subjects, each one a candidate result
    ]
    start = time.perf_counter()
    for unit in units:
        for function in (*FUNCTIONS, result_phrase, mp.desired_state_phrase):
            phrase = function(unit)
            if phrase is not None:
                assert 0 <= phrase.start < phrase.end <= len(unit)
    assert time.perf_counter() - start < 10.0  # ~0.5 s here


def test_non_english_does_not_crash():
    for unit in ["Wir wollten die Rechnungen schneller verschicken.", "我们想更快地发送发票",
                 "Cuando nuestro contador renunció"]:
        for function in FUNCTIONS:
            function(unit)


@pytest.mark.parametrize(("unit", "expected"), [
    ("Usually what I do when I'm starting a project is brainstorm a setting and characters.",
     "I'm starting a project"),
    ("What happened when the bank feed broke was that nobody noticed.", "the bank feed breaks"),
    ("I panic when the deadline is close.", "the deadline is close"),  # no "what": kept whole
    # a subject pronoun's own verb and particle: "was" is the sentence's, not the clause's
    ("The first thing he said to me when I walked in was, \"I was the last one.\"", "I walk in"),
    ("When the box I plugged in was broken, I rang them.", "the box I plug in was broken"),
])
def test_a_when_clause_inside_what_i_do_ends_at_its_copula(unit: str, expected: str) -> None:
    found = situation_phrase(unit)
    assert found is not None and found.text == expected


@pytest.mark.parametrize(("unit", "expected"), [
    # a verb that wants an object, with none before "was": which moment, not the moment
    ("But the moment I really remember was last March.", None),
    ("The moment I knew was when the van broke down.", "the van breaks down"),
    # a verb that wants none: the moment itself
    ("The moment she walked in was when I knew.", "she walks in"),
    ("The moment I realised we were over budget, I stopped.", "I realise we are over budget"),
])
def test_the_moment_i_remember_names_a_moment_and_is_not_one(unit: str, expected) -> None:
    found = situation_phrase(unit)
    assert (found.text if found else None) == expected


def test_a_focusing_adverb_before_because_goes_with_the_reason() -> None:
    unit = ("And we have two new clients who came partly because we showed them that they can "
            "see and approve their own terms.")
    found = outcome_phrase(unit)
    assert found is not None and found.text == "have two new clients who come"
    assert unit[found.start:found.end] == "have two new clients who came"


@pytest.mark.parametrize(("unit", "expected"), [
    # "I" only in a relative clause on the thing named: a thing, not what happened
    ("An antivirus thing, a backup thing, a meal kit that I think was paused but apparently "
     "not paused.", None),
    # an -ing form left without its subject once "it was only" is trimmed
    ("The cargo bike sat there, and it was only waiting for brake pads that I ordered wrong.",
     None),
    ("Knowing there is this ability to generate ideas for my business, I make art.", None),
    # an -ing form with a verb of its own is the clause's subject
    ("Drawing tends to take much longer for me than writing.",
     "drawing tends to take much longer for me than writing"),
    ("That week I rang eleven numbers before nine.", "that week I ring eleven numbers before nine"),
])
def test_a_told_moment_needs_a_subject_of_its_own(unit: str, expected) -> None:
    found = clause_phrase(unit)
    assert (found.text if found else None) == expected


def test_every_time_introduces_the_situation_not_a_frequency() -> None:
    unit = "Every time a client pays late I have to chase them."
    found = situation_phrase(unit)
    assert found is not None and found.text == "a client pays late"
    assert unit[found.start:found.end] == "a client pays late"


@pytest.mark.parametrize(("unit", "expected"), [
    ("Sunday desk shift, Ellie called in sick at seven.", "someone calls in sick at seven"),
    ("I rang eleven numbers before nine.", "I ring eleven numbers before nine"),
    ("Nurses are gold dust at the moment, honestly.", None),  # a plural noun, not a name
    # an acronym names a body or a thing, not a person to call "someone"
    ("AI was still an absolutely terrible writer back then.", None),
    ("HMRC wrote to me in the March about the late return.", None),
    # ... which, opening a clause that is the speaker's own, is its subject
    ("Deliveries stopped coming on time for me.", "deliveries stop coming on time for me"),
    # a name ending in "s" is one person: its verb agrees with "someone"
    ("James rang me at six that morning.", "someone rings me at six that morning"),
    # a clause after a comma that opens on its verb has lost its subject
    ("A new client, Harriet, had texted me on the Saturday, and I said yes.", None),
    # an activity, not a person: a gerund opening a sentence is no name
    ("Brainstorming is the most successful exchange, generally speaking.", None),
    # no subject once "it was really" is trimmed; a subject that points to words said before
    ("For me, it was really exciting to see my sketch turn into a picture.", None),
    ("That was the worst part of my week, every week.", None),
    ("Kasia and Eilidh had sorted it between themselves.", None),
    ("Did you ever find out why it broke?", None),
    ("On Thursday I open the shop on my own again.", "on Thursday I open the shop on my own again"),
    ("Month-end took me three days of copying bank lines by hand.",
     "month-end took me three days of copying bank lines by hand"),  # no name: a compound
    # a participle after "been" stays one: not "has been pays"
    ("So Anna had been paid for twelve hours she hadn't worked.",
     "someone has been paid for twelve hours"),
    # ... and an adverb between "been" and its participle leaves the participle one
    ("I found the whole order had been completely cancelled.",
     "I find the whole order had been completely cancelled"),
    # an adverb between subject and verb: the verb still agrees with "I"
    ("I recently started a new job at a print shop.", "I recently start a new job at a print shop"),
    # a time said first is when in the story it happened, not part of the moment
    ("Two days later we got a bill for nine hundred pounds.",
     "we get a bill for nine hundred pounds"),
    ("At 6:30 I got a text from the cook.", "I get a text from the cook"),
    ("By half ten I gave up.", None),  # what is left is too short to be a moment
    # an "I" only inside a comparison is nobody's moment: the clause has no subject of its own
    ("It showed up on the screen moments later, often better than I had even imagined it.",
     None),
    ("About forty percent of what we sell goes between October and January.", None),
    ("It helps, compare its interpretations to how I feel about the scene.", None),
    # "let's say" only frames the moment as an example
    ("Lets say I have an idea for a small village outside a town.",
     "I have an idea for a small village outside a town"),
    ("I waited longer than anyone else in the queue that morning.",
     "I wait longer than anyone else in the queue that morning"),
    # a count of things ("thirty-seven phone calls", "ninety-nine percent") is no clause
    ("We lost the credits for cleans that I'm ninety-nine percent sure were done.",
     "we lose the credits for cleans that I'm ninety-nine percent sure is done"),
    ("We'd had thirty-seven phone calls asking where my box was by then.",
     "we've had thirty-seven phone calls asking where my box is by then"),
    # a number before its subject is the clause's object, fronted: "When thirty we box up"
    # is no moment (a number that is the subject stays)
    ("Thirty we boxed up for the Christmas market and sent to the stall.", None),
    ("Two of my staff rang in sick on the Saturday morning.",
     "two of my staff ring in sick on the Saturday morning"),
])
def test_clause_phrase_keeps_the_moment_and_drops_the_names(unit, expected) -> None:
    found = ph.clause_phrase(unit)
    assert (found.text if found else None) == expected
    if found:
        assert 0 <= found.start < found.end <= len(unit)


@pytest.mark.parametrize(("unit", "expected"), [
    ("I gave her four months of records before she'd finished her coffee.",
     "give her four months of records before she's finished her coffee"),
    ("We moved everyone over in a week.", "move everyone over in a week"),
    # the verbs "and" joins move to the present with the first
    ("I sat in the truck at a gas station and signed up.",
     "sit in the truck at a gas station and sign up"),
    ("I was nervous about it.", None),          # a state, not something done
    ("We've not had an empty desk since.", None),  # "so I can" would reverse it
    ("I started in June, that's five months.", "start in June"),
    ("I thought it would never work.", None),
    # who someone is now is an outcome too; a feeling about saying so or a plan is not
    ("And in the morning I am a teacher again, not a call centre.", "be a teacher again"),
    ("We're home by six most nights.", "be home by six most nights"),
    ("I'm pleased to say it worked.", None),
    ("I'm going to keep it.", None),
    ("I am not stressed any more.", None),
    # a condition says when it happens, not what they do since
    ("So when I post the late shift it only goes to the people who can do it.", None),
    ("If we run short, it texts the bank staff.", None),
    # ... and so does a clause joined to one by "and"
    ("If you're booked on Thursday and I change Thursday, you get a text.", None),
    ("I closed the till and went home.", "close the till and go home"),
    # how it used to be is the opposite of a result; using something is one
    ("I used to sit up till midnight doing the books.", None),
    ("I used the app to invoice from the van.", "use the app to invoice from the van"),
    # a negation earlier in the clause says what no longer happens; one in another clause
    # does not reach it
    ("It's not the week where I sit up with a shoebox of receipts.", None),
    ("I don't ring round, I just post the shift in the app.", "post the shift in the app"),
    # verbs of any trade, not only the table's: read from the dictionary of English verbs
    ("Now I invoice the same afternoon.", "invoice the same afternoon"),
    ("I printed every label in ten minutes.", "print every label in ten minutes"),
    ("I list twice as much on the marketplace.", "list twice as much on the marketplace"),
    ("I believe it saves time.", None),  # an opinion, not something done
    ("Sorry, I pressed send too quickly.", None),  # too much of something went wrong
    ("I prefer to use my own notes.", None),  # a preference, not something done
    # how it was before: no outcome, however it is said
    ("It was chaos. Before the app, I rang round every morning.", None),
    ("I have dumped a lot of my work in the bin in the past.", None),
    ("I know before I leave the house who is on.", "know before I leave the house who is on"),
    # a time with a clause of its own goes whole, not half
    ("I paid for it from the boat the day the letter came home, because she snapped it at "
     "half three.", "pay for it from the boat"),
    # what someone would do is no result; what they had done is
    ("If I was totally blocked I'd stop and do something else.", None),
    ("I'd finished the payroll by ten.", "finish the payroll by ten"),
    # what still goes on as before is no result of a change
    ("We still have about a dozen tenants who pay by cheque.", None),
    # unless "still" concedes
    ("Even if the week is slow, I still finish the books by Friday.",
     "finish the books by Friday"),
    # the word after the verb is its object, however much it looks like a filler
    ("He sent a change with a photo, and I hit OK from my desk at work.",
     "hit OK from my desk at work"),
    ("I said yes the same evening.", None),
    ("Now I approve only the jobs over a hundred pounds.",
     "approve only the jobs over a hundred pounds"),
    # an aside between dashes or in brackets says how the speaker knows, not what changed
    ("And the Friday messages \u2014 I went back and counted once \u2014 were down to two.",
     None),
    ("The reminders (I checked them twice) go out at six.", None),
    ("The shift - which the app posts at two - fills and I get my Saturdays back.",
     "get my Saturdays back"),
    # how good someone is at something is who they are, unless said as a change
    ("I have ADHD and I'm awful at logistics.", None),
    ("I'm better at pricing jobs.", "be better at pricing jobs"),
    ("I'm good at pricing jobs now.", "be good at pricing jobs now"),
    # "so I can be able to" says "can" twice
    ("I'm able to quote on the spot.", "quote on the spot"),
    # how often it holds stands before "be"
    ("However, I am usually pleased with the ideas it suggests.",
     "usually be pleased with the ideas it suggests"),
    # what someone has done at some time in their life is their experience, not a result
    ("I've read all of the books I included at least once in my life, but it helps.", None),
    ("I've used a paper diary at least once in my life.", None),
    ("I've moved house four times in my life.", None),
    ("I've posted a shift on a group chat at least once. Now I invoice the same day.",
     "invoice the same day"),
    ("I have read every contract twice since March.", "read every contract twice since March"),
    ("I've finished the books earlier than ever.", "finish the books earlier than ever"),
    ("I've made my life easier.", "make my life easier"),
    # a subject after a noun that a copula introduces opens a relative clause about that noun:
    # what "save" saves is "the time", not the words after it
    ("The biggest change is the time I now save and therefore a better output.", None),
    ("It is a tool we use every day.", None),
    ("Every day I write five hundred words before lunch.",
     "write five hundred words before lunch"),
    ("In the end I finished the draft in a week.", "finish the draft in a week"),
    ("The difference is that I finish drafts in a week now.", "finish drafts in a week now"),
])
def test_result_phrase_turns_what_people_do_now_into_an_outcome(unit, expected) -> None:
    found = result_phrase(unit)
    assert (found.text if found else None) == expected


@pytest.mark.parametrize(("unit", "expected"), [
    ("We picked it because the orders go to the right kitchen, so nobody can cook twice.",
     "make sure the orders go to the right kitchen"),
    ("With the new board, so that no one can book the same van twice.",
     "make sure no one can book the same van twice"),
    ("The invoices that reach our bookkeeper now come straight from the jobs as they were done.",
     "make sure the invoices that reach our bookkeeper come straight from the jobs as they "
     "are done"),
    ("My volunteers can see the rota on their phones.",
     "make sure my volunteers can see the rota on their phones"),
    ("The app is cheap and my team is happy.", "make sure my team is happy"),
    # a word between the subject and its verb leaves the verb agreeing with the subject
    ("It's free and they all have it.", "make sure they all have it"),
    # a causative's bare verb agrees once "make sure" frames it
    ("I wanted to sell at the market and have the till and the website know about it at once.",
     "make sure the website knows about it at once"),
    # the speaker, the product or a discourse frame is no state of affairs anyone wanted
    ("We can see it.", None),
    ("It has a nice dashboard.", None),
    ("The thing is they are lazy.", None),
    ("Did the orders go to the right kitchen?", None),
    ("Every time a driver's been off sick, it's been covered by ten.", None),  # a condition
    # what would have been, or would be, is no state of affairs that is so
    ("Like, the truck would have had a star.", None),
    ("So the invoice would go out the same day.", None),
    ("The staff could have rung them.", None),
    # what a new way let people do, told in the past, is so now; what nobody could do failed
    ("The girls could see every order on the same screen, without asking me.",
     "make sure the girls can see every order on the same screen"),
    ("Nobody could find the folder.", None),
    ("No driver could see the notes.", None),
    # after a noun, "'s" before a noun is whose, not "is"; before a participle it is "has"
    ("You get a lot of extra paperwork, the school's extra forms.", None),
    ("And the trumpet's missed exactly one lesson.",
     "make sure the trumpet's missed exactly one lesson"),
    # an auxiliary standing for a verb said before leaves the state without its verb
    ("The ones who won't, their daughter books it for them.", None),
    # a verb inside the subject's relative clause leaves the subject without its own
    ("The way it's organised around the job, really.", None),
    ("So the average person who doesn't have much time.", None),
    # a thing judged with one noun is an opinion of it, not a state anyone makes sure of
    ("The text reminders are a godsend.", None),
    # a thing measured is a fact about it, not a state anyone makes sure of
    ("He said, the graveyard is sixty thousand, the app is a few hundred a month.", None),
    ("Our parts bill is about £400 a week.", None),
    # "one" stands for a thing named before: the state says nothing on its own
    ("The first two were fine, the third one is old school.", None),
    ("So the rota is a shared document everyone can see.",
     "make sure the rota is a shared document everyone can see"),
    # a shortcoming put up with is no state anyone wants made sure of
    ("The pictures from the model don't always come out realistic.", None),
    # two subjects joined by "and" would be cut to one without its verb: the next clause
    ("So the gym's invoices and the pool's invoices go straight to one inbox.",
     "make sure the pool's invoices go straight to one inbox"),
    # a list's last item, or the second of a pair its verb does not agree with alone, is no
    # subject
    ("The rent roll, the notices and the collection are the same record.", None),
    ("So when the board approves it, the letter and the amount come from one number.", None),
    ("Now the orders lock at seven and the list for the morning is final.",
     "make sure the list for the morning is final"),
    ("I switched, and the staff are on the same rota now.",
     "make sure the staff are on the same rota now"),
    # how things were, given as the reason for liking the new way, is no state anyone wants
    ("I liked that it drafts a first letter, because my own letters tended to sound like a "
     "summons.", None),
    ("I chose it because the parents get a reminder the day before.",
     "make sure the parents get a reminder the day before"),
])
def test_desired_state_phrase_reads_what_the_new_way_makes_true_as_a_want(unit, expected
                                                                           ) -> None:
    found = mp.desired_state_phrase(unit)
    assert (found.text if found else None) == expected
    if found:  # the words after "make sure" are the participant's, made present
        said = unit[found.start:found.end]
        assert found.text.removeprefix("make sure ").split()[0].lower() == \
            said.split()[0].lower()


@pytest.mark.parametrize(("unit", "expected"), [
    ("I wanted backups that run every night without anyone remembering.",
     "have backups that run every night without anyone remembering"),
    ("We needed one place for the rota.", "have one place for the rota"),
    ("I'd like a report every morning.", "have a report every morning"),
    ("I want the invoices paid on time.", "have the invoices paid on time"),  # a participle
    ("I was looking for something simpler that the whole team could use.",
     "find something simpler that the whole team could use"),
    # what it stands for was said before; denied; a deed, not a thing; "to" after the thing
    ("I needed it.", None),
    ("I wanted that too.", None),
    ("I didn't want another app to learn.", None),
    ("All I wanted was a quiet life.", None),
    ("I wanted out.", None),
    ("The thing that I wanted most was peace.", None),
    ("I wanted my team to stop using spreadsheets.", None),
    ("I keep track of things, but I need for it to be easier.", None),
])
def test_wanted_thing_phrase_reads_a_want_of_a_thing_as_having_it(unit, expected) -> None:
    found = mp.wanted_thing_phrase(unit)
    assert (found.text if found else None) == expected
    if found:  # everything after the framing verb is the participant's, verbatim
        verb, said = found.text.split(" ", 1)
        assert verb in ("have", "find") and unit[found.start:found.end] == said


@pytest.mark.parametrize(("said", "present"), [
    ("I could not show her the records", "I cannot show her the records"),
    ("we'd lost track of the tickets", "we've lost track of the tickets"),  # 'd + participle
    ("she'd finished her coffee", "she's finished her coffee"),
    ("I'd like to go", "I'd like to go"),  # 'd + a base form is "would": left alone
    ("they'd go home", "they'd go home"),
    ("the clients who were waiting", "the clients who are waiting"),
    # after a pronoun, any verb the dictionary knows; after a noun, only the table's, since
    # many -ed words are adjectives as well ("be more organised")
    ("we invoiced them twice and they queried it", "we invoice them twice and they query it"),
    ("we'd printed the labels", "we've printed the labels"),
    ("be more organised", "be more organised"),
    # a noun by where it stands (after a determiner or a possessive, opening the clause) is
    # the subject, even a noun that can be a verb too; its -ed verb is any the dictionary knows
    ("our fruit order got lost", "our fruit order gets lost"),
    ("a partner's laptop died the night before", "a partner's laptop dies the night before"),
    ("after the email bounced we rang", "after the email bounces we ring"),
    # after a verb the noun phrase is its object, and the -ed form a participle
    ("we had to get the van insured", "we have to get the van insured"),
    ("I got it and have it matched", "I get it and have it matched"),
    # ... also a noun phrase with no determiner, or after "have" or "had"
    ("I can get project started much quicker", "I can get project started much quicker"),
    ("I got the project started quicker", "I get the project started quicker"),
    ("it might have had me stuck for weeks", "it might have had me stuck for weeks"),
    # a pronoun for anyone is a subject as a personal one is: any verb the dictionary knows
    ("nobody picked it up", "nobody picks it up"),
    ("someone parked across the gate", "someone parks across the gate"),
    # what used to happen is how it went: told in the present, without "used to"
    ("I used to find the first draft hardest", "I find the first draft hardest"),
    ("she used to keep the rota in her head", "she keeps the rota in her head"),
    ("I used to be the only one who knew", "I am the only one who knows"),
    ("I used the app every day", "I use the app every day"),
    ("we got used to it", "we get used to it"),
    # a past form that only describes the noun before it stays; the clause's verb agrees
    # with that noun, not with the one inside the participle's phrase
    ("the figures needed for the audit went missing",
     "the figures needed for the audit go missing"),
    ("the time spent on admin doubled", "the time spent on admin doubles"),
    ("the parcel sent by courier got lost", "the parcel sent by courier gets lost"),
    ("the forms filled in by parents got lost", "the forms filled in by parents get lost"),
    # ... but a verb with a phrase of its own, before a new clause, is the clause's verb
    ("the client called in a panic", "the client calls in a panic"),
    ("the invoices arrived late and the client refused to pay",
     "the invoices arrive late and the client refuses to pay"),
    ("the client waited for an hour, then the nurse came",
     "the client waits for an hour, then the nurse comes"),
    ("the manager asked for the report the team wrote",
     "the manager asks for the report the team writes"),
    # a count that stands for its noun is plural
    ("all three had been vaccinated", "all three have been vaccinated"),
    ("each of them was late", "each of them is late"),
    # an adverb between the subject and its verb is no subject of its own
    ("we once started a morning late", "we once start a morning late"),
    ("they often rang at six", "they often ring at six"),
])
def test_what_was_said_in_the_past_reads_in_the_present(said: str, present: str) -> None:
    assert grammar.presentify(said) == present


def test_telling_the_interviewer_is_no_want_but_what_someone_can_tell_is() -> None:
    assert motivation_phrase("So I want to tell you about the worst Saturday we had.") is None
    assert motivation_phrase("Let me give you an example of that.") is None
    found = motivation_phrase("I wanted to be able to tell you in ten seconds who owes what.")
    assert found is not None and found.text.endswith("tell you in ten seconds who owes what")


def test_a_situation_told_once_reads_as_what_happens_and_loses_its_time() -> None:
    """"When we once started a morning late", "a month later one of my volunteers showed me":
    the one time it happened, and when, are no part of the situation as it recurs."""
    found = situation_phrase("When we once started a school morning thirty-five minutes late, "
                             "the bus was booked.")
    assert found is not None and found.text == "we start a school morning thirty-five minutes late"
    found = situation_phrase("When a month later one of my volunteers showed me a listing, I was "
                             "cross.")
    assert found is not None and found.text.startswith("one of my volunteers")
    found = clause_phrase("By the time I find out they've gone to another bakery for the lot.")
    assert found is not None and found.text.startswith("I find out")
    # "once a week" is how often, not one time
    found = situation_phrase("When we once a week drove to the depot, the van broke down.")
    assert found is not None and "once a week" in found.text


def test_a_time_that_opens_a_sentence_capitalised_is_nobody_s_name() -> None:
    found = clause_phrase("Month end used to take me two full days, sitting in the office.")
    assert found is not None and found.text.startswith("month end")
    assert "someone" not in found.text
    named = clause_phrase("James rang me at six to say the van was dead.")
    assert named is not None and named.text.startswith("someone rings me")
