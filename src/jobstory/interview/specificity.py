"""Is this interview answer a concrete story or a vague generality?

Pure Python (regular expressions and word lists): no network, no model, no embeddings, so it
runs inside the request that stores an answer (p95 well under 5 ms, see
`benchmarks/specificity.py`).

A good switch-interview answer tells what happened: a time ("last March"), a place, people
("our accountant"), numbers ("$40 a month"), events in the past tense ("I opened the
laptop and..."), named alternatives ("we tried Xero and a spreadsheet"). A vague one is
generic, hedged, hypothetical or evasive ("it was just annoying", "I guess it's easier",
"usually it works fine", "I'd rather not say"). Length does not decide: the score weighs
evidence of a concrete story against markers of vagueness, each with diminishing returns.

`missing` uses this fixed vocabulary (see `DIMENSIONS`):

- ``event``        nothing that happened: no past-tense action ("sent", "quit", "crashed")
- ``time``         no anchor in time ("in March", "two weeks before the audit", "at 2am")
- ``example``      no concrete instance: neither an event nor "for example" / "one time"
- ``people``       no specific person or role ("my co-founder", "our accountant", "Priya")
- ``numbers``      no real quantity ("$40", "3 hours", "five apps"; hyperbole does not count)
- ``alternatives`` no named product or workaround ("Xero", "a spreadsheet", "pen and paper")
- ``place``        no setting ("at the kitchen table", "on the bus", "in Lisbon")

The order of `missing` puts first what matters most for the question's phase or force.

The word lists are English. An answer in another language or script is never called vague
(its specificity is raised to the threshold): the scorer cannot judge it, and an English probe
would be the wrong reply. Empty or whitespace-only answers score 0 and are vague.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    from jobstory.domain import Question

__all__ = [
    "DIMENSIONS",
    "MAX_CHARS",
    "THRESHOLD",
    "Assessment",
    "assess",
    "dimension_order",
    "vague_spans",
]

DIMENSIONS: tuple[str, ...] = (
    "event",
    "time",
    "example",
    "people",
    "numbers",
    "alternatives",
    "place",
)

# Only the first MAX_CHARS characters are scored (about 350 words, two minutes of talk): an
# answer that long has shown whether it tells a story, and the cap bounds the cost of a call
# (about 2.5 ms of CPU at the cap, whatever the answer's length).
MAX_CHARS = 2000

# An answer is vague when its specificity is below this.
THRESHOLD = 0.5

# Which dimensions matter first for a phase of the switch timeline or a force of progress.
# Dimensions not listed follow in DIMENSIONS order.
_PHASE_ORDER: dict[str, tuple[str, ...]] = {
    "first_thought": ("event", "time", "place", "people", "example"),
    "passive_looking": ("event", "example", "alternatives", "time", "people"),
    "active_looking": ("alternatives", "event", "time", "people", "numbers"),
    "deciding": ("event", "people", "alternatives", "numbers", "time"),
    "first_use": ("event", "time", "example", "people", "place"),
    "push": ("event", "example", "time", "numbers", "people"),
    "pull": ("example", "event", "alternatives", "people"),
    "anxiety": ("event", "example", "people", "time"),
    "habit": ("alternatives", "example", "event", "time", "numbers"),
}


@dataclass(frozen=True)
class Assessment:
    """What the scorer thinks of one answer."""

    text: str
    specificity: float
    vague: bool
    missing: tuple[str, ...]
    probe: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "specificity": self.specificity,
            "vague": self.vague,
            "missing": list(self.missing),
            "probe": self.probe,
        }


# --------------------------------------------------------------------------- word lists

_MONTHS = (
    r"january|february|march|april|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_DAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)days?"
_UNITS = (
    r"(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|months?|years?"
    r"|yrs?)"
)
_NUMWORD = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty"
    r"|ninety|half|dozen"
)

_TIME = re.compile(
    r"\b(?:"
    rf"(?:{_MONTHS})\b(?!\s+(?:be|have|not|want|need|take|help|ask|say|get|go))"
    rf"|(?:in|since|by|of|last|early|late|mid|until|till|end of|start of)[ -]may\b"
    rf"|{_DAYS}"
    r"|yesterday|tonight|last night|this morning"
    r"|(?:last|this|that|the following|the previous|next)\s+"
    r"(?:week|weekend|month|year|summer|winter|spring|autumn|fall|quarter|night|morning"
    r"|afternoon|evening|christmas|easter|term|semester|season|sprint)"
    r"|(?:that|one|the)\s+(?:morning|afternoon|evening|night|weekend)"
    rf"|(?:\d+|a|an|one|{_NUMWORD}|few|couple(?: of)?)\s+{_UNITS}\s+"
    r"(?:ago|later|before|after|earlier|in)\b"
    r"|(?:19|20)\d\d\b|'\d\d\b"
    r"|\d{1,2}(?::\d\d)?\s?(?:am|pm)\b|\d{1,2}:\d\d\b"
    r"|(?:on|by|until|till|before|after|since)\s+the\s+\d{1,2}(?:st|nd|rd|th)\b"
    r"|q[1-4]\b|year[- ]end|mid[- ]year|end of (?:the )?(?:month|quarter|year)"
    r"|christmas|xmas|new year'?s?|black friday|cyber monday|thanksgiving|easter|halloween"
    r"|ramadan|diwali|hanukkah|boxing day"
    r"|midnight|at noon|till noon|lunch ?break|over lunch|at lunch|at dinner|after dinner"
    r"|day (?:one|\d+)|(?:first|second|third|1st|2nd|3rd) (?:day|week|month)"
    r"|the (?:day|night|week|morning|evening) (?:before|after|of|our|my|we|i|the|she|he|they)"
    r")",
)

_CURRENCY = re.compile(
    r"[$£€¥₹]\s?\d|\d\s?(?:k\b|dollars?|bucks|quid|pounds?|euros?|usd|gbp|eur|cents?|c\b)"
    r"|\d+(?:\.\d+)?\s?%|\b(?:per|a|each)\s+(?:seat|user|month|year|week)\b",
)
_DIGITS = re.compile(r"(?<![\w.])[$£€]?\d[\d,.:/]*(?:st|nd|rd|th|k|kg|km|am|pm)?\b")
_HYPERBOLE = re.compile(
    r"\b(?:a |like a |like )?(?:million|billion|zillion|gazillion|bazillion)\b"
    r"|\blike a (?:hundred|thousand)\b|\btoo many to count\b|\b(?:100|110|1000)\s?%|\b24/7\b"
    r"|\b(?:loads|tons|heaps) of\b|\b\d+x\b",
)
_VAGUE_QUANT = re.compile(
    r"\b(?:one|two|three|a few|a couple) or (?:two|three|four|so)\b|\ba couple\b|\ba few\b",
)
_NUMWORDS = re.compile(rf"\b(?:{_NUMWORD}|hundred|thousand)\b(?=\s+[a-z])")

_ROLE = (
    r"accountants?|bookkeepers?|boss|manager|co-?founders?|founders?|partners?|wife|husband"
    r"|son|daughter|kids?|mum|mom|mother|dad|father|parents|sister|brother|friends?|neighbou?r"
    r"|colleagues?|co-?workers?|ceo|cto|cfo|coo|vp|director|lead|designers?|developers?"
    r"|engineers?|devs|reps?|salesperson|sales ?(?:guy|rep|lead|person)|clients?|customers?"
    r"|landlord|doctor|physio|therapist|lawyer|intern|assistant|roommate|flatmate|housemate"
    r"|girlfriend|boyfriend|fianc[eé]e?|cousin|uncle|aunt|grandma|grandpa|nan|coach|trainer"
    r"|teacher|investors?|board|buyer|vendor|broker|cleaner|nanny|admin|pm|ops lead"
    r"|office manager|head of \w+|finance (?:guy|person|team|lead)|payroll (?:person|guy|lady)"
    r"|hire|employees?|staff|new hire|guy|lady|woman|man|someone from \w+|person"
)
_PEOPLE = re.compile(
    r"\b(?:my|our|his|her|their|the|a|an|one|two|three|\d+|new|old|top|biggest|best)\s+"
    r"(?:[a-z-]+\s+)?"
    rf"(?:{_ROLE})\b",
)
# A question like "Who else was involved?" is answered by "just me" as well as by a name.
_SELF = re.compile(r"\b(?:just|only) me\b|\bme and\b|\band me\b|\bmyself\b|^\s*me\b")

_PLACE = re.compile(
    r"\b(?:at|in|on|from|into|outside|inside|by)\s+(?:the|my|our|a|an|his|her|their)\s+"
    r"(?:[a-z-]+\s+)?"
    r"(?:office|home|house|flat|desk|kitchen|table|gym|library|store|shop|airport|hotel|lobby"
    r"|conference|booth|station|bus|train|car|park|school|bank|branch|cafe|café|canteen|bbq"
    r"|party|wedding|garage|basement|living room|bedroom|couch|sofa|doorstep|street"
    r"|flight|plane|meeting|retro|standup|stand-up|channel|call|webinar|demo|podcast|dinner"
    r"|lunch|co-?working space|coworking|warehouse|studio|clinic|hospital|phone|laptop"
    r"|whatsapp|group chat)\b"
    r"|\bat (?:home|work|school|the gym|lunch)\b",
)

_ALT_WORDS = re.compile(
    r"\b(?:spreadsheets?|excel|google (?:sheets?|docs?|doc)|sheets|word docs?|in word\b"
    r"|pen and paper|paper (?:notebook|calendar|forms?|diary)|notebook|whiteboard|post-?its?"
    r"|sticky notes|email threads|by hand|manually|a csv|the csv|free trial|trials?|demos?)\b",
)
_ALT_VERBS = re.compile(
    r"\b(?:tried|trialled|trialed|switched|moved|migrated|used|using|compared|vs\.?|versus"
    r"|instead of|went with|signed up|downloaded|installed|booked|demoed|shortlist(?:ed)?"
    r"|looked at|over to|off of|ported)\b",
)

_IRREGULAR_PAST = (
    "went came got sent told said found took saw made did left lost paid bought sat stood ran "
    "wrote spent kept began broke brought caught chose drove fell forgot gave heard held hurt "
    "led met quit rang rode sold spoke stuck threw woke won built burnt burned cost hit shut "
    "flew grew dropped fought sang slept swam taught tore wore blew drew dug fed froze hung "
    "lent meant rose sank shook stole struck swore swung bit"
)
_IRREGULAR = frozenset(_IRREGULAR_PAST.split())
# Words ending in -ed that describe a state or a mind (or are no verb), not something that
# happened.
_STATE_ED = frozenset(
    """
    bored tired interested stressed frustrated annoyed overwhelmed confused limited dated
    outdated involved based related supposed used concerned worried excited scared surprised
    pleased satisfied dissatisfied motivated organized organised complicated sophisticated
    advanced detailed experienced needed seemed looked liked loved hated wanted wished hoped
    imagined pictured guessed figured started noticed appealed appeared considered preferred
    tended assumed expected believed enjoyed weighed mattered speed indeed hundred embed
    proceed exceed succeed united unlimited automated connected integrated dedicated biased
    centred centered focused focussed informed reasoned seasoned talked
    """.split()
)
# A past form right after one of these is a state ("was limited", "got bored") or a habit or
# hypothesis ("I'd see ads", "would have looked"), not an event.
_STATE_BEFORE = frozenset(
    "was were is are be been being get got getting feel felt feels seem seemed seems so very "
    "too more less really pretty bit quite kinda would could might should i'd we'd you'd "
    "they'd he'd she'd it'd would've could've have has had having not never always just".split()
)
_WORD = re.compile(r"[a-z][a-z'-]*")

_INSTANCE = re.compile(
    r"\b(?:for example|for instance|e\.g\.|one time|this one time|once when|the time (?:when|we|i)"
    r"|last time|that time|the first time|that day|that was the|that's when|that was when)\b",
)

_HEDGES = re.compile(
    r"\b(?:i guess|i suppose|i think|i'd say|i would say|maybe|probably|perhaps|possibly"
    r"|kind of|kinda|sort of|sorta|somewhat|more or less|pretty much|basically|in a way"
    r"|i don'?t (?:really )?know|i dunno|dunno|idk|not (?:really |entirely )?sure|hard to say"
    r"|hard to (?:pinpoint|remember|put)|can'?t (?:really )?(?:remember|recall|say)"
    r"|don'?t (?:really )?(?:remember|recall)|if that makes sense|i mean|i imagine|i figured"
    r"|or something|or whatever|something like that|sometime|at some point|over time"
    r"|eventually|a while ago|for a (?:long )?while|for ages|here and there|along the way"
    r"|in general|generally(?: speaking)?|overall|all in all|as such|to be honest|honestly"
    r"|tbh|i'?d have to think)\b",
)
_FILLER = re.compile(
    r"\b(?:you know(?: what i mean| how it is)?|the usual(?: stuff)?|as you do|that kind of thing"
    r"|that sort of thing|and stuff|and all that|all that stuff|and whatnot|etc\.?|the works"
    r"|stuff like that|things like that|and so on|blah|all of it|all of that|everything"
    r"|one of those things|like most people|like anything|like everyone|as always"
    r"|the whole thing|the normal|standard stuff|normal stuff|nothing (?:major|unusual|special"
    r"|dramatic|crazy|fancy|out of the ordinary))\b",
)
_GENERIC = re.compile(
    r"\b(?:convenien(?:t|ce)|easy|easier|easiest|ease|better|best|efficien(?:t|cy)|inefficient"
    r"|simple|simpler|simplify|smooth(?:er|ly)?|nice|good|great|fine|okay|ok|annoying|annoyance"
    r"|frustrating|frustration|clunky|slow|modern|intuitive|user[- ]friendly|seamless|stuff"
    r"|things?|everything|anything|something|everyone|everybody|usually|always|often|normally"
    r"|typically|mostly|mainly|a lot|lots|various|different|whatever|improvement|hassle|pain"
    r"|mess|messy|productivity|visibility|collaboration|transparency|features|experience"
    r"|solution|process|quality|variety|flexib(?:le|ility)|robust|professional|motivating|fun"
    r"|boring|comfortable|familiar|stressful|stress|hard|harder|difficult|issues?|problems?"
    r"|outdated|dated|limited|clean|cool|headache|chore|options|needs|fit|vibe|general"
    r"|obvious|smart(?:er)?|solid|safe|worth it|risky|risk)\b",
)
_HYPOTHETICAL = re.compile(
    r"\b(?:would|could|might|i'?d|we'?d|it'?d|you'?d|if i|if we|if it|wish|hopefully"
    r"|it would be nice)\b",
)
_EVASION = re.compile(
    r"\b(?:i'?d rather not|rather not (?:say|get into|talk)|prefer not|no idea|no comment"
    r"|not (?:really )?sure|nothing (?:really|much|major|in particular|i can think of|to add)"
    r"|can'?t think of|not much|nah|n/a|no clue|who knows|not telling"
    r"|don'?t want to (?:say|talk|get into))\b"
    r"|^\W*(?:no|nope|nothing|none|pass|skip|idk|dunno|meh|fine|ok|okay|yes|yeah|sure)\W*$",
)
_GENERIC_YOU = re.compile(r"\b(?:you|your|one's)\b")

_ENGLISH = re.compile(
    r"\b(?:the|a|an|and|or|but|i|we|it|was|were|is|are|to|of|in|on|at|for|with|my|our|that"
    r"|this|they|he|she|you|me|had|have|just|so|not|no|be|been|did|do|what|when|then|like)\b",
)
# Function words of other languages an answer may come in (French, German, Spanish,
# Italian, Portuguese, Dutch, Scandinavian, Russian). Two or more, outnumbering the English
# ones, mark an answer the English word lists cannot judge.
_FOREIGN = re.compile(
    r"\b(?:de|la|le|les|des|et|est|une|pour|avec|dans|que|qui|pas|nous|je|und|der|die|das"
    r"|ist|nicht|ich|wir|mit|ein|eine|zu|auf|el|los|las|y|es|por|para|con|una|muy|pero|il"
    r"|di|che|non|per|sono|ho|não|uma|com|het|een|niet|ik|og|och|att|är|jag|det|не|и|в|на"
    r"|что|я|это)\b",
)
_OPENERS = frozenset(".!?\n\r\"“(:;-—–•*")
_CAPITALISED = re.compile(r"\b[A-Z][\w'&.-]*[\w]|\b[A-Z]\b")
_NOT_NAMES = frozenset(
    """
    i i'm i'd i've i'll ok okay so very really not no all the and lol tbh idk omg fomo btw
    imo imho asap etc yes never everything any much huge way hr crm ci cd seo ui ux dx saas
    erp ai app it's its im
    """.split()
)
_MONTH_DAY_WORD = re.compile(rf"^(?:{_MONTHS}|may|{_DAYS})$", re.IGNORECASE)


# ----------------------------------------------------------------------------- features


@dataclass(frozen=True)
class _Features:
    words: int
    time: int
    numbers: int
    people: int
    names: int
    events: int
    alternatives: int
    place: int
    instance: int
    hedges: int
    fillers: int
    generic: int
    hypothetical: int
    evasion: int
    generic_you: int
    hyperbole: int


def _at_sentence_start(text: str, index: int) -> bool:
    """Whether the token at `index` opens a sentence (or the answer)."""
    i = index - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _OPENERS


def _proper_nouns(text: str) -> int:
    """Capitalised tokens that are not the first word of a sentence: names, products, places.

    A sentence-initial word counts only when its shape gives it away ("HubSpot", "N26").
    """
    count = 0
    for match in _CAPITALISED.finditer(text):
        token = match.group(0).rstrip(".'")
        lowered = token.lower()
        if lowered in _NOT_NAMES or _MONTH_DAY_WORD.match(lowered):
            continue
        if token.isupper() and len(token) <= 1:
            continue
        inner_shape = any(c.isupper() or c.isdigit() for c in token[1:])
        if not inner_shape and _at_sentence_start(text, match.start()):
            continue
        count += 1
    return count


def _past_events(words: list[str]) -> int:
    count = 0
    previous = ""
    before_previous = ""
    for lowered in words:
        if lowered in _IRREGULAR or (
            len(lowered) > 4 and lowered.endswith("ed") and lowered not in _STATE_ED
        ):
            if previous not in _STATE_BEFORE and not (
                (previous in {"of", "a"} and before_previous in {"kind", "sort", "bit"})
                or before_previous in {"if", "unless", "wish"}
            ):
                count += 1
        before_previous, previous = previous, lowered
    return count


def _prepare(text: str) -> tuple[str, str]:
    """The scored part of `text` and a lower-cased copy with the same character offsets.

    The word patterns are written in lower case and run on the copy: matching without
    IGNORECASE is several times faster.
    """
    clean = text[:MAX_CHARS].replace("\u2019", "'").replace("\u2018", "'")
    lowered = clean.lower()
    if len(lowered) != len(clean):  # a few characters lower-case to two ("İ")
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in clean)
    return clean, lowered


def _features(text: str) -> _Features:
    clean, low = _prepare(text)
    words = _WORD.findall(low)
    without_vague_quant = _VAGUE_QUANT.sub(" ", low)
    hyperbole = len(_HYPERBOLE.findall(low))
    numbers = (
        len(_DIGITS.findall(without_vague_quant))
        + len(_NUMWORDS.findall(without_vague_quant))
        + len(_CURRENCY.findall(without_vague_quant))
        - hyperbole
    )
    names = _proper_nouns(clean)
    alternative_verbs = len(_ALT_VERBS.findall(low))
    alternatives = len(_ALT_WORDS.findall(low)) + (
        min(alternative_verbs, names) if names else 0
    )
    return _Features(
        words=len(words),
        time=len(_TIME.findall(low)),
        numbers=max(numbers, 0),
        people=len(_PEOPLE.findall(low)),
        names=names,
        events=_past_events(words),
        alternatives=alternatives,
        place=len(_PLACE.findall(low)),
        instance=len(_INSTANCE.findall(low)),
        hedges=len(_HEDGES.findall(low)),
        fillers=len(_FILLER.findall(low)),
        generic=len(_GENERIC.findall(low)),
        hypothetical=len(_HYPOTHETICAL.findall(low)),
        evasion=len(_EVASION.findall(low)),
        generic_you=len(_GENERIC_YOU.findall(low)),
        hyperbole=hyperbole,
    )


# ------------------------------------------------------------------------------ scoring

# Evidence of a concrete story: (weight, cap). Counts above the cap add nothing more.
_CONCRETE = {
    "time": (1.3, 2),
    "numbers": (1.1, 3),
    "people": (0.9, 2),
    "names": (0.9, 3),
    "events": (0.8, 4),
    "alternatives": (0.7, 2),
    "place": (0.8, 2),
    "instance": (0.5, 1),
}
# Markers of vagueness, weighed by density: a rate per 10 words, square-rooted, so that a
# single "I guess" in a long story costs little while a ramble made of them costs a lot.
_VAGUE = {
    "hedges": 1.0,
    "fillers": 1.0,
    "generic": 0.9,
    "hypothetical": 0.6,
    "generic_you": 0.5,
}
_EVASION_WEIGHT = 1.6
_HYPERBOLE_WEIGHT = 0.8
_BIAS = -0.9
_STEEPNESS = 1.4
_INTENT_BONUS = 1.2

# What a question asks for, so that an answer giving exactly that counts ("Who else was
# involved?" -> "My partner.").
_INTENTS = (
    ("people", re.compile(r"\bwho(?:m|se)?\b", re.IGNORECASE)),
    ("time", re.compile(r"\bwhen\b|\bhow long ago\b|\bwhat (?:day|month|year)\b", re.I)),
    (
        "numbers",
        re.compile(r"\bhow (?:much|many|often|long)\b|\bcost\b|\bprice\b|\bpa(?:y|id)\b", re.I),
    ),
    (
        "alternatives",
        re.compile(
            r"\bwhich (?:options|ones|tools|apps|products)\b|\bwhat else\b|\btr(?:y|ied)\b"
            r"|\blook at\b|\busing\b",
            re.I,
        ),
    ),
    ("place", re.compile(r"\bwhere\b", re.IGNORECASE)),
)


@lru_cache(maxsize=512)
def _intents_of(text: str) -> frozenset[str]:
    return frozenset(dim for dim, pattern in _INTENTS if pattern.search(text))


def _question_intents(question: Question | None) -> frozenset[str]:
    text = getattr(question, "text", None) if question is not None else None
    return _intents_of(text) if isinstance(text, str) else frozenset()


def _present(features: _Features, text: str, intents: frozenset[str]) -> set[str]:
    present: set[str] = set()
    if features.events:
        present.add("event")
    if features.time:
        present.add("time")
    if features.events or features.instance:
        present.add("example")
    if features.people or ("people" in intents and _SELF.search(_prepare(text)[1])):
        present.add("people")
    if features.numbers:
        present.add("numbers")
    if features.alternatives or (features.names and "alternatives" in intents):
        present.add("alternatives")
    if features.place:
        present.add("place")
    return present


def _raw_score(features: _Features, present: set[str], intents: frozenset[str]) -> float:
    concrete = sum(
        weight * min(getattr(features, name), cap) for name, (weight, cap) in _CONCRETE.items()
    )
    # Answering exactly what the question asked ("Who else was involved?" -> "My partner.")
    concrete += _INTENT_BONUS * len(intents & present)
    per_ten = 10.0 / max(features.words, 4)
    vague = sum(
        weight * math.sqrt(getattr(features, name) * per_ten) for name, weight in _VAGUE.items()
    )
    vague += _EVASION_WEIGHT * min(features.evasion, 2) + _HYPERBOLE_WEIGHT * min(
        features.hyperbole, 2
    )
    return concrete - vague + _BIAS


def dimension_order(question: Question | None) -> tuple[str, ...]:
    """The dimensions, most relevant first for the question's phase (or force)."""
    keys = []
    if question is not None:
        keys = [getattr(question, "phase", None), getattr(question, "force", None)]
    for key in keys:
        if isinstance(key, str) and key in _PHASE_ORDER:
            first = _PHASE_ORDER[key]
            return first + tuple(d for d in DIMENSIONS if d not in first)
    return DIMENSIONS


