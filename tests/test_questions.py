"""What a question asks: its switch-timeline phase and force, from the real encoder.

Questions are worded here for these tests (typical switch-interview questions), not taken from
any study. A guide's own phase/force wins; a generic follow-up continues the story before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pytest

from jobstory.synthesis.exchanges import Exchange
from jobstory.synthesis.questions import asked, classify

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def encode():
    from jobstory.synthesis.embed import default_embedder

    return default_embedder().encode


def exchanges(questions: Sequence[str | tuple[str, str]], source: str = "s.txt",
              participant: str = "p") -> list[Exchange]:
    """One participant's exchanges in order; a (question_id, text) pair carries a guide id."""
    out = []
    for i, question in enumerate(questions):
        qid, text = question if isinstance(question, tuple) else (None, question)
        out.append(Exchange(f"{source}#{i * 100}-{i * 100 + 50}", source, participant, i, text,
                            qid, i * 100, i * 100 + 50))
    return out


def phases(classified: Sequence[Exchange]) -> list[tuple[str, str | None]]:
    return [(e.phase, e.force) for e in classified]


@pytest.mark.parametrize("question, phase, force", [
    ("Take me to the last time it went wrong.", "struggling_moment", "push"),
    ("Think back to the worst week with the old system. What happened?",
     "struggling_moment", "push"),
    ("What did you like about the old way?", "deciding", "habit"),
    ("Was there anything you missed about the spreadsheet?", "deciding", "habit"),
    # the habit question in its usual wordings, none of which says "old way"
    ("Were there habits that were hard to break?", "deciding", "habit"),
    ("Was anything hard to change in the office?", "deciding", "habit"),
    ("Were there things you kept doing the same as before?", "deciding", "habit"),
    ("Was there anything you liked about the spreadsheet?", "deciding", "habit"),
    ("Was there anything about the paper diary you didn't want to lose?", "deciding", "habit"),
    ("Any hesitation?", "deciding", "anxiety"),
    ("Were you nervous about moving everything over?", "deciding", "anxiety"),
    ("What made you pick it in the end?", "deciding", "pull"),
    ("What made you go with them?", "deciding", "pull"),
    ("When did that change?", "first_thought", "push"),  # asks for a moment, not a result
    # a product's name the encoder has never seen does not change what is asked
    ("How did you come across Quillbeam?", "passive_looking", None),
    ("When did you first see it working?", "first_use", None),
    ("What options did you look at?", "active_looking", None),
    ("What did you look at after that?", "active_looking", None),
    ("What else did you try?", "active_looking", None),
    ("What was the first week with it like?", "first_use", None),
    ("What's changed since?", "what_changed", None),
    ("What changed after you switched?", "what_changed", None),
    ("What was different after you finally moved over to it?", "what_changed", None),
    ("Could you start by telling me what your business does?", "background", None),
    # a name of two words is one thing ("about it", not "about it it")
    ("Thanks for joining, Ana. Could you start by telling me a bit about Brightwater Bakery?",
     "background", None),
    # how it was done before: the old way, told as it was, is its habit
    ("How did you manage the bookings before you started using Quillbeam?", "background",
     "habit"),
    ("Tell me about the first time it really earned its keep.", "first_use", None),
    ("Thanks for sharing that. What parts of your teaching have changed the most since you "
     "started using the planner?", "what_changed", None),
    # a negation the encoder reads past: not "When did you first see it working?"
    ("When did you first think the old system wasn't working?", "first_thought", "push"),
    ("When did you start thinking it wasn't good enough?", "first_thought", "push"),
    ("Did anything not work at first?", "first_use", None),
    # what bothered them about the old way, not what they liked about it
    ("Were there other things about the old system that annoyed you?", "struggling_moment",
     "push"),
    ("Had anything like that happened before?", "struggling_moment", "push"),
    ("When did you start looking around?", "active_looking", None),
    # the job in their words: what they wanted, asked outright
    ("If you had to sum up what you were trying to get done, what would it be?", "deciding",
     None),
    ("What's changed?", "what_changed", None),  # up to now
    ("What made Quillbeam stand out?", "deciding", "pull"),
    # what set it apart, what won them over: what drew them, however short
    ("What did Quillbeam have that the others didn't?", "deciding", "pull"),
    ("(laughs) What won out?", "deciding", "pull"),
    ("So what won you over?", "deciding", "pull"),
    ("What made you look at Quillbeam?", "deciding", "pull"),  # the one they chose
    # the decision, whatever "a moment" shares with the struggling-moment questions
    ("Was there a moment where you decided?", "deciding", None),
    # deciding that the old way cannot go on is the first thought, not the choice
    ("Walk me through the day you decided something had to change.", "first_thought", "push"),
    ("When did you decide things had to change?", "first_thought", "push"),
    # how it was before, whatever the product's name brings to "moved to it"
    ("And how were you running things before you moved to Quillbeam?", "background", "habit"),
    ("How is this different from how you might have done it before?", "what_changed", None),
    ("So before Quillbeam, how did all that get organised?", "background", "habit"),
    ("And before Quillbeam, how did you two manage the bills? Who did what?", "background",
     "habit"),
    # how it went, or what they knew, before: no account of how it was done
    ("How were things between you two during that stretch, before you found something?",
     "background", None),
    ("Had you ever been overdrawn before, and did you know how the fees worked?", "background",
     None),
    # what held them to the old way, however it is asked
    ("And what made you keep the book as long as you did?", "deciding", "habit"),
    ("Is that why you kept the paper diary?", "deciding", "habit"),
    ("Why did you stick with the index cards?", "deciding", "habit"),
    ("Was there anything keeping you on the diary?", "deciding", "habit"),
    ("Was there anything about the paper forms you wanted to keep?", "deciding", "habit"),
    ("And was there something about the old way you liked?", "deciding", "habit"),
    # something that got missed is what went wrong, not something they miss
    ("Was there a moment where something got missed that really mattered?",
     "struggling_moment", "push"),
    ("Is there anything you miss about the old way?", "deciding", "habit"),
    ("What else do you find yourself missing, if anything?", "deciding", "habit"),
    ("Is there anything from the old days you actually miss?", "deciding", "habit"),
    # hearing of other ways, whatever the question says of the day or of noticing
    ("Before that Tuesday, had you been noticing other ways of taking orders, even in passing?",
     "passive_looking", None),
    ("Looking back, had you spotted alternatives before that week?", "passive_looking", None),
    ("When did you first come across Quillbeam?", "passive_looking", None),
    ("How did you find out about Quillbeam?", "passive_looking", None),
    # how a way worked, asked in the past: the old way's routine; a typical week as it was
    ("And the to-do app, how did that work day to day?", "background", "habit"),
    ("You said \"mostly WhatsApp\". What did a typical week's messages look like?",
     "background", "habit"),
    # "before you changed anything" is the time before, not a comparison with it
    ("What did planning look like before you changed anything?", "background", None),
    # setting it up is the first use, however it is asked, and the name said to them is no topic
    ("Talk me through setting it up.", "first_use", None),
    ("How did you go about setting it up?", "first_use", None),
    ("What was setting it up like, Ana?", "first_use", None),
    ("How did the grandparents get on with it?", "first_use", None),
    # starting to look, whatever the thought before it
    ("The fire was the turning point. After that, how did you start looking for a different "
     "way?", "active_looking", None),
    ("When did all that noticing turn into actually looking?", "active_looking", None),
    # looking like something is no search
    ("Can you describe what that process actually looks like for you?", "background", None),
    # getting used to it is the first use
    ("How long did it take before it felt normal?", "first_use", None),
    ("Did it feel odd at first?", "first_use", None),
    # the job in their words, whatever "switching" shares with the worry questions
    ("That helps. If you summarised what you were trying to achieve by switching, what would "
     "it be?", "deciding", None),
    ("(laughs) And what's different now?", "what_changed", None),
    ("What was working well about the paper diary?", "deciding", "habit"),
    # what they wanted of a new way is what drew them, however briefly it is asked
    ("What did you want?", "deciding", "pull"),
    ("What did you want to happen instead?", "deciding", "pull"),
    ("What did you need from a new system?", "deciding", "pull"),
    ("What were you hoping a new way would do?", "deciding", "pull"),
    ("So what's the thing everyone wants?", "background", None),  # what others want
    # learning what had happened, however much of it the question says, is a probe of the story
    ("When did you find out the order had never gone through?", "struggling_moment", "push"),
    ("How did you find out about Quillbeam?", "passive_looking", None),  # hearing of a new way
    # the first sign it was not working, however the negation is put
    ("What was the first sign that things might not be working?", "first_thought", "push"),
    ("So what pulled you to it?", "deciding", "pull"),
    ("What made you actually try it, as opposed to just filing it away?", "deciding", "pull"),
    # what they missed of the old way, or went on doing, is what held them
    ("Was there anything about the old way that you found yourself missing or continuing to "
     "do?", "deciding", "habit"),
    # ... and whether it goes on, asked of the old way's things
    ("And what about the old way, do you still go by feel at all?", "deciding", "habit"),
    ("Is the notebook still around?", "deciding", "habit"),
    ("What about the board on the van? Is it still there?", "deciding", "habit"),
    # a greeting asks for nothing in the timeline; asked of today, it asks what changed
    ("Thanks for joining, Gareth. How are things?", "background", None),
    # how things reached people, asked in the past, is how the old way ran
    ("How did those late changes get to Ronan?", "background", "habit"),
    ("How are things now?", "what_changed", None),
    # the closing question, whoever it says would hear it
    ("Anything else you'd like the people who build Quillbeam to hear?", "background", None),
    ("Is there anything else you would want the makers of tools like this to understand?",
     "background", None),
    # the time before, however the question goes on
    ("What was it like scheduling the rota before Quillbeam?", "background", None),
    ("Before Quillbeam, how did the office handle anything that changed with the switch?",
     "background", "habit"),
    # when the old way became a problem, and where their story starts
    ("When did that start to feel like a real problem?", "first_thought", "push"),
    ("So when did you first think it wasn't quite working?", "first_thought", "push"),
    ("Was that the first time it bit you, or had it been building up?", "first_thought",
     "push"),
    ("Where would you say your story starts?", "first_thought", "push"),
    # what they saw of a new way is what drew them; going live is its first use
    ("What do you remember from the demo?", "active_looking", "pull"),
    ("What did you try out during the trial?", "active_looking", "pull"),
    ("What about Quillbeam caught your attention?", "deciding", "pull"),
    ("So what was it about Quillbeam that interested you?", "deciding", "pull"),
    ("What was it about the shared list that caught you?", "deciding", "pull"),
    # ... but what caught them out is a mishap of the old way
    ("What caught you out?", "struggling_moment", "push"),
    ("Tell me about going live.", "first_use", None),
    ("How did switching over go?", "first_use", None),
    ("Were you aware of any software that did it at that stage?", "passive_looking", None),
    # what still bothers them, and advice to another, are asked from today
    ("Is anything still frustrating?", "what_changed", None),
    ("Is there anything that's still not right?", "what_changed", None),
    # an episode of the old way failing, asked for as such
    ("So talk me through what a failure looked like, before.", "struggling_moment", "push"),
    ("If a friend in your old job asked your advice, what would you say?", "what_changed",
     None),
    # an AI moderator's requests, their courtesies aside: an episode of the story, today
    # against before, the decision, the close
    ("Could you take me back to one specific claim that really stands out in your memory, "
     "and walk me through what happened, in as much detail as you're comfortable sharing?",
     "struggling_moment", "push"),
    ("Looking at it now, when you compare how claims work today with the paper sheets, what "
     "feels most different for you?", "what_changed", None),
    ("How did you put the case to Imran, and what helped him say yes?", "deciding", None),
    ("Was there anything else in that period, or was the July clash the thing that made you "
     "decide?", "struggling_moment", "push"),
    ("Before we finish, is there anything about your experience we haven't touched on that "
     "you think would be important for us to understand?", "background", None),
    # asked first, an episode is the struggle; the other ways they tried, however the encoder
    # weighs what is named before them
    ("You said something I'd like to come back to. You \"had seven shops\" and \"now have "
     "six.\" Would you be comfortable telling me what happened there?",
     "struggling_moment", "push"),
    ("So tell me about the time you didn't get away with it.", "struggling_moment", "push"),
    ("Could you take me back to the very beginning of that story, to the moment the order "
     "first reached you?", "first_thought", "push"),
    ("\"Open it on a Monday and feel guilty\" is a vivid way of putting it. Besides the "
     "spreadsheet, did you try any other tools or approaches?", "active_looking", None),
    ("Tell me about the first time you used it.", "first_use", None),
    ("That's a significant loss. When you look back on it now, what do you think was really at "
     "the root of the order going missing?", "struggling_moment", "push"),
    ("Perfect. Thanks so much for squeezing this in. How's Salthill today?", "background", None),
    ("Okay, we are recording. Marcus, thanks for doing this. How's your week going?",
     "background", None),
    ("Hi Camille, thanks so much for joining. How are things in Saskatoon?", "background", None),
    ("I promise I'll care. First, though, tell me about you and Prairie Lantern.",
     "background", None),
    ("How did rollout go?", "first_use", None),
    ("Walter, thanks for taking the time. How are things up in Vermont?", "background", None),
    ("So what happened on the Saturday?", "struggling_moment", "push"),
    ("Thanks for joining, Deb. To start us off, what made you go looking for something like "
     "Tempoly in the first place?", "first_thought", "push"),
    ("What got you looking seriously?", "active_looking", None),
    ("So how were bookings and guest details kept before?", "background", "habit"),
    ("And how were bookings and guest info handled back then?", "background", "habit"),
    ("Was there a moment you felt it was working?", "first_use", None),
    ("How was the move itself?", "first_use", None),
    ("And what happened with Paige?", "struggling_moment", "push"),
    # the encoder hears these as other stages: small talk as a probe, "comparing" as how
    # things compare now, "once you started using it" as how things ran before it
    ("Hey Lori, thanks for jumping on. How's Asheville treating you?", "background", None),
    ("When did you actually start comparing things?", "active_looking", None),
    ("What nudged you into actually comparing things?", "active_looking", None),
    ("What got you from bookmarking to actually trying things?", "active_looking", None),
    ("Did you go hunting for something better right then?", "active_looking", None),
    ("What happened once you started using it?", "first_use", None),
    ("Once you flipped over, how did it go at first?", "first_use", None),
    ("What did that first season on it look like?", "first_use", None),
    ("So what's actually different day to day?", "what_changed", None),
    ("And where are you now with it?", "what_changed", None),
    ("And these days, how does it feel?", "what_changed", None),
    ("Why Shelfwise over the rest?", "deciding", "pull"),
    ("How long has Northern Lights been around?", "background", None),
    ("What was the rollout like across two shops?", "first_use", None),
    ("Walk me through the first month or so.", "first_use", None),
    ("Fast forward to today. What does an event season feel like now?", "what_changed", None),
    ("Anything else drawing you toward it?", "deciding", "pull"),
    ("And once it was switched on?", "first_use", None),
    # a moderator's small talk after its preamble
    ("I'll be asking about a recent change in how your practice works. Before we begin, how "
     "is your day going?", "background", None),
    ("There are no right or wrong answers. Before we start, how has your day been so far?",
     "background", None),
    ("You can answer in as much detail as you like. First, how are you today?",
     "background", None),
    # a force named in the reflection before a question that says its own stage
    ("So some clients kept their old habits, and Tania kept her phone calls. Looking back, "
     "what has changed?", "what_changed", None),
    ("And what was the thing that wasn't working, before this app came along?",
     "struggling_moment", "push"),
    ("And this pick-up folder system, how did it actually work?", "background", "habit"),
    ("Any nerves about it?", "deciding", "anxiety"),
    ("So version control and visibility mattered most. Did you have any reservations before "
     "committing?", "deciding", "anxiety"),
    ("And what made you uneasy?", "deciding", "anxiety"),
    ("Tell me about the rollout.", "first_use", None),
    ("Paint me a picture of the first month.", "first_use", None),
    ("Let me zoom out for a second. What's the practice like?", "background", None),
    ("When did browsing become real shopping?", "active_looking", None),
    ("How did those stack up against each other?", "active_looking", None),
    ("What was the thing that made you change how the studio handles drawings?",
     "first_thought", "push"),
    ("Let's back up. How big is Cole and Finch?", "background", None),
    ("Right, we're recording. Thanks for making time on a Friday. To kick off, what does your "
     "business look like these days?", "background", None),
    ("What's the day like now?", "what_changed", None),
    # how the business began, and what someone's work is, open the interview
    ("Thanks for doing this, Jasmine. To kick off, what is Holt Floral, and how did it get "
     "started?", "background", None),
    ("Callum, thanks for making the time. What's the business and how did you get into it?",
     "background", None),
    ("Let's start easy: what's Driftwood Guest House, and how long have you had it?",
     "background", None),
    ("To start, could you tell me a bit about The Vault Rooms and what your week looks like?",
     "background", None),
    ("Can you start by telling me about the practice and what you do?", "background", None),
    ("How did you start looking for something else?", "active_looking", None),
    # what of the old way they kept
    ("Are there parts of the old approach that you've kept?", "deciding", "habit"),
    ("Are there any parts of the old system you still use?", "deciding", "habit"),
    ("Anything you're still wary of?", "deciding", "anxiety"),
    ("What got you over the line?", "deciding", None),
    ("Who had a say in it?", "deciding", None),
    ("Term one with it, how was that?", "first_use", None),
    ("Was sticking with Facebook ever an option?", "deciding", "habit"),
    ("Orla, hello, and thanks for giving us an hour. Where would you like to begin?",
     "background", None),
    ("Was there a moment when it tipped over from uncomfortable to something had to change?",
     "first_thought", "push"),
    ("What tipped it in Tuttí's favour?", "deciding", "pull"),
    ("When did that first feel like a real problem, not just a nuisance?", "first_thought",
     "push"),
    ("Anything you'd change?", "what_changed", None),
    ("Last one. Advice for a studio your size that's on the fence?", "what_changed", None),
    # terse and idiomatic: a name with an accent is a name, "pre-Tuttí" is the time before
    ("Paint me the first few weeks.", "first_use", None),
    ("And these days?", "what_changed", None),
    ("Any second thoughts?", "deciding", "anxiety"),
    ("What kept you up at night about it?", "deciding", "anxiety"),
    ("Where does Tuttí first come in?", "passive_looking", None),
    ("Any other contenders?", "active_looking", None),
    ("How did you make sure of that, pre-Tuttí?", "background", "habit"),
    ("How well did the Facebook events work?", "background", "habit"),
    ("Was anything on your radar at that point?", "passive_looking", None),
    ("Was there an episode where it came apart?", "struggling_moment", "push"),
    ("And Tuttí won because...?", "deciding", "pull"),
    ("And staying as you were, was that on the table?", "deciding", "habit"),
    ("Was staying put ever tempting?", "deciding", "habit"),
    ("The early weeks. Tell me.", "first_use", None),
    ("So how did Mike come round?", "deciding", None),
])
def test_typical_questions_classify_to_their_phase_and_force(encode, question, phase, force):
    # Asked first, so nothing before it could lend it a phase.
    classified, = classify(exchanges([question]), encode)
    assert (classified.phase, classified.force) == (phase, force)


