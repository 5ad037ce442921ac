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
that. A bare "What changed?" asks what tipped them while the old way is being told (or a way
noticed and left alone), and what is different since the switch after it. Asking the effect
of what was told ("What was the effect on the practice?"), or for an episode in it, continues
that story, as asking again about a worry just told of ("Did that fear come true?") does;
asking what they saw or made of a new way while weighing it ("What was your reaction?", "What
do you remember from the demo?") asks what drew them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from jobstory.synthesis.exchanges import Exchange
from jobstory.synthesis.phrases import CALENDAR
from jobstory.synthesis.question_forces import FORCE_WORDS
from jobstory.synthesis.question_prototypes import FOLLOW_UP, PROTOTYPES, STORY_PROBE
from jobstory.synthesis.question_words import GREETING, PHASE_WORDS, PLEASANTRY
from jobstory.synthesis.segment import SENTENCE_BREAK

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
    r"(?:about|with)\b|"
    # "Did the spreadsheet have its good points?", "Was there anything good about it?"
    r"\b(?:its|any|some|the)\s+good\s+(?:points?|sides?|bits?|things?)\b|"
    r"\banything\s+good\s+about\b",
    re.IGNORECASE)
#: "For all the pain", "for all its faults": the old way's push granted before asking what was
#: good about it.
_FOR_ALL = re.compile(r"\bfor all (?:the|its|their|that|of its) (?:pain|hassle|trouble|faults?|"
                      r"problems?|grief|mess|headaches?|flaws?|frustrations?)\b", re.IGNORECASE)
#: "What do you like about this approach?": what they like about the way things are done now,
#: which in a switch interview is the new way, however it follows a question about the old one.
_LIKED_NOW = re.compile(r"\bwhat\s+do\s+you\s+(?:(?:really|most)\s+)?(?:like|love|value|enjoy)\s+"
                        r"about\b", re.IGNORECASE)
#: "And the downside?", "Any drawbacks?", "Can you tell me about a time it didn't work?": what
#: was wrong with the way just told of. Of the old way that is its push; of anything else, more
#: of what was being told. (The encoder hears "a time it didn't work" as "when did you first
#: see it working?": the negation is lost on it.)
DOWNSIDE = "downside"
_DOWNSIDE = re.compile(r"\b(?:downsides?|drawbacks?|down side)\b|"
                       r"\btime\s+(?:when\s+|that\s+)?(?:it|that|this|they|things)\s+"
                       r"(?:didn['’]t|did not|wouldn['’]t|would not)\s+work\b|"
                       r"\bwhat\s+(?:was|were)\s+"
                       r"(?:(?:so|really)\s+)?(?:bad|wrong|the worst thing|worst)\s+about\b|"
                       r"^\W*(?:and|but|so)?\s*what\s+(?:didn't|did not|wasn't so good|"
                       r"wasn't good)(?:\s+work)?\s*\?|"
                       # "So what went wrong with it?"
                       r"^\W*(?:and|but|so)?\s*what\s+went\s+wrong(?:\s+with\s+"
                       r"(?:it|that|them|those))?\s*\?", re.IGNORECASE)
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
                   r"why(?:\s+(?-i:[A-Z])[\w'-]*)+|why (?:that|this) one|"
                   r"how did you find (?:it|them|that one|"
                   r"(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)*))"
                   r"(?:,?\s+(?:in the end|then))?\s*\?\s*$", re.IGNORECASE)
