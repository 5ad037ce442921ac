"""What a question asks: its place in a switch timeline and the force it asks about.

A researcher reads an answer in the light of its question: the answer to "Take me to the
last time it went wrong" is the struggling moment, whatever words it uses; the answer to
"What did you like about the old way?" is habit, and so is the answer to "How did you keep
track of it before?", the old way's routine as it was (what someone complains of in it is also
its push, as the coder reads it). jobstory's own guides say so in each
question's `phase` and `force`; for an imported transcript the question is classified here.

Method: the question is embedded with the same encoder as everything else and compared with
a small set of prototype questions written for this purpose (generic switch-interview
questions, `PROTOTYPES`), taking the best-matching class. A generic follow-up ("And?", "What
happened next?", "How did that feel?") or a question like nothing in the set continues the
previous exchange's phase and force: it asks for more of the same story. Asking what happened
or how it felt right after a background question follows an episode the participant began
telling unprompted, so it opens their struggling moment. "What did you like about that?"
asks about whatever way was just being told of: habit of the old way, pull of a new one.
While someone tells what went wrong, a question only faintly like one about a later stage
("What did you think it should have come to?") probes that story rather than leaving it, and
while they tell how the new way went, one faintly like a question about the old way probes
that. A bare "What changed?" asks what tipped them while the old way is being told, and what
is different since the switch after it. Asking the effect of what was told ("What was the
effect on the practice?"), or for an episode in it, continues that story, as asking again
about a worry just told of ("Did that fear come true?") does; asking what they saw or made of
a new way while weighing it ("What was your reaction?", "What do you remember from the
demo?") asks what drew them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from jobstory.synthesis.exchanges import Exchange
from jobstory.synthesis.phrases import CALENDAR
from jobstory.synthesis.question_prototypes import FOLLOW_UP, PROTOTYPES, STORY_PROBE

PHASES: tuple[str, ...] = (
    "background", "first_thought", "struggling_moment", "passive_looking", "active_looking",
    "deciding", "first_use", "what_changed",
)
#: Phases whose questions ask about the push of the old way.
PUSH_PHASES = frozenset({"first_thought", "struggling_moment"})
#: "What did you like about that?", "What was good about the whiteboard?", "What worked about
#: that?": what someone liked about the way they were just talking about. Of the old way (asked
#: while they tell of it) that is habit; of a new way, its pull. Asked in the past tense only:
#: "What do you like about this approach?" asks about today.
LIKED = "liked"
_LIKED_PAST = (r"(?:did you (?:like|love|value|enjoy|appreciate)|liked|loved|valued|enjoyed|"
               r"appreciated)")
_LIKED = re.compile(
    rf"\b{_LIKED_PAST}\s+about\b|\babout\s+(?:that|the|this|your|those|these)\s+[\w' -]{{1,40}}?"
    rf"(?:\s+that)?\s+you\s+{_LIKED_PAST}\b|"
    r"\bwhat\s+(?:was|were)\s+(?:(?:so|really|actually)\s+)?(?:good|great|nice|useful|handy|"
    r"helpful|the best thing|best)\s+about\b|\bwhat\s+(?:worked|was working)(?:\s+well)?\s+"
    r"(?:about|with)\b",
    re.IGNORECASE)
#: "What do you like about this approach?": what they like about the way things are done now,
#: which in a switch interview is the new way, however it follows a question about the old one.
_LIKED_NOW = re.compile(r"\bwhat\s+do\s+you\s+(?:(?:really|most)\s+)?(?:like|love|value|enjoy)\s+"
                        r"about\b", re.IGNORECASE)
#: "And the downside?", "Any drawbacks?": what was wrong with the way just told of. Of the old
#: way that is its push; of anything else, more of what was being told.
DOWNSIDE = "downside"
_DOWNSIDE = re.compile(r"\b(?:downsides?|drawbacks?|down side)\b|\bwhat\s+(?:was|were)\s+"
                       r"(?:(?:so|really)\s+)?(?:bad|wrong|the worst thing|worst)\s+about\b|"
                       r"^\W*(?:and|but|so)?\s*what\s+(?:didn't|did not|wasn't so good|"
                       r"wasn't good)(?:\s+work)?\s*\?", re.IGNORECASE)
#: Phases that tell of the old way.
OLD_WAY = frozenset({"background", "first_thought", "struggling_moment"})
#: Phases after the switch, and the phases before it and after the struggle.
SWITCHED = frozenset({"first_use", "what_changed"})
_BEFORE_SWITCH = frozenset(PHASES[:PHASES.index("first_use")])
_LATER_THAN_STRUGGLE = frozenset(PHASES[PHASES.index("struggling_moment") + 1:])
#: "What was it about Ledgerly?", "Why Ledgerly?", "How did you find Ledgerly?": what mattered
#: about (or what they made of) the thing just named.
#: Asked while someone tells of the ways they weighed, it asks what drew them (pull); asked of
#: anything else it asks for more of what was being told, like any follow-up.
DREW = "drew"
_DREW = re.compile(r"^\W*(?:(?:and|so|okay|ok|right)\W+)?(?:what was it about(?:\s+[\w'-]+){1,3}|"
                   r"why(?:\s+(?-i:[A-Z])[\w'-]*)+|how did you find (?:it|them|that one|"
                   r"(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)*))\s*\?\s*$", re.IGNORECASE)
#: "What was your reaction?", "What did you see on that visit?": what they made of the ways
#: they saw (not "How did you compare them?", which asks how they looked). Asked while someone
#: weighs them, what drew them (pull, as `DREW`); asked of anything else, more of what was
#: being told.
_SAW = re.compile(r"\b(?:what did you (?:see|notice|make of)|(?:your|the) (?:first )?"
                  r"(?:reactions?|impressions?)\b|"
                  r"when you (?:saw|watched|tried) (?:it|that|them|this)\b)", re.IGNORECASE)
#: "What changed your mind?": asked while someone weighs a new way they doubted, what won them
#: over (pull); asked of anything else, what made them think the old way had to change.
MIND = "mind"
_MIND = re.compile(r"\b(?:chang(?:ed|es|e)|made up)\s+your\s+mind\b", re.IGNORECASE)
#: "What changed?", asked alone: while someone tells of the old way, what tipped them (the
#: first thought that it could not go on); after the switch, what is different now.
CHANGED = "changed"
_CHANGED = re.compile(r"^\W*(?:(?:and|so|okay|ok|right)\W+)*what\s+changed\s*\?\s*$",
                      re.IGNORECASE)
#: "When did you find out?", "When did you realise?", "When did you find out the rent was
#: short?": when they learnt what had happened, a probe of the story being told (not "When did
#: you first see it working?", nor "How did you find out about it?", which asks how they heard
#: of a new way).
_FOUND_OUT = re.compile(r"^\W*(?:(?:and|so|okay|ok|right)\W+)?(?:when|how) did you (?:first\s+)?"
                        r"(?:(?:find out|realis\w*|realiz\w*|discover)(?!\s+about\b)[^?]*|"
                        r"(?:notice|know)(?:\s+(?:it|that|this))?)\s*\?\s*$", re.IGNORECASE)
#: "Which of those was hardest to get past?", "Of those, which one mattered?": which of the
#: things just told, so more of what was being asked.
_WHICH_OF = re.compile(r"^\W*(?:(?:and|so|okay|ok|right)\W+)?(?:(?:which|what)(?: one)? of "
                       r"(?:those|these|them|the two|all that)|of (?:those|these|them),? which)\b",
                       re.IGNORECASE)
#: Phases in which someone weighs a new way.
WEIGHING = frozenset({"passive_looking", "active_looking", "deciding"})
#: Below this cosine to every prototype, a question is taken as a follow-up.
MIN_SIMILARITY = 0.45
#: Below this cosine to its nearest prototype, a question asked while someone tells what went
#: wrong does not move their story on to a later stage: an interviewer probes a struggling
#: moment with questions of its own ("What did you think it should have been?", "What proof
#: did you have?"), which only faintly resemble the questions about looking or deciding. Nor,
#: asked while someone tells how the new way went, does it take the story back before the
#: switch ("When did the clipboards come down?" only faintly resembles "Was there a
#: particular time that stood out?").
CLEAR_SIMILARITY = 0.5


#: Words that name the force a question asks about outright, whatever else it resembles:
#: "Any hesitation?" asks about anxiety even when it is too short to match a prototype.
FORCE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # (not "that fear", "this worry": a worry just told of, asked about again, is more of the
    # story it was told in; "Was there a moment when that fear became real?")
    ("anxiety", re.compile(
        r"(?:(?<!that )(?<!this )(?<!those )(?<!these )|"
        r"(?!(?:fears?|worry|worries|concerns?|doubts?|risks?|hesitations?)\b))"
        r"\b(?:worr\w*|concern\w*|nervous|hesita\w*|afraid|fear\w*|doubt\w*|risk\w*|"
        r"nearly stop\w*|almost stop\w*|put you off|held you back|holding you back)\b", re.I)),
    ("habit", re.compile(
        r"\b(?:you miss(?:ed)?|reluctant|give up|let go|kept you|attached|"
        # "What made you keep the book as long as you did?", "Anything keeping you on the
        # diary?", "Anything about the forms you wanted to keep?": what held them to it
        r"made you (?:keep|stay|stick)|keeping you (?:on|with|using)|want(?:ed)? "
        r"to keep|as long as you did|"
        # "Was there anything about the old way you liked?"
        r"(?:old|previous|former)\b[^?]*\byou (?:liked|loved|enjoyed|valued|appreciated)|"
        r"liked? about (?:the|your) (?:old|previous)|anything (?:that )?you liked about|"
        r"want(?:ed)? to lose|habits?|hard to (?:change|break|stop|drop)|(?:kept|keep) doing|"
        # "Was there anything about the old way you found yourself missing or continuing to
        # do?": what they missed of it, or went on doing
        r"(?:old|previous|former)\b[^?]*\b(?:miss(?:ed|ing)?|continu\w* to)|"
        r"continu\w* to (?:do|use) (?:the|your) (?:old|previous))\b",
        re.I)),
    ("pull", re.compile(
        r"\b(?:appeal\w*|attract\w*|tipped|sold you|drew you|pull(?:ed|s)? you|convinc\w*|"
        r"made you (?:pick|choose|go (?:with|for)|decide on)|"
        r"won (?:out|you (?:over|round|around)))\b|"
        # "What made you look at Classmate?": what drew them to the one they chose
        r"\bmade you (?:(?:actually|finally|really)\s+)?(?:look at|try|sign up (?:for|to|with)) "
        r"(?:it|(?-i:[A-Z])\w+)|"
        # "What did you want?", "What did you need from it?": what they wanted of a new way,
        # however briefly asked (not "what did you want to say?", nor what others want)
        r"\bwhat did you (?:really\s+)?(?:want|need)(?:\s+instead|\s+(?:from|out of)"
        r"(?:\s+[\w'-]+){1,3}|\s+(?:it|them|one)\s+to do(?: for you)?|\s+to (?:happen|change)"
        r"(?:\s+instead)?)?\s*\?|"
        # "What were you hoping a new way would do?": what they hoped it would do for them
        r"\bwhat\s+(?:were|was|did)\s+you\s+(?:\w+\s+)?hop(?:e|ed|ing)\b[^?]*\b(?:would|could|"
        r"might|will)\s+(?:do|give|change|fix|solve|bring|help|make)\b|"
        # "What did it have that the others didn't?": what set it apart
        r"\bthat (?:the )?others?\b[^?]*\b(?:didn't|couldn't|don't|can't|wouldn't|did not|"
        r"could not)\b", re.I)),
)

#: A participle of doing in a question about how something was done.
_DONE = r"(?:done|run|put|made|kept|sent|handled|\w+ed)"
#: A question about the time before, not one comparing it with now.
_BEFORE = (r"^(?!.*\b(?:differ\w*|compar\w*|chang\w*|new|now)\b)"
           r"(?=[^?]*\b(?:before|originally|back then|in those days|at that point)\b)")

#: Words that say what a question asks about in the timeline, whatever topic words it repeats
#: (an AI moderator's long questions repeat the study's topic, which would otherwise decide the
#: phase): the closing question ("Is there anything else about your work with it you think we
#: should know?") asks for nothing in the timeline, and a question about what has changed
#: since they started, or up to now ("What's changed?"), asks for what changed; a bare "What
#: changed?" asks what happened next. Each says the force it asks about, as a prototype does.
PHASE_WORDS: tuple[tuple[str, str | None, re.Pattern[str]], ...] = (
    ("background", None, re.compile(
        r"\banything else\b.*\b(?:add|know|share|tell (?:us|me)|mention|"
        r"cover(?:ed)?|missed|say|hear|understand)\b", re.IGNORECASE)),
    # "Before that Saturday, had you been noticing other ways people handle bookings?", "When
    # did you come across Quillbeam?": hearing of other ways, whatever else the question says
    # of the day it happened or of noticing
    ("passive_looking", None, re.compile(
        r"\b(?:notic\w*|spott\w*|come across|came across|heard? (?:of|about)|aware of|seen)\b"
        r"[^?]*\b(?:(?:other|different) (?:ways?|options?|tools?|apps?|systems?)|alternatives?)\b|"
        r"^\W*(?:and\s+)?(?:when|where|how) did you (?:first\s+)?(?:come|came) across\b|"
        # "Were you aware of software that did claims at that stage?"
        r"\b(?:aware of|heard? (?:of|about)|come across|came across)\s+(?:any\s+|other\s+)?"
        r"(?:software|apps?|tools?|systems?|products?|platforms?|services?)\b",
        re.IGNORECASE)),
    # "After that, how did you start looking for a different way?": looking, not the thought
    # (not "what it actually looks like", "it started looking like a mess")
    ("active_looking", None, re.compile(
        r"(?:\b(?:start\w*|began|begin)\s+(?:actually\s+|properly\s+|"
        r"really\s+)?|\bactually\s+)look(?:ing|ed)?\b(?!\s+like\b)",
        re.IGNORECASE)),
    # "Talk me through setting it up.", "How did you go about setting it up?": the first use
    # "Tell me about going live.", "Tell me about actually switching over. How did that go?"
    ("first_use", None, re.compile(
        r"\bsetting (?:(?:it|them|things|everything) )?up\b|"
        r"\bset (?:it|them|things|everything) up\b|\b(?:go|going|went) live\b|"
        r"\bswitch(?:ing)?[ -]?over\b|\bchange-?over\b|\bcut(?:ting)?[ -]?over\b",
        re.IGNORECASE)),
    # "What do you remember from the demo?", "What did you see in the demo that mattered?":
    # what they saw of a new way while weighing it, what drew them
    ("active_looking", "pull", re.compile(
        r"\b(?:demos?|demonstrations?|free trial|trial (?:run|period|version))\b",
        re.IGNORECASE)),
    # "Before Ledgerly, how did the practice handle it?": a question put in the time before,
    # whatever it goes on to say of the switch
    ("background", "habit", re.compile(
        r"^\W*(?:(?:and|so|okay|ok|right)\W+)?before\b[^,?]{1,40},\s*(?:how|what)\b",
        re.IGNORECASE)),
    # "How were you running things before you moved to it?", "How was it done originally?",
    # "Tell me how the report got put together back then": how it was done, the old way's
    # routine, however the encoder weighs "moved to it" (not "how is it different from
    # before?", which asks what changed, nor "How were things between you before?" or "Had it
    # happened before, and did you know how it worked?", which ask how it went)
    ("background", "habit", re.compile(
        rf"{_BEFORE}[^?]*\bhow\s+(?:(?:did|do|would)\s+\w+\s+(?!(?:feel|felt|go|react|take|"
        r"cope)\b)\w+|(?:were|was)\s+(?:you|they|we|he|she)\s+\w+ing|"
        # "how were the rotas done", "how the monthly report actually got put together"
        r"(?:was|were)\s+(?:(?:the|your|it|things|that)\s+(?:[\w'-]+\s+){0,2}?)?"
        rf"{_DONE}|(?:the|your|it|things|that)\s+(?:[\w'-]+\s+){{0,3}}?(?:was|were|got)\s+"
        rf"(?:\w+\s+)?{_DONE})\b",
        re.IGNORECASE)),
    ("background", None, re.compile(
        rf"{_BEFORE}[^?]*\b(?:how\b(?! long| soon| many| much| often)|"
        # "What was it like planning the brewing before Kegstone?"
        r"what (?:was|were) (?:it|things|life|work)\b[^?]*\blike\b)",
        re.IGNORECASE)),
    # "What was the effect on the practice?", "How did that affect the team?", "What happened
    # when it didn't add up?", "Was there a particular case?": the consequences of, or an
    # episode in, the story being told, whatever a later stage's question they resemble
    (STORY_PROBE, None, re.compile(
        r"\bwhat (?:was|were) the (?:effects?|impacts?|knock-on|consequences?)\b|"
        r"\bhow did (?:that|it|this|they) (?:affect|impact)\b|"
        r"^\W*(?:(?:and|so)\W+)?what happened when\b|"
        r"^\W*(?:(?:and|so)\W+)?(?:was|is) there a (?:particular|specific) "
        r"(?:case|example|incident|occasion|instance)\s*\?\s*$|"
        r"\b(?:give|tell) me an example\b", re.IGNORECASE)),
    # "Walk me through the day you decided something had to change": the first thought that
    # the old way could not go on, not the choice of a new one
    ("first_thought", "push", re.compile(
        r"\b(?:decided|decide|realised|realized|knew|felt)\b[^?]*"
        r"\b(?:had to|needed to|must|should|would have to)\s+change\b|"
        r"\benough was enough\b|"
        # "When did that start to feel like a real problem?", "the first time it bit you"
        r"\b(?:became|become|becoming|start\w* to (?:feel|seem|look|be)(?: like)?|turned into)"
        r"\s+(?:a |an )?(?:real |big |proper |serious )?(?:problem|issue|headache)\b|"
        r"\bfirst time (?:it|that|this) (?:bit|hurt|went wrong|caught)\b|"
        # "Where would you say that story starts?": where their story begins
        r"\bstory\b[^?]*\b(?:starts?|begins?|began|came about)\b", re.IGNORECASE)),
    # "Was there a moment you decided?": the decision, whatever "a moment" shares with the
    # struggling-moment questions
    ("deciding", None, re.compile(
        r"\b(?:you|we)\s+(?:finally\s+)?(?:decided|chose|made (?:the|your|a) "
        r"(?:decision|choice)|made up your mind)\b|\bdeciding moment\b",
        re.IGNORECASE)),
    # "What changed after you switched?": after the switch, whatever "switching" shares with
    # the worry questions (not "what changed after you told him?", a turn in the story)
    ("what_changed", None, re.compile(
        r"\b(?:changed|different)\b[^?]*\bsince (?:you|we|then)\b|"
        r"\b(?:changed|different)\b[^?]*\bafter (?:you|we) (?:\w+ )?"
        r"(?:switch|mov|start|swapp|adopt|began|sign\w* up)\w*|"
        r"\bwhat(?:'s| has| have)\s+changed\b|"
        r"\bwhat(?:'s| is)\s+different\b", re.IGNORECASE)),
    # "What would you tell another coordinator?", "Would you recommend it?": looking back on
    # the whole switch from where they are now, not more of the exchange before
    ("what_changed", None, re.compile(
        r"\bwhat would you (?:tell|say to|advise|recommend)\b|\bwould you recommend\b|"
        r"\bif you were advising\b|\basked (?:you|your advice)\b[^?]*\bwhat would you say\b|"
        # "Is anything still frustrating?", "Anything still not working?": about today
        r"\b(?:is|are|anything|something)\s+(?:that(?:'s| is)\s+)?still\s+(?:\w+\s+)?"
        r"(?:frustrat\w*|annoy\w*|bother\w*|not work\w*|(?:a )?problems?|wrong|hard)\b|"
        r"\bstill\s+(?:frustrat|annoy|bother)\w*\s+you\b", re.IGNORECASE)),
    # "If you summarised what you were trying to achieve, what would it be?": the job in
    # their words, whatever "switching" shares with the worry questions
    ("deciding", None, re.compile(
        r"\b(?:sum(?:med)?\s+(?:it\s+)?up|summari[sz]\w*|in (?:a|one) "
        r"sentence)\b", re.IGNORECASE)),
    # "Were there other frustrations with the old way?": what bothered them, not what they
    # liked, whatever "the old way" shares with the habit question
    ("struggling_moment", "push", re.compile(
        r"^(?=.*\b(?:frustrat\w*|bother\w*|annoy\w*|problems?|difficult\w*|went wrong|"
        r"got to you))(?=.*\b(?:old|before|previous\w*|used to)\b)", re.IGNORECASE)),
    # "When did you first think it wasn't working?", "What was the first sign it might not be
    # working?": the encoder reads past the negation to "When did you first see it working?"
    ("first_thought", "push", re.compile(
        r"^(?=.*\b(?:when|start\w*|first\s+(?:think|thought|feel|felt|"
        r"realis\w*|realiz\w*|notic\w*|sens\w*|signs?|hint))\b).*\b"
        r"(?:wasn't|weren't|isn't|not|stopped|no longer)\s+"
        r"(?:going to\s+|really\s+)?(?:be\s+)?"
        r"(?:work\w*|enough|hold\w*|cop\w*|keep\w* up|good enough)\b",
        re.IGNORECASE)),
)

Encode = Callable[[Sequence[str]], np.ndarray]


def _guide_meta(question_id: str | None, guide: Mapping[str, Mapping[str, Any]]
                ) -> tuple[str, str | None] | None:
    meta = guide.get(question_id or "")
    if not meta or not meta.get("phase"):
        return None
    phase = str(meta["phase"])
    force = meta.get("force")
    if force is None and phase in PUSH_PHASES:
        force = "push"
    return phase, (str(force) if force else None)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: What a question asks is in its last this many characters; reading no more keeps every
#: pattern's time bounded on a turn of thousands of words with no full stop.
ASKED_CHARS = 1000
#: A question shorter than this ("What happened?") is read with the sentence before it
#: ("Think back to the worst week with the old system.").
SHORT_QUESTION = 8
#: A sentence of this many words or fewer just before the question is a reaction or an echo
#: ("Right.", "Oh no.", "Was?"): it says nothing of what is asked, and nothing before it is read.
REACTION_WORDS = 2


def _questions_only(asked_text: str) -> str:
    """What is asked without the statements before it: the questions of `asked`, from the
    first one on."""
    sentences = [s for s in _SENTENCE_END.split(asked_text.strip()) if s]
    first = next((k for k, s in enumerate(sentences) if s.rstrip().endswith("?")), 0)
    return " ".join(sentences[first:])


def asked(turn: str) -> str:
    """The part of an interviewer's turn that asks: its last question, with the question or
    prompt just before it when the question is short or a second question (not a reaction or
    an echo such as "Right." or "Was?"). AI moderators open a turn by reflecting the last
    answer back ("That sounds frustrating - it seems the rota lived in your head..."); that
    reflection is the participant's story, not what is asked, and would pull the question
    towards whatever phase the reflected answer was about (it is also most of the words to
    embed)."""
    sentences = [s for s in _SENTENCE_END.split(turn.strip()) if s]
    if not sentences:
        return turn
    last = max((k for k, s in enumerate(sentences) if s.rstrip().endswith("?")),
               default=len(sentences) - 1)
    chosen = [sentences[last]]
    k = last - 1
    while k >= 0 and len(chosen) < 3 and len(sentences[k].split()) > REACTION_WORDS and (
            len(" ".join(chosen).split()) < SHORT_QUESTION or
            sentences[k].rstrip().endswith("?")):
        chosen.insert(0, sentences[k])
        k -= 1
    return " ".join(chosen)


#: A capitalised word inside a sentence: a product, a person, a place ("How did you come across
#: Fixwell?", "What happened with Tony?").
NAME = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*\b")


#: A name said to the participant at the end of a question: "What was setting it up like, Ffion?"
_VOCATIVE = re.compile(r",\s+[A-Z][a-z]+(?=\s*[?.!]\s*$)")
#: Verbs whose subject is a person: "How did Gerald take it?" asks how someone reacted.
_REACTED = re.compile(r"\s+(?:take|took|react|reacted|respond|responded|feel|felt)\b")


def _unnamed(question: str) -> str:
    """The question with the names in it as "it": what a question asks does not depend on
    which product or person it names, and a name the encoder has never seen pulls the question
    away from every prototype ("How did you come across it?" is plainly about hearing of it).
    A name that takes, reacts or feels is a person: "they" ("How did they take it?"); the
    participant's own name, said to them at the end, is dropped."""
    def pronoun(match: re.Match[str]) -> str:
        if match.group(0).lower() in CALENDAR:
            return match.group(0)
        return "they" if _REACTED.match(question, match.end()) else "it"
    return NAME.sub(pronoun, _VOCATIVE.sub("", question))