@pytest.mark.parametrize("turn, question", [
    # an AI moderator reflects the last answer back before it asks
    ("That sounds exhausting. It seems the rota lived in your head and every swap came through "
     "you, which you liked at first. What was the first week with the new app like?",
     "What was the first week with the new app like?"),
    ("Think back to the worst week with the old system. What happened?",
     "Think back to the worst week with the old system. What happened?"),
    ("Thanks, that helps. What did you look at? Why those?",
     "Thanks, that helps. What did you look at? Why those?"),
    # a reaction or an echo before a short question is not part of what is asked
    ("Was? What happened with Tony?", "What happened with Tony?"),
    ("Oh no. What happened then?", "What happened then?"),
    ("Tell me about your shop.", "Tell me about your shop."),
])
def test_the_question_is_what_the_turn_asks_not_its_reflection(turn, question):
    assert asked(turn) == question


def test_a_reflected_answer_does_not_lend_its_phase_to_the_question(encode):
    turn = ("You said the old way worked for years and you liked your paper diary. What was "
            "the first week with the new app like?")
    classified, = classify(exchanges([turn]), encode)
    assert classified.phase == "first_use"


def test_a_short_question_that_says_its_phase_is_read_without_the_reflection_before_it(encode):
    # the reflection is about the struggle; the question asks what they looked at
    turn = ("That sounds frustrating, especially with keeping the records being part of your "
            "job. What did you look at after that?")
    classified, = classify(exchanges([turn]), encode)
    assert (classified.phase, classified.force) == ("active_looking", None)