#: "How did you find Ledgerly?" asks what they made of it or how they came across it: an
#: answer that opens on hearing of it ("I'd heard of it at a meet-up") says which.
_HOW_FOUND = re.compile(r"\bhow did you find (?:it|them|(?-i:[A-Z])[\w'-]*)", re.IGNORECASE)
#: "What was it about Pipewright?" (its name read as "it") asked in the same breath as another
#: force ("... and was there anything that put you off?"): what drew them to it, as well.
_ABOUT_IT = re.compile(r"\bwhat was it about it\b", re.IGNORECASE)
#: "What was your reaction?", "What did you see on that visit?", "What stood out to you when
#: she showed you?", "What did he show you?": what they made of the ways they saw (not "How did
#: you compare them?", which asks how they looked). Asked while someone weighs them, what drew
#: them (pull, as `DREW`); asked of anything else, more of what was being told.
_SAW = re.compile(r"\b(?:what did you (?:see|notice|make of)|what stood out|"
                  r"what did (?:[\w'-]+\s+){1,3}?show you|what (?:were|was) you shown|"
                  r"(?:your|the) (?:first )?(?:reactions?|impressions?)\b|"
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
#: short?", "How did it come to light?": when they learnt what had happened, a probe of the
#: story being told (not "When did you first see it working?", nor "How did you find out about
#: it?", which asks how they heard of a new way).
_FOUND_OUT = re.compile(r"^\W*(?:(?:and|so|okay|ok|right)\W+)?(?:when|how) did you (?:first\s+)?"
                        r"(?:(?:find out|realis\w*|realiz\w*|discover)(?!\s+about\b)[^?]*|"
                        r"(?:notice|know)(?:\s+(?:it|that|this))?)\s*\?\s*$|"
                        r"^\W*(?:(?:and|so|okay|ok|right)\W+)?(?:when|how) did (?:it|that|this) "
                        r"(?:first )?come to light\s*\?\s*$", re.IGNORECASE)
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
#: particular time that stood out?"), nor, asked while someone weighs new ways, back to the
#: old one ("Tell me about the invoicing part." only faintly resembles "Tell me about your
#: business").
CLEAR_SIMILARITY = 0.5


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
    sentences = [s for s in SENTENCE_BREAK.split(asked_text.strip()) if s]
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
    sentences = [s for s in SENTENCE_BREAK.split(turn.strip()) if s]
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
NAME = re.compile(r"(?<=[a-z,;] )[A-Z][^\W\d_A-Z]+(?:\s+[A-Z][^\W\d_A-Z]+)*\b")


#: A name said to the participant at the end of a question: "What was setting it up like, Ffion?"
_VOCATIVE = re.compile(r",\s+[A-Z][a-z]+(?=\s*[?.!]\s*$)")
#: Verbs whose subject is a person: "How did Gerald take it?" asks how someone reacted.
_REACTED = re.compile(r"\s+(?:take|took|react|reacted|respond|responded|feel|felt|say|said|"
                      r"says|think|thought|thinks|tell|told|hand|handed|ask|asked|reckon|"
                      r"reckoned|suggest|suggested|want|wanted)\b")


def _unnamed(question: str) -> str:
    """The question with the names in it as "it": what a question asks does not depend on
    which product or person it names, and a name the encoder has never seen pulls the question
    away from every prototype ("How did you come across it?" is plainly about hearing of it).
    A name that takes, reacts, feels, says, thinks or hands over is a person: "they" ("How did
    they take it?", "What did they hand over?": a probe of the story being told); the
    participant's own name, said to them at the end, is dropped."""
    def pronoun(match: re.Match[str]) -> str:
        if match.group(0).lower() in CALENDAR:
            return match.group(0)
        return "they" if _REACTED.match(question, match.end()) else "it"
    return NAME.sub(pronoun, _VOCATIVE.sub("", question))


def small_talk(turn: str) -> bool:
    """Whether an interviewer's turn asks only after the person ("How's your week going?",
    "How are things in Saskatoon?") or says a pleasantry ("Congratulations on the wedding!"):
    what is said back answers nothing of the switch story."""
    question = _unnamed(asked(turn)[-ASKED_CHARS:])
    return GREETING.search(question) is not None or PLEASANTRY.search(question) is not None


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
    elif kind == CHANGED:  # after a way noticed but left alone, what set them looking
        return ("first_thought", "push") if old_way or told[0] == "passive_looking" \
            else ("what_changed", None)
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
        readings = [(_unnamed(_questions_only(a)), _unnamed(a), SENTENCE_BREAK.split(a.strip())[-1])
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
            # the forces its questions name; else one named in the statement before them
            # ("Those are fair worries. How did you get past them?"), unless they plainly probe
            # the story ("That sounds really worrying. What happened next?": a reaction to it)
            # ("So some clients kept their old habits. Looking back, what has changed?": a
            # question that says its stage itself asks that, whatever the statement names)
            named = {f for f, rx in FORCE_WORDS if rx.search(alone)}
            probes = PROTOTYPES[int(np.argmax(rows[alone]))][0] == STORY_PROBE and \
                rows[alone].max() >= MIN_SIMILARITY
            said = next(((p, f) for p, f, rx in PHASE_WORDS if rx.search(alone)), None)
            if not named and not probes and said is None:
                named = {f for f, rx in FORCE_WORDS if rx.search(question)}
            if named and _ABOUT_IT.search(alone):
                named.add("pull")
            said = said or next(((p, f) for p, f, rx in PHASE_WORDS if rx.search(question)),
                                None)
            if len(named) > 1:
                # "What was it about Pipewright, and was there anything that put you off?":
                # each sentence of the answer says which of the two it tells
                best[text] = ("deciding", None)
            elif named:
                best[text] = ("deciding", named.pop())
            elif _LIKED.search(question):
                # "For all the pain, was there anything good about doing it by hand?": what
                # they liked of the way whose pain the question grants, the old one
                best[text] = ("deciding", "habit") if _FOR_ALL.search(question) else (LIKED, None)
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
            meta = (FOLLOW_UP, None) if exchange.continued else \
                best.get(exchange.question or "", (FOLLOW_UP, None))
            if exchange.question in faint and (
                    told[0] in PUSH_PHASES and meta[0] in _LATER_THAN_STRUGGLE
                    or told[0] in WEIGHING and meta[0] in OLD_WAY
                    or told[0] in SWITCHED and meta[0] in _BEFORE_SWITCH):
                meta = (FOLLOW_UP, None)  # probing the story, not leaving it
            undirected = meta[0] == FOLLOW_UP
            meta = _read_after(meta, told)
            if exchange.stage == "passive_looking" and _HOW_FOUND.search(exchange.question or ""):
                meta = ("passive_looking", None)  # how they came across it, their answer says
            if undirected and exchange.stage is not None and \
                    PHASES.index(exchange.stage) > PHASES.index(meta[0]) and \
                    not (meta[0] in PUSH_PHASES and exchange.stage in SWITCHED):
                # no direction from the interviewer, and the participant says the story has
                # moved on: it goes where they say (never back); not from the struggle straight
                # to the switch, past looking and deciding ("the GP gave her a cream and it
                # settled in a few days" is the episode's own end)
                meta = (exchange.stage, None)
        previous[key] = meta
        out.append(replace(exchange, phase=meta[0], force=meta[1]))
    return out