def _read_after(meta: tuple[str, str | None], told: tuple[str, str | None]
                ) -> tuple[str, str | None]:
    """What a question asks given `told`, the phase and force of the exchange before it, for
    the questions that depend on it: a liking or a downside of the way just told of, what drew
    them to the thing just named, what changed their mind, a follow-up (more of the same), a
    story probe (an episode told after how things were, or after what they liked about it, is
    the struggle)."""
    kind = meta[0]
    old_way = told[0] in OLD_WAY or told[1] == "habit"
    if kind == LIKED:
        # after a worry about the switch, what they liked is of the way they would leave: the
        # two forces that hold someone back are asked about together
        return ("deciding", "habit" if old_way or told[1] == "anxiety" else "pull")
    if kind == DOWNSIDE:
        meta = ("struggling_moment", "push") if old_way else (FOLLOW_UP, None)
    elif kind == DREW:
        meta = ("deciding", "pull") if told[0] in WEIGHING or told[1] == "pull" \
            else (FOLLOW_UP, None)
    elif kind == MIND:
        return ("deciding", "pull") if told[0] in WEIGHING or told[1] == "pull" \
            else ("first_thought", "push")
    elif kind == CHANGED:
        return ("first_thought", "push") if old_way else ("what_changed", None)
    if meta[0] == STORY_PROBE and (told[0] == "background" or told[1] == "habit"):
        return ("struggling_moment", "push")
    return told if meta[0] in (FOLLOW_UP, STORY_PROBE) else meta