def test_a_probe_after_a_reflection_is_read_as_a_probe_whatever_the_reflection_says(encode):
    # "That must have been a difficult week" is the moderator's echo of the story, not a
    # question about first use: the probe continues the struggle it follows
    classified = classify(exchanges([
        "Was there a particular moment when it all came to a head?",
        "Nine days late. That must have been a difficult week. What were the consequences?",
        "It sounds like the cost went beyond the penalty itself. How did that affect you?",
    ]), encode)
    assert phases(classified) == [("struggling_moment", "push")] * 3


@pytest.mark.parametrize("before, force", [
    ("How did you keep track of the bookings before?", "habit"),  # the old way
    ("Take me to the last time it went wrong.", "habit"),
    ("What made you pick Quillbeam in the end?", "pull"),  # the new way
    # after a worry about switching: the other force that held them back
    ("What were your worries about putting the forms online?", "habit"),
])
def test_what_someone_liked_about_that_is_habit_of_the_old_way_and_pull_of_the_new(
        encode, before, force):
    for liked in ("What did you like about that?",
                  "Was there anything about that way of working you valued?",
                  "What did you like about the chalkboard?", "What was good about that?",
                  "What did you love about doing it that way?",
                  "What worked about that?",
                  "Was there anything about the clipboard you liked?",
                  "Did the spreadsheet have its good points?",
                  "Was there anything good about it?"):
        classified = classify(exchanges([before, liked]), encode)
        assert (classified[1].phase, classified[1].force) == ("deciding", force)
    # a question that grants the way's pain asks what was good about the old one
    granted = classify(exchanges(["When did you start looking for something else?",
                                  "For all the pain, was there anything good about doing it "
                                  "by hand?"]), encode)
    assert phases(granted)[1] == ("deciding", "habit")
    # asked in the present, it is about the way things are done today
    today = classify(exchanges([before, "What do you like about this approach?"]), encode)
    assert today[1].force != "habit"