def _looks_english(text: str, words: int) -> bool:
    """False for an answer written in another language or script."""
    head = _prepare(text)[1]
    letters = [ch for ch in head if ch.isalpha()]
    foreign_script = sum(not "a" <= ch <= "z" and ch not in _LATIN_ACCENTED for ch in letters)
    if foreign_script > len(letters) / 2:
        return False  # mostly a non-Latin script (Cyrillic, CJK, Arabic, ...)
    if words < 4:
        return True
    foreign = len(_FOREIGN.findall(head))
    return foreign < 2 or foreign <= len(_ENGLISH.findall(head))


_LATIN_ACCENTED = frozenset("àáâãäåæçèéêëìíîïñòóôõöøœùúûüýÿß")


def _score(text: str, question: Question | None) -> tuple[float, tuple[str, ...], _Features]:
    features = _features(text)
    intents = _question_intents(question)
    present = _present(features, text, intents)
    if not any(ch.isalnum() for ch in text[:MAX_CHARS]):  # empty, blank, emoji or punctuation
        specificity = 0.0
    else:
        raw = _raw_score(features, present, intents)
        specificity = 1.0 / (1.0 + math.exp(-_STEEPNESS * raw))
        if not _looks_english(text, features.words):
            # The word lists are English: an answer in another language cannot be judged,
            # so it is never called vague (an English probe would be the wrong reply anyway).
            specificity = max(specificity, THRESHOLD)
    missing = tuple(d for d in dimension_order(question) if d not in present)
    return round(specificity, 4), missing, features