def classify(exchanges: Sequence[Exchange], encode: Encode,
             guides: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None
             ) -> list[Exchange]:
    """Each exchange with its `phase` and `force`. `guides` maps a source id to its guide's
    questions by id, when the transcript carries them (they win over classification)."""
    guides = guides or {}
    texts = sorted({e.question for e in exchanges if e.question})
    best: dict[str, tuple[str, str | None]] = {}
    faint: set[str] = set()  # read only by a faint likeness to a prototype
    if texts:
        prototypes = encode([text for _, _, text in PROTOTYPES])
        readings = [(_unnamed(_questions_only(a)), _unnamed(a), _SENTENCE_END.split(a.strip())[-1])
                    for a in (asked(text)[-ASKED_CHARS:] for text in texts)]
        distinct = sorted({q for alone, question, _ in readings for q in (alone, question)})
        rows = dict(zip(distinct, encode(distinct) @ prototypes.T))
        for text, (alone, question, last) in zip(texts, readings):
            k = int(np.argmax(rows[alone]))
            # A question that says what it asks (a phase, or a probe of the story so far) is
            # read without the statement before it, which may reflect the last answer back
            # ("That sounds frustrating ... What did you look at after that?", "That must have
            # been a difficult week. What were the consequences?"). A force named in that
            # statement still counts.
            row = rows[alone] if rows[alone][k] >= MIN_SIMILARITY else rows[question]
            k = int(np.argmax(row))
            phase, force, _ = PROTOTYPES[k]
            named = next((f for f, rx in FORCE_WORDS if rx.search(question)), None)
            said = next(((p, f) for p, f, rx in PHASE_WORDS if rx.search(question)), None)
            if named:
                best[text] = ("deciding", named)
            elif _LIKED.search(question):
                best[text] = (LIKED, None)
            elif _LIKED_NOW.search(question):
                best[text] = ("what_changed", None)
            elif _DOWNSIDE.search(question):
                best[text] = (DOWNSIDE, None)
            elif _DREW.search(last) or _SAW.search(last):  # the last sentence, names kept
                best[text] = (DREW, None)
            elif _MIND.search(question):
                best[text] = (MIND, None)
            elif _CHANGED.search(last):
                best[text] = (CHANGED, None)
            elif _FOUND_OUT.search(last):
                best[text] = (STORY_PROBE, None)
            elif _WHICH_OF.search(last):
                best[text] = (FOLLOW_UP, None)
            elif said:
                best[text] = said
            else:
                best[text] = (phase, force) if row[k] >= MIN_SIMILARITY else (FOLLOW_UP, None)
                if MIN_SIMILARITY <= row[k] < CLEAR_SIMILARITY:
                    faint.add(text)
    out: list[Exchange] = []
    previous: dict[tuple[str, str], tuple[str, str | None]] = {}
    for exchange in exchanges:
        key = (exchange.source_id, exchange.participant)
        meta = _guide_meta(exchange.question_id, guides.get(exchange.source_id, {}))
        if meta is None:
            told = previous.get(key, ("background", None))
            meta = best.get(exchange.question or "", (FOLLOW_UP, None))
            if exchange.question in faint and (
                    told[0] in PUSH_PHASES and meta[0] in _LATER_THAN_STRUGGLE
                    or told[0] in SWITCHED and meta[0] in _BEFORE_SWITCH):
                meta = (FOLLOW_UP, None)  # probing the story, not leaving it
            meta = _read_after(meta, told)
        previous[key] = meta
        out.append(replace(exchange, phase=meta[0], force=meta[1]))
    return out