@pytest.mark.parametrize("drew", ["What was it about Quillbeam?", "Why Quillbeam?",
                                  "And how did you find Quillbeam?",
                                  "And what was it about it?"])
def test_what_it_was_about_the_thing_just_named_is_its_pull_while_weighing_ways(encode, drew):
    looking = classify(exchanges(["What options did you look at?", drew]), encode)
    assert (looking[1].phase, looking[1].force) == ("deciding", "pull")
    # of the struggle, it asks for more of the struggle; "why ...?" without a name is no such
    # question
    struggle = classify(exchanges(["Take me to the last time it went wrong.", drew]), encode)
    assert (struggle[1].phase, struggle[1].force) == ("struggling_moment", "push")
    why = classify(exchanges(["What options did you look at?", "Why did it hit you so hard?"]),
                   encode)
    assert why[1].force != "pull"


def test_how_they_found_a_new_way_is_how_they_came_across_it_when_their_answer_says_so(encode):
    asked = exchanges(["What options did you look at?", "And how did you find Quillbeam?"])
    # "I'd heard of it at a meet-up ...": the answer opens on hearing of it
    heard = [asked[0], replace(asked[1], stage="passive_looking")]
    assert phases(classify(heard, encode))[1] == ("passive_looking", None)
    # an answer that says nothing of hearing of it leaves what they made of it
    assert phases(classify(asked, encode))[1] == ("deciding", "pull")


def test_what_did_not_work_about_the_old_way_is_its_push(encode):
    classified = classify(exchanges([
        "How did you all keep track before?",
        "What worked about that?",
        "And what didn't work?",
    ]), encode)
    assert phases(classified) == [("background", "habit"), ("deciding", "habit"),
                                  ("struggling_moment", "push")]


def test_what_went_wrong_with_the_old_way_is_its_push(encode):
    told = classify(exchanges(["What was it like planning the week before Quillbeam?",
                               "So what went wrong with it?"]), encode)
    first_use = classify(exchanges(["What was the first week like?", "So what went wrong?"]),
                         encode)
    assert phases(told)[1] == ("struggling_moment", "push")
    assert phases(first_use)[1] == ("first_use", None)


def test_the_downside_of_the_old_way_is_its_push(encode):
    for downside in ("And the downside?", "What was bad about it?", "Any drawbacks?"):
        old = classify(exchanges(["How did you keep track of the bookings before?",
                                  "What was good about the whiteboard?", downside]), encode)
        assert phases(old) == [("background", "habit"), ("deciding", "habit"),
                               ("struggling_moment", "push")]
        # of the first weeks with the new way, it asks for more of those weeks
        new = classify(exchanges(["What was the first week like?", downside]), encode)
        assert phases(new) == [("first_use", None)] * 2


def test_a_time_it_did_not_work_asks_for_an_episode_of_the_way_being_told(encode):
    """"Can you tell me about a time it didn't work?" while the old way is told asks for its
    failure (push); after the switch, for more of the first weeks. The encoder alone hears it
    as "When did you first see it working?"."""
    for question in ("Can you tell me about a time it didn't work?",
                     "Was there a time when that didn’t work?"):
        old = classify(exchanges(["Tell me a bit about your salon.", "How did that play out?",
                                  question]), encode)
        assert phases(old)[2] == ("struggling_moment", "push")
        new = classify(exchanges(["What was the first week like?", question]), encode)
        assert phases(new) == [("first_use", None)] * 2


def test_a_force_named_just_before_a_short_question_is_still_what_it_asks_about(encode):
    classified, = classify(exchanges(["Those are fair worries. How did you get past them?"]),
                           encode)
    assert (classified.phase, classified.force) == ("deciding", "anxiety")


def test_generic_follow_ups_continue_the_phase_before_them(encode):
    classified = classify(exchanges([
        "Take me to the last time it went wrong.",
        "And?",
        "How did that feel?",
        "What's changed since?",
        "How did that feel?",
        "And?",
    ]), encode)
    assert phases(classified) == [("struggling_moment", "push")] * 3 + \
        [("what_changed", None)] * 3


def test_a_bare_anything_else_asks_for_more_of_what_was_just_asked(encode):
    classified = classify(exchanges([
        "Did you have any worries before you switched?",
        "Anything else?",
        "Is there anything else you'd like to add before we finish?",
    ]), encode)
    assert phases(classified) == [("deciding", "anxiety")] * 2 + [("background", None)]


def test_a_bare_what_changed_asks_what_happened_next_in_the_story_before_it(encode):
    classified = classify(exchanges([
        "When did you first feel the old way was not enough?",
        "What changed?",
    ]), encode)
    assert phases(classified) == [("first_thought", "push")] * 2