def vague_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of the vague markers in `text`, in order of position.

    `kind` is one of "evasion", "hedge", "filler", "generic", "hyperbole", "hypothetical".
    Used by the probe library to echo the participant's own vague phrase.
    """
    low = _prepare(text)[1]
    spans: list[tuple[int, int, str]] = []
    for kind, pattern in (
        ("evasion", _EVASION),
        ("hyperbole", _HYPERBOLE),
        ("hedge", _HEDGES),
        ("filler", _FILLER),
        ("generic", _GENERIC),
        ("hypothetical", _HYPOTHETICAL),
    ):
        for match in pattern.finditer(low):
            if match.end() > match.start():
                spans.append((match.start(), match.end(), kind))
    spans.sort()
    return spans


def assess(
    text: str, question: Question | None = None, *, asked: Sequence[str] = (),
    with_probe: bool = True,
) -> Assessment:
    """Score one answer; when it is vague, pick a neutral probe not already in `asked`.

    Synthesis only needs the score, so it passes `with_probe=False` and skips choosing one.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    specificity, missing, _ = _score(text, question)
    vague = specificity < THRESHOLD
    probe = None
    if vague and with_probe:
        from jobstory.interview.probes import choose_probe

        probe = choose_probe(text, missing, question, asked)
    return Assessment(
        text=text, specificity=specificity, vague=vague, missing=missing, probe=probe
    )


@lru_cache(maxsize=65536)
def scored(text: str) -> Assessment:
    """`assess(text, with_probe=False)`, read once per text: synthesis scores the same
    sentences for the timelines, the interview quality and the takeaways."""
    return assess(text, with_probe=False)
