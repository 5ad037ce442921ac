"""What a unit's place in a switch story says of the old way's push.

The coder (:mod:`jobstory.synthesis.code`) reads each unit with its question, and most pushes
are told where a question asks for them. These rules find the push where no question did: told
before anyone knew of a new way, in the constructions English tells a struggle with (a failure
borne, a problem named), or picked up by the interviewer to ask what it meant. Like
:mod:`story_forces`, each is a pure function of a unit's text and its place in the story, and
was measured on the labelled switch interviews (`benchmarks/README.md`).
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from jobstory.synthesis.coding_cues import CodeContext
from jobstory.synthesis.grammar import MONTHS, WEEKDAYS
from jobstory.synthesis.segment import SENTENCE_BREAK
from jobstory.synthesis.story_forces import BEFORE_AWARE

__all__ = ["PROBE_WORDS", "failure_told", "names_problem", "probed", "probed_struggle",
           "problem_named", "went_wrong"]


#: What the old way made someone bear, in the constructions English tells a failure with:
#: what they "ended up" doing or paying, what "nobody (else) could" do, what "could never" or
#: "never once" worked, "not one of them" turned up, "no idea whether" something would happen,
#: "no way of knowing" it, what they "couldn't tell", see, find or work out.
_BORNE = (r"\b(?:nobody|no one|no-one|(?:none|neither) of (?:us|them))(?: else)? "
          r"(?:could|was able)\b|"
          r"\bno way (?:of|to) (?:know|tell|see|check|find)\w*|"
          r"\b(?:i|we) (?:\w+ly )?(?:couldn't|couldn’t|could not|couldnae) "
          r"(?:even |ever |actually )?"
          r"(?:tell|see|find|know|read|match|prove|trace|work out|figure out|keep track)\b|"
          r"\bcould never\b|\bcouldn't ever\b|\bnever once\b|\bnot (?:one|a single one) of\b|"
          r"\bno idea (?:if|whether|where|who|what|how|which|when)\b|\bhad to pay\b|"
          r"\b(?:i|we)\s+never\s+(?:really\s+|actually\s+|quite\s+)?knew\b"
          r"(?=[^.;!?]{0,30}?\b(?:who|what|whether|if|where|when|how|which)\b)|"
          r"\btoo often\b|\btoo many (?:times|days|nights|mornings|evenings|weekends|weeks)\b")
_WENT_WRONG = re.compile(rf"\b(?:ended|end|wound) up\b|{_BORNE}", re.IGNORECASE)
#: One occasion, not a routine: "that week", "one Thursday", "the whole bank holiday weekend",
#: "by the Saturday", "in February 2024".
_ONE_OCCASION = re.compile(
    rf"\b(?:that|one|the whole|the following|the next)\s+(?:[a-z]+\s+){{0,2}}?"
    rf"(?:week|weekend|day|morning|afternoon|evening|night|month|summer|winter|christmas|"
    rf"easter|{WEEKDAYS})\b|\b(?:on|by) the (?:{WEEKDAYS})\b|\bin (?:{MONTHS}) (?:19|20)\d\d\b",
    re.IGNORECASE)
#: What recurs: "would", "used to", "every", "I'd look".
_ROUTINE = re.compile(r"\b(?:would|used to|every)\b|\b(?:i|we|he|she|they|you)['’]d\b",
                      re.IGNORECASE)


def went_wrong(text: str, context: CodeContext | None) -> bool:
    """Whether `text`, answering a question about how things ran before someone knew of a new
    way, tells the struggle rather than the routine: what the old way made them bear ("I ended
    up lending the club five hundred pounds", "nobody could ever tell you who'd paid"), or one
    occasion in an account of what recurs ("That week we sent twenty-three boxes to people on
    holiday"): the routine is what recurs, and the day it is told by is the day it broke.
    People tell the struggle as often as the routine there, and the question's pull reads it
    all as routine (habit); the struggle is the old way's push."""
    if context is None or context.phase not in BEFORE_AWARE or context.force != "habit":
        return False
    return _WENT_WRONG.search(text) is not None or (
        _ONE_OCCASION.search(text) is not None and _ROUTINE.search(text) is None)


#: `_WENT_WRONG`'s constructions as a background answer tells a failure: "ended up" alone is
#: as often where someone got to ("I ended up with four I was happy with"), so only what
#: would keep happening ("I'd end up teaching people who owed me"); what the old way would
#: keep making them do ("I'd have to flick back through weeks of handwriting"); a way that
#: lived in someone's head ("the entire firing queue lived inside Fergal's head"); its work or
#: its messages in the night.
_FAILED = re.compile(
    rf"\b(?:i|we|you|they|he|she)(?:'d| would) (?:always |often |usually )?(?:end|wind) up\b|"
    r"\b(?:i|we)(?:'d| would) (?:always |often |usually |then )?have to\b|"
    r"\b(?:lived|lives|living|was|were|is|all) (?:in|inside) (?:my|our|his|her|their|"
    r"(?-i:[A-Z])[\w'’]*'s) (?:own )?heads?\b|"
    # the old way's work done, or its messages come, in the night: "writing quotes at eleven
    # at night", "texts at half eleven at night", "after the kids were in bed"
    r"\b(?:at|till|until|past|gone) (?:\w+(?:[- ]\w+)? )?at night\b|"
    r"\b(?:at|till|until|past) midnight\b|"
    r"\bafter the kids (?:were|are|had gone|went) (?:in bed|to bed|asleep)\b|"
    rf"{_BORNE}", re.IGNORECASE)


def failure_told(text: str, phase: str | None) -> bool:
    """Whether `text`, told to a background question, tells what the old way made someone bear
    (`_FAILED`: "I'd end up teaching people who owed me", "nobody could tell me whose it
    was"): the struggle, told before it was asked for, is the old way's push."""
    return phase == "background" and _FAILED.search(text) is not None


#: "The trouble is if you miss writing it on the calendar, it just doesn't exist", "the problem
#: is couples don't pay what you ask", "the problem was the ones on autopay", "the problem with
#: that is the notes were on my phone", "it was the day itself that was the problem": someone
#: naming what was wrong with their way (not "the problem was never that people weren't
#: working"); what they struggled with ("the thing I always struggled with was the handoff"),
#: what was supposed to happen but did not ("the notebook was supposed to be the source of
#: truth but ..."), what they lost track of, the hard part named as such ("the tricky bit has
#: always been that our stock lives in three places", "the hard bit was always the admin", "the
#: bit of the job that's always been hardest is when a driver has to pull out late", "money's
#: always been the messy part", "keeping track was honestly the worst part of my week"), what
#: should have been ("it should've been ten"), the way judged a mess ("it was chaos"), what
#: drove them mad, nagged at them or kept them up, their biggest headache, what it cost in time
#: or write-offs.
_PROBLEM_NAMED = re.compile(
    r"\b(?:the|my|our)\s+(?:(?:big|biggest|real|main|only|whole)\s+)?(?:problem|trouble|issue|"
    r"headache|bugbear|frustration|difficulty|challenge)\s+(?:with\s+(?:[\w'’-]+\s+){0,4}?"
    # "the difficulty with the role, as I found it, was ..."
    r"[\w'’-]+(?:,\s+as (?:i|we) (?:found|saw) it,)?\s+)?(?:for years\s+)?"
    r"(?:(?:always|really|actually)\s+)?(?:is|was)\b"
    r"(?!\s+(?:never|not|that it wasn't)\b)|"
    # "it was the day itself that was the problem", "that's where the trouble was"
    r"\b(?:that|this|which)(?:'s|’s|\s+(?:is|was))\s+(?:(?:always|really|actually|kind of|"
    r"sort of|where|when)\s+)?(?:the|our|my)\s+(?:(?:big|real|main|whole)\s+)?"
    r"(?:problem|trouble|issue)\b|"
    r"\b(?:the|my|our)\s+(?:tricky|hard|hardest|difficult|awkward|worst|tough|toughest|messy)\s+"
    r"(?:bit|part|thing)\s+(?:\w+\s+){0,3}?(?:is|was|has (?:always )?been)\b|"
    r"\b(?:the|my|our)\s+(?:bit|part|thing)\b[^,.;?!]{0,40}?\b(?:been|is|was)\s+"
    r"(?:the\s+)?(?:hardest|worst|trickiest|toughest|most difficult)\b|"
    r"\b(?:is|was|'s|been)\s+(?:(?:always|honestly|easily|probably|definitely|by far)\s+)?"
    r"the\s+(?:messy|hard|hardest|tricky|trickiest|worst|"
    r"difficult|painful)\s+(?:bit|part|thing)\b|"
    # "billing was sixty percent of my week and it should've been ten": what was, against
    # what should have been
    r"\bshould(?:'ve|’ve|\s+have)\s+been\b|"
    # "it wasn't ideal even when it worked": the way judged by understatement
    r"\b(?:wasn't|was not|weren't|were not|isn't|is not)\s+(?:exactly\s+|really\s+|very\s+|"
    r"always\s+)?ideal\b|"
    # "the thing that drove me mad for years was ...": the way's toll named
    r"\bdr(?:ove|ives|iving)\s+(?:me|us)\s+(?:mad|crazy|nuts|up the wall|round the bend)\b|"
    # "the bit that always nagged at me was ...", "what wore me down", "the thing that kept me
    # up at night": what the way did to them
    r"\b(?:that|what|which)\s+(?:always\s+|really\s+|most\s+)?(?:(?:nagged(?:\s+at)?|"
    r"bothered|bugged|annoyed|frustrated)\s+(?:me|us)\b|(?:wore|kept)\s+(?:me|us)\s+"
    r"(?:down|up|awake)\b)|"
    # "Month-end used to take me three full days", "I was spending about six hours a week just
    # hunting for feedback", "we wrote off just over 61,000 pounds of time": what it cost
    r"\b(?:used to|would)\s+take\s+(?:me|us)\b|"
    r"\b(?:i|we|he|she|they)\s+(?:was|were|used to|would|'d)\s*spend(?:ing)?\b[^,.;]{0,30}?"
    r"\b(?:minutes?|hours?|days?|evenings?|weekends?|nights?|more time)\b|"
    r"\b(?:wrote|write|writing|written)\s+off\b|"
    # "it was chaos, but it was our chaos", "the fresh stuff is a killer": the way judged
    r"\b(?:is|was|were|'s|been)\s+(?:(?:a|an|just|such a|a total|a complete|an absolute|"
    r"a bit of a|a real|total|complete|absolute)\s+)?(?:chaos|nightmare|mess|shambles|disaster|"
    r"headache|killer)\b|"
    r"\b(?:i|we|you|they)\s+(?:always\s+|really\s+|constantly\s+)?struggled\s+(?:with|to)\b|"
    r"\b(?:was|were)\s+supposed\s+to\b[^.;?!]*?,?\s+but\b|"
    r"\b(?:lose|lost|losing)\s+track\s+of\b",
    re.IGNORECASE)


def names_problem(text: str) -> bool:
    """Whether `text` names something as the problem (`_PROBLEM_NAMED`), whoever's it was."""
    return _PROBLEM_NAMED.search(text) is not None


def problem_named(text: str, phase: str | None) -> bool:
    """Whether `text`, told before someone knew of a new way, names what was wrong with their
    own (`_PROBLEM_NAMED`): the old way's push, whatever the question. (Once a new way is
    known of, "the problem was" as often names one they turned down, or a hurdle in switching.)"""
    return phase in BEFORE_AWARE and names_problem(text)


#: The interviewer asks what the participant's own words meant: "Herding cats how?", "Wrong in
#: what way?", "Leaked meaning what, exactly?", "Why January specifically?", "What do you mean,
#: in your head?", "Lose the person. Say more?"; not a question of its own ("How did you
#: find it?", "Why didn't it know?").
_ELABORATE = re.compile(r"\b(?:how so|in what (?:way|sense)|meaning what|what do you mean|"
                        r"how do you mean|about what|say more|why)\b|"
                        r"\b(?:how|exactly|meaning)\W*$", re.IGNORECASE)
_ASKS_AFRESH = re.compile(r"^\W*(?:how|why)\s+(?:did|didn't|do|don't|does|doesn't|were|was|"
                          r"is|are|have|had|would|could|can|will)\b", re.IGNORECASE)
#: A probe is a short turn: the words it picks up and a word or two asking what they meant.
PROBE_WORDS = 10
_PROBE_FRAME = frozenset("""how so what way sense meaning mean say more why exactly specifically
about example literally""".split())
_WORD = re.compile(r"[a-z][a-z']+")


def _content(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in ENGLISH_STOP_WORDS}


def probed(text: str, turn: str | None) -> bool:
    """Whether the interviewer's `turn` picks up words of `text` and asks what they meant."""
    if not turn or len(turn.split()) > PROBE_WORDS:
        return False
    last = [s for s in SENTENCE_BREAK.split(turn.strip()) if s][-1]
    if not _ELABORATE.search(last) or _ASKS_AFRESH.match(last):
        return False
    return bool((_content(turn) - _PROBE_FRAME) & _content(text))


def probed_struggle(text: str, context: CodeContext) -> bool:
    """Whether `text`, told in the opening answers (before any question of the story), is what
    the interviewer picked up next to ask what it meant: "it was like herding cats" - "Herding
    cats how?". A researcher probes what sounds like the trouble; people open with it in a
    figure of speech ("I was drowning", "at the end of my rope") that no question has asked
    for, and that the words alone do not mark as the old way's push."""
    return context.phase == "background" and len(text.split()) >= 4 and \
        probed(text, context.next_question)