def test_asking_how_someone_took_it_follows_the_story_and_a_laugh_is_not_a_name(encode):
    classified = classify(exchanges([
        "Take me to the last time it went wrong.",
        "How did she take it?",
        "(laughs) Okay. How did the ordering work before Quillbeam?",
    ]), encode)
    assert phases(classified) == [("struggling_moment", "push")] * 2 + [("background", "habit")]
    # a name that takes it or reacts is a person, as "she" is
    for named in ("And how did Gerald take it?", "How did Sunita react when you told her?"):
        story = classify(exchanges(["Take me to the last time it went wrong.", named]), encode)
        assert phases(story) == [("struggling_moment", "push")] * 2


def test_what_a_named_person_said_did_or_handed_over_probes_the_story_being_told(encode):
    # a name that says, thinks or hands something over is a person in the story, as "they"
    for named in ("What did Maureen hand over?", "And what did Sharon say about it?",
                  "What did Dave think?"):
        story = classify(exchanges(["Take me to the last time it went wrong.", named]), encode)
        assert phases(story) == [("struggling_moment", "push")] * 2, named


def test_a_stage_signposted_by_its_name_is_that_stage(encode):
    classified = classify(exchanges([
        "Okay, so what happened next?", "So then active looking.",
        "And Sparkroster ticked those?"]), encode)
    assert [p for p, _ in phases(classified)[1:]] == ["active_looking"] * 2
    assert phases(classify(exchanges(["Right. First use?"]), encode)) == [("first_use", None)]


def test_the_looking_named_as_a_thing_done_is_the_looking_after_what_tipped_them(encode):
    # "What did the looking involve?" is only faintly like "How did it come into the picture?"
    # to the encoder; after "So what changed?" it had stayed in what tipped them, and the
    # options weighed there were read as the struggle
    classified = classify(exchanges(["Take me to the last time it went wrong.",
                                     "So what changed?", "What did the looking involve?",
                                     "And how did your search go after that?"]), encode)
    assert [p for p, _ in phases(classified)[2:]] == ["active_looking"] * 2
    # a question with two parts, or one that names the meeting before the looking, is asked
    # as faintly like every prototype: the looking named in it says where the story is
    for looking in ("And after the WhatsApp group, where did you look?",
                    "So was it after that board meeting that you went looking for something "
                    "better, and what did you find?",
                    "After that meeting with Stuart, what did you do first: try to fix the "
                    "spreadsheet, or look outside?"):
        classified = classify(exchanges(["Take me to the last time it went wrong.",
                                         "Was that the thing that made you want to change?",
                                         looking]), encode)
        assert phases(classified)[2] == ("active_looking", None), looking
    first_weeks = classify(exchanges(["And how did the first weeks go?",
                                      "Did the search bar help?"]), encode)
    assert phases(first_weeks)[1] == ("first_use", None)


def test_one_that_sticks_out_or_was_worse_than_the_others_is_an_episode_of_that_story(encode):
    # after how the old way ran, the episode is the struggle; after the first weeks, one of
    # them ("Where are you today?" asks where someone sits, not how things are now)
    for episode in ("Is there one order that sticks out?",
                    "Is there a time that really sticks with you?",
                    "Was there one fall that was worse than the others?",
                    "Walk me through an event where that gap really showed.",
                    "Take me to a night where that bit you.",
                    "Is there one particular set of accounts that sticks in your mind?",
                    "Is there a night that sums it up?",
                    "Is there one job in particular you still think about?",
                    "Q3 on my list is about a moment it went badly wrong. Is there one that "
                    "stands out?",
                    "So where did that catch you out?"):
        told = classify(exchanges(["How did special orders work before?", episode]), encode)
        assert phases(told)[1] == ("struggling_moment", "push"), episode
        since = classify(exchanges(["And how did the first weeks go?", episode]), encode)
        assert phases(since)[1] == ("first_use", None), episode
    assert phases(classify(exchanges(["Thanks for making the time. Where are you today?"]),
                           encode)) == [("background", None)]
    now = classify(exchanges(["What were the first weeks like?", "Where are you at now?",
                              "And where are you now?"]), encode)
    assert phases(now)[1:] == [("what_changed", None)] * 2


def test_an_eye_on_other_ways_before_the_struggle_is_passive_looking(encode):
    # asked right after the episode, each only faintly resembles a later stage and had been
    # read as more of the struggle; thinking about changing is still the first thought
    for question in ("Before Harrington, had you been keeping an eye out for anything to fix "
                     "that?", "Okay, so before that, had you been eyeing anything to fix it?",
                     "Had you been looking at tools before that?",
                     "Were you reading up on tools in the meantime?",
                     "Before Mrs. J's call, were you already thinking about other setups?"):
        classified = classify(exchanges(["Take me to the last time it went wrong.",
                                         question]), encode)
        assert phases(classified)[1] == ("passive_looking", None), question
    thought = classify(exchanges(["Take me to the last time it went wrong.",
                                  "Had something like that happened to you before?"]), encode)
    assert phases(thought)[1] == ("struggling_moment", "push")


def test_a_question_faintly_like_the_old_way_asked_while_weighing_probes_the_weighing(encode):
    classified = classify(exchanges([
        "Did you start looking then?", "How did you compare them?",
        "Tell me about the invoicing part."]), encode)
    assert [p for p, _ in phases(classified)] == ["active_looking"] * 3


def test_asking_what_they_held_on_to_of_the_old_way_asks_about_habit(encode):
    classified = classify(exchanges([
        "What changed for you?",
        "Thank you. Earlier you mentioned that Natalie at the agency now has visibility, which "
        "seems to have turned into a positive. Are there any ways you still work the way you "
        "did before, or things from the old system that you've held on to?"]), encode)
    assert phases(classified)[1] == ("deciding", "habit")


def test_the_closing_question_is_background_whatever_topic_it_repeats(encode):
    # an AI moderator's closing question repeats the study's topic words, which would decide
    # its phase; after a worry question it would otherwise carry on the worry
    classified = classify(exchanges([
        "What concerns, if any, do you have about the planner in your school?",
        "Thank you. Is there anything else about your experience with the planner in your "
        "classroom that you think would be valuable for us to know? Something we haven't "
        "covered yet?",
    ]), encode)
    assert phases(classified) == [("deciding", "anxiety"), ("background", None)]


def test_asking_what_happened_after_a_background_question_follows_a_struggle(encode):
    # The participant began telling an episode unprompted while describing the old way; the
    # interviewer's "What happened then?" follows that episode, and the follow-ups after it.
    classified = classify(exchanges([
        "How did customers get hold of you before?",
        "What happened then?",
        "And?",
        "What's changed since?",
        "What happened next?",
    ]), encode)
    assert phases(classified) == [("background", "habit")] + \
        [("struggling_moment", "push")] * 2 + [("what_changed", None)] * 2


def test_an_episode_told_after_what_they_liked_of_the_old_way_is_the_struggle(encode):
    # "When did you realise?", "How did you find out?" ask when they learnt what happened:
    # probes of the story, not "When did you first see it working?"
    for probe in ("When did you realise?", "How did you find out?", "What happened then?",
                  "When did you notice it?",
                  "That sounds distressing, Ana. What did it cost you in the end?"):
        classified = classify(exchanges([
            "Was there anything you liked about doing it that way?",
            "Mm-hm.",
            probe,
            "What did you do?",
        ]), encode)
        assert phases(classified) == [("deciding", "habit")] * 2 + \
            [("struggling_moment", "push")] * 2
    found = classify(exchanges(["What was the first week like?", "When did you find out?"]),
                     encode)
    assert phases(found) == [("first_use", None)] * 2


def test_how_it_turned_out_continues_the_story_it_asks_about(encode):
    # the end of the episode being told, not how they came across something new
    for before, after in (
            ("Take me to the last time it went wrong.", ("struggling_moment", "push")),
            ("What was the first week like?", ("first_use", None))):
        classified = classify(exchanges([before, "How did it turn out?"]), encode)
        assert phases(classified)[1] == after


def test_a_probe_of_the_struggle_that_faintly_resembles_a_later_question_stays_in_it(encode):
    # "What did you think was missing?" is only faintly like "What did you look at?"; "So you
    # went back through the emails?" like "So what did you do about it?": asked mid-story,
    # both probe the moment being told
    classified = classify(exchanges(["Take me to the last time it went wrong.",
                                     "What did you think was missing?",
                                     "So you went back through the emails?"]), encode)
    assert phases(classified) == [("struggling_moment", "push")] * 3
    # asked while weighing ways, the same faint likeness is still read
    later = classify(exchanges(["How did you first hear about it?",
                                "What did you think was missing?"]), encode)
    assert phases(later)[1] == ("active_looking", None)


def test_why_that_one_in_the_end_asks_what_drew_them_while_weighing(encode):
    for why in ("Why Tuttí in the end?", "Why that one, then?"):
        classified = classify(exchanges(["What did you look at?", why]), encode)
        assert phases(classified)[1] == ("deciding", "pull"), why


def test_how_it_came_to_light_probes_the_story_being_told(encode):
    classified = classify(exchanges(["Take me to the last time it went wrong.",
                                     "How did it come to light?"]), encode)
    assert phases(classified)[1] == ("struggling_moment", "push")


def test_what_they_think_should_have_happened_probes_the_episode_being_told(encode):
    # "What did you think it should have been?" (a disputed price) is what they made of the
    # episode, however like "What did you hope it would do for you?" it reads
    for probe in ("What did you think it should have been?",
                  "What did you think it should have come to?",
                  "What do you reckon it should have cost?"):
        classified = classify(exchanges(["What happened with Tony?", probe,
                                         "How did it end?"]), encode)
        assert phases(classified) == [("struggling_moment", "push")] * 3, probe


def test_when_the_old_way_stopped_working_is_the_first_thought(encode):
    # not "When did you first see it working?": the old way stopping is where the push begins
    classified = classify(exchanges(["How did tenants report repairs before?",
                                     "When did it stop working fine?", "What happened?"]),
                          encode)
    assert phases(classified)[1:] == [("first_thought", "push")] * 2


def test_a_probe_of_how_the_new_way_went_does_not_take_the_story_back_before_the_switch(
        encode):
    # "When did the clipboards come down?" is only faintly like "Was there a particular time
    # that stood out?": asked about the first weeks, it probes them
    classified = classify(exchanges(["And how did the first weeks go?",
                                     "When did the clipboards come down?",
                                     "So you went back through the emails?"]), encode)
    assert phases(classified) == [("first_use", None)] * 3


def test_a_bare_what_changed_asks_what_tipped_them_while_the_old_way_is_told(encode):
    told = classify(exchanges(["And the charging part: how did that work before?",
                               "So you were chasing codes.",
                               "What changed?"]), encode)
    assert phases(told)[2] == ("first_thought", "push")
    after = classify(exchanges(["How are things now, a few months in?", "What changed?"]),
                     encode)
    assert phases(after)[1] == ("what_changed", None)
    noticed = classify(exchanges(["Had you been looking at tools before that?",
                                  "So what changed?"]), encode)
    assert phases(noticed)[1] == ("first_thought", "push")


@pytest.mark.parametrize("advice", [
    "Last question. If a friend at another core was in the same spot, what would you tell them?",
    "And would you recommend it to another lab manager?",
    "If you were advising another safety officer, what would you say?",
    "Ha. Is there anything you'd say to another maker about this?",
])
def test_advice_to_others_looks_back_from_now_whatever_was_asked_before(encode, advice):
    classified = classify(exchanges(["Is there anything you miss about the old way?", advice]),
                          encode)
    assert phases(classified) == [("deciding", "habit"), ("what_changed", None)]


def test_how_things_were_done_originally_is_background_whatever_was_asked_before(encode):
    classified = classify(exchanges(["What was the first week like?",
                                     "How were the bookings managed originally?"]), encode)
    assert phases(classified) == [("first_use", None), ("background", "habit")]
    # "back then", however faintly the question is like any prototype, and whatever the
    # struggle before it
    back = classify(exchanges(["Take me to the last time it went wrong.",
                               "Tell me how the monthly report actually got put together back "
                               "then."]), encode)
    assert phases(back)[1] == ("background", "habit")


def test_a_follow_up_continues_only_its_own_participants_story(encode):
    mine = exchanges(["Take me to the last time it went wrong."], participant="ana")
    theirs = exchanges(["What's changed since?"], source="t.txt", participant="ben")
    follow = [Exchange("s.txt#900-950", "s.txt", "ana", 1, "How did that feel?", None, 900, 950)]
    classified = classify([*mine, *theirs, *follow], encode)
    assert phases(classified)[2] == ("struggling_moment", "push")


def test_a_follow_up_with_nothing_before_it_is_background(encode):
    classified, = classify(exchanges(["And?"]), encode)
    assert (classified.phase, classified.force) == ("background", None)


def test_a_guide_questions_own_phase_and_force_win(encode):
    guides = {"s.txt": {
        "q-first": {"phase": "first_use", "force": None},
        "q-tipped": {"phase": "deciding", "force": "anxiety"},
        "q-moment": {"phase": "struggling_moment"},  # force left out: a struggle is a push
        "q-open": {"text": "anything else?"},  # no phase: classified like any question
    }}
    classified = classify(exchanges([
        ("q-first", "Take me to the last time it went wrong."),
        ("q-tipped", "What made you pick it in the end?"),
        ("q-moment", "What's changed since?"),
        "And?",
        ("q-open", "What did you like about the old way?"),
    ]), encode, guides)
    assert phases(classified) == [
        ("first_use", None),
        ("deciding", "anxiety"),
        ("struggling_moment", "push"),
        ("struggling_moment", "push"),
        ("deciding", "habit"),
    ]
    # The guide belongs to its source: the same ids elsewhere are classified from the words.
    other = classify(exchanges([("q-first", "Take me to the last time it went wrong.")],
                               source="other.txt"), encode, guides)
    assert phases(other) == [("struggling_moment", "push")]


def test_tell_me_about_a_name_asks_for_more_of_the_story_being_told(encode):
    # "Tell me about Rhona." after the struggling-moment question asks about someone in that
    # story (a name reads as "it"); after how things were, it opens the struggle
    classified = classify(exchanges([
        "Was there one particular evening when it came to a head?",
        "Tell me about Rhona.",
        "What happened after that?",
    ]), encode)
    assert phases(classified) == [("struggling_moment", "push")] * 3
    told = classify(exchanges(["How did you handle the orders before?", "Tell me about that."]),
                    encode)
    assert phases(told) == [("background", "habit"), ("struggling_moment", "push")]


def test_which_of_those_asks_more_of_what_was_just_asked(encode):
    classified = classify(exchanges([
        "What made you hesitate about switching?",
        "Which of those was hardest to get past?",
        "Of those, which one turned out to matter?",
    ]), encode)
    assert phases(classified) == [("deciding", "anxiety")] * 3


def test_how_they_handled_it_follows_what_was_just_told(encode):
    # in the story it is what they did; after their worries, how they got past them
    story = classify(exchanges([
        "Was there a day when it all came to a head?",
        "Twenty people and twelve mats. How did you handle it?",
    ]), encode)
    assert phases(story) == [("struggling_moment", "push")] * 2
    worries = classify(exchanges(["What worried you about switching?",
                                  "How did you deal with those?"]), encode)
    assert phases(worries) == [("deciding", "anxiety")] * 2
    found = classify(exchanges(["When did you first feel the old way had to change?",
                                "So the rent went up. What did you find?"]), encode)
    assert phases(found) == [("first_thought", "push")] * 2


def test_getting_past_a_habit_or_a_worry_is_more_of_it_not_a_new_story(encode):
    for asked_first, read in (("Was there anything about the old way you were attached to?",
                               ("deciding", "habit")),
                              ("What made you hesitate?", ("deciding", "anxiety"))):
        classified = classify(exchanges([asked_first, "How did you get past that?"]), encode)
        assert phases(classified) == [read] * 2
    compared = classify(exchanges(["What did you look at?", "How did you compare them?"]),
                        encode)
    assert phases(compared) == [("active_looking", None)] * 2


def test_a_turn_of_thousands_of_words_without_a_full_stop_is_read_quickly(encode):
    import time

    turn = "anything else changed since you noticed " * 2000 + "What happened next?"
    started = time.perf_counter()
    classified, = classify(exchanges([turn]), encode)
    assert time.perf_counter() - started < 2.0
    assert classified.phase is not None


def test_what_changed_their_mind_is_what_won_them_over_while_weighing_a_new_way(encode):
    # doubting a new way they had just heard of, what changed their mind is its pull; asked of
    # the old way, it is what made them think things had to change
    weighing = classify(exchanges(["How did you come across Quillbeam?",
                                   "What changed your mind?"]), encode)
    assert phases(weighing)[1] == ("deciding", "pull")
    old_way = classify(exchanges(["How did you keep track of the bookings before?",
                                  "What changed your mind?"]), encode)
    assert phases(old_way)[1] == ("first_thought", "push")


def test_the_effect_of_what_was_told_continues_that_story(encode):
    routine = classify(exchanges(["Tell me about how the orders worked.",
                                  "So what would you do with that?",
                                  "And did that have a cost, in money terms?"]), encode)
    assert phases(routine)[1:] == [("background", None), ("struggling_moment", "push")]
    before = classify(exchanges(["Tell me about how the orders worked.",
                                 "What was the effect on the shop?"]), encode)
    after = classify(exchanges(["Tell me about the first weeks with it.",
                                "What was the effect on the team?"]), encode)
    assert phases(before)[1] == ("struggling_moment", "push")
    assert phases(after)[1] == ("first_use", None)


def test_a_worry_just_told_of_asked_about_again_is_more_of_that_story(encode):
    classified = classify(exchanges(["Take me to the last time it went wrong.",
                                     "Did that fear ever come true?"]), encode)
    assert phases(classified)[1] == ("struggling_moment", "push")


def test_their_reaction_to_what_they_saw_is_its_pull_only_while_weighing_ways(encode):
    weighing = classify(exchanges(["What options did you look at?", "What was your reaction?",
                                   "What stood out to you when she showed you?"]), encode)
    struggling = classify(exchanges(["Take me to the last time it went wrong.",
                                     "What was your reaction?", "What did he show you?"]),
                          encode)
    assert phases(weighing)[1:] == [("deciding", "pull")] * 2
    assert phases(struggling)[1:] == [("struggling_moment", "push")] * 2
    for heard in ("How did you hear about Fixwell?", "What options did you look at?"):
        shown = classify(exchanges([heard, "(laughs) What did he show you?"]), encode)
        assert phases(shown)[1] == ("deciding", "pull"), heard


def test_a_question_asking_what_drew_them_and_what_put_them_off_names_no_one_force(encode):
    # each sentence of the answer says which of the two it tells; read by its worry, every
    # sentence of what drew them would be coded a worry
    for question in ("I was going to ask - what was it about Pipewright in particular, and "
                     "was there anything that put you off?",
                     "What appealed, and what worried you?"):
        classified = classify(exchanges(["How did you hear about Pipewright?", question]),
                              encode)
        assert phases(classified)[1] == ("deciding", None), question


def test_a_force_reflected_back_before_the_question_is_not_what_it_asks(encode):
    # an AI moderator sums up what drew them, then asks the worry: the question's force wins
    classified = classify(exchanges([
        "What drew you to Hearthly in the end?",
        "Seeing where each item is, and being able to read it easily, drew you in. What "
        "worried you about switching?"]), encode)
    assert phases(classified)[1] == ("deciding", "anxiety")


def test_what_they_were_looking_for_is_what_drew_them(encode):
    for question in ("What were you looking for?", "What were you looking for in a new system?"):
        classified = classify(exchanges(["So what did you look at?", question]), encode)
        assert phases(classified)[1] == ("deciding", "pull"), question
    # what they searched the old records for is the story being told
    told = classify(exchanges(["Take me to the last time it went wrong.",
                               "What were you looking for exactly, the receipt?"]), encode)
    assert phases(told)[1] == ("struggling_moment", "push")


def test_what_the_old_way_cost_them_and_how_long_it_went_on_stay_with_it(encode):
    # not "What was the first week like?" nor "And since then, how has it been?": asked while
    # the old way is told, they ask more of it, and what it cost is the push
    for probe in ("How much of your week was that taking, roughly?",
                  "Roughly how much time were you spending on it?"):
        classified = classify(exchanges(["How did that work before?", probe]), encode)
        assert phases(classified)[1] == ("struggling_moment", "push"), probe
    lasted = classify(exchanges(["How did that work before?", "How long had it been like that?",
                                 "What changed?"]), encode)
    assert phases(lasted) == [("background", "habit")] * 2 + [("first_thought", "push")]
    # asked of the first weeks with the new way, the same question asks about those
    after = classify(exchanges(["What was the first week like?",
                                "Roughly how much time were you spending on it?"]), encode)
    assert phases(after)[1] == ("first_use", None)


def test_their_day_to_day_is_who_they_are_not_an_episode(encode):
    classified = classify(exchanges(["Could you tell me a bit about yourself and the practice?",
                                     "And what's your day to day like?"]), encode)
    assert phases(classified)[1] == ("background", None)
    # what it is like now, day to day, is what changed
    now = classify(exchanges(["Tell me about the first weeks.",
                              "What's it like now, day to day?"]), encode)
    assert phases(now)[1] == ("what_changed", None)


def test_how_long_the_old_way_took_each_time_is_more_of_it(encode):
    # not "How long did it take to get used to it?"
    classified = classify(exchanges(["Where would you say the story starts?", "And the forms?",
                                     "How long would one take?"]), encode)
    assert phases(classified) == [("first_thought", "push")] * 3


def test_when_software_came_into_it_is_when_they_heard_of_other_ways(encode):
    classified = classify(exchanges(["Was there a particular moment you thought this has to "
                                     "change?", "When did software come into it?"]), encode)
    assert phases(classified)[1] == ("passive_looking", None)


def test_what_a_terse_or_chatty_interviewer_says_of_the_old_way_and_today(encode):
    """Words that say which part of the story is asked about, however short the question or
    whatever a later stage's question it resembles."""
    cases = [
        (["How did things work before?", "Worst moment?"], ("struggling_moment", "push")),
        (["How did things work before?",
          "Was there a particular moment when that system caused a problem?"],
         ("struggling_moment", "push")),
        (["Tell me about the box file.",
          "And is that when you thought, right, I need to change this?"],
         ("first_thought", "push")),
        (["Maybe start with who you are at the club?",
          "Tell me about how Sunday used to come together, say a couple of seasons ago."],
         ("background", "habit")),
        (["Could you tell me a little about your role?",
          "Could you tell me more about what the welfare role involved before you started "
          "using Kitbag?"], ("background", None)),
        (["What options did you look at?", "And so where does Kitbag come into it?"],
         ("passive_looking", None)),
        (["What options did you look at?", "How did you end up choosing Chairside?"],
         ("deciding", "pull")),
        (["Any worries?", "How did you resolve those concerns?"], ("deciding", "anxiety")),
        (["I emailed them, and they answered in an hour.",
          "So what did you do with that worry?"], ("deciding", "anxiety")),
        (["First use?", "What's better?"], ("what_changed", None)),
        (["First use?", "What's still annoying?"], ("what_changed", None)),
    ]
    for asked_before, expected in cases:
        classified = classify(exchanges(asked_before), encode)
        assert phases(classified)[-1] == expected, asked_before[-1]
    # getting used to the new way is its first weeks, not the old way's routine
    weeks = classify(exchanges(["First use?", "How long did it take to get used to it?"]),
                     encode)
    assert phases(weeks)[-1] == ("first_use", None)


def _told(exchange: Exchange, stage: str | None, continued: bool = False) -> Exchange:
    return replace(exchange, stage=stage, continued=continued)


def test_where_the_interviewer_gives_no_direction_the_story_goes_where_the_participant_says(
        encode):
    opening, *rest = exchanges([
        "Tell me about the shop and how you came to use the booking system.",
        "Tell me about the shop and how you came to use the booking system.",  # after "Mm."
        "And then?",
        "Tell me about the shop and how you came to use the booking system.",  # after "Go on."
        "And then?",
    ])
    story = [opening, _told(rest[0], "first_thought", continued=True), _told(rest[1], None),
             _told(rest[2], "active_looking", continued=True), _told(rest[3], "what_changed")]
    assert [p for p, _ in phases(classify(story, encode))] == [
        "background", "first_thought", "first_thought", "active_looking", "what_changed"]


def test_a_stage_told_never_takes_the_story_back_nor_overrides_a_question(encode):
    asked = exchanges([
        "What has changed since you started using it?",
        "What has changed since you started using it?",  # goes on after "Mm-hm."
        "Did you have any worries about switching?",
    ])
    story = [asked[0], _told(asked[1], "first_thought", continued=True),
             _told(asked[2], "what_changed")]  # a directed question's answer opening on "since"
    assert phases(classify(story, encode)) == [
        ("what_changed", None), ("what_changed", None), ("deciding", "anxiety")]


def test_a_pleasantry_asks_nothing_so_the_reply_is_small_talk_not_the_stage_before(encode):
    # "Congratulations on the wedding!" after the decision: what comes back ("The seating
    # plan alone has caused two family meetings") is not more of deciding
    classified = classify(exchanges(["How did the decision come together in the end?",
                                     "Congratulations on the wedding!",
                                     "Good luck with the move.",
                                     "What was the first week like?"]), encode)
    assert [p for p, _ in phases(classified)] == [
        "deciding", "background", "background", "first_use"]
    # ... and so is the thanks that closes an interview
    closing = classify(exchanges(["What concerns did you have about bringing this in?",
                                  "Thank you so much for sharing your story so openly today, "
                                  "Aisha. It's been genuinely insightful, and I really "
                                  "appreciate your time."]), encode)
    assert phases(closing) == [("deciding", "anxiety"), ("background", None)]
    # a pleasantry before a question leaves the question to say what it asks
    asking, = classify(exchanges(["Congratulations! What was the first week like?"]), encode)
    assert asking.phase == "first_use"


def test_whether_a_problem_is_still_there_asks_about_today_not_the_old_ways_hold(encode):
    classified = classify(exchanges(["What's changed since you switched?",
                                     "Is the problem still there?"]), encode)
    assert phases(classified) == [("what_changed", None)] * 2


def test_short_questions_inside_an_episode_probe_it_not_a_later_stage(encode):
    # "How long did it take?" names nothing it asks about, "at the time" is the time being
    # told, and a day told of ("the day before her event") is not the time before the switch
    told = classify(exchanges([
        "So what happened?",
        "What did you know about that at the time?",
        "How long did it take?",
        "You drove three hours each way the day before her event. How did Sorcha respond?",
    ]), encode)
    assert phases(told) == [("struggling_moment", "push")] * 4
    setting_up = classify(exchanges(["How long did it take to get used to it?"]), encode)
    assert phases(setting_up) == [("first_use", None)]


def test_a_stage_told_in_the_struggle_does_not_leap_to_the_switch(encode):
    # "the GP gave her a cream and it settled in a few days": the episode's own end, not the
    # new way bedding in; from looking, the story may still go where the participant says
    asked = exchanges(["What happened?", "Oh no.", "And then?"])
    story = [asked[0], _told(asked[1], "first_use"), _told(asked[2], "active_looking")]
    assert phases(classify(story, encode)) == [
        ("struggling_moment", "push"), ("struggling_moment", "push"), ("active_looking", None)]


def test_a_worry_in_a_reaction_before_a_probe_of_the_story_is_not_what_it_asks(encode):
    # an AI moderator's sympathy names a worry; the question asks what happened next
    told = classify(exchanges([
        "Could you tell me about the specific time when that system let you down?",
        "That sounds really worrying, both for Jade and for you. What happened next?"]), encode)
    assert phases(told) == [("struggling_moment", "push")] * 2
