"""How a participant's words become a part of a job story, and when they are none.

A candidate wording is one member's own words (`Candidate`: the text, its unit, whether it
was said with the part's own marker). `clean` makes it a part or nothing: one clause (it ends
where "and", "but" or a new subject starts another), no fillers or typed emphasis, no other
person's name, at most `MAX_WORDS` words, not cut mid-clause (`DANGLING`, a "that" clause
before its verb, a verb before its object: `OBJECT_CUT`) nor the tail of another clause
(`BAD_START`). `whole_verb_phrase`, `unconceded` and `overlap` are the checks `jobstories.py`
makes on motivations and outcomes; `clause_starts` finds where a second clause of a
struggling moment begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jobstory.synthesis.grammar import (
    ALL_BASES,
    ONLY_DETERMINERS,
    TYPED_CONTRACTIONS,
    has_verb,
    is_base_verb,
    is_finite,
    is_participle,
    lowered,
    only_an_adjective,
    word_spans,
)
from jobstory.synthesis.phrases import AUXILIARIES, CALENDAR, Phrase

#: A span that ends on one of these was cut mid-clause ("...and stop it when", "one of my
#: characters decides"): not usable.
DANGLING = frozenset("""a an and as at because but by for from if in into of on or so than that
except unless until although whereas whether
the then to when whenever where which while who with say said says saying decide decides decided
realise realises realised realize realizes realized think thinks thought know knows knew notice
notices noticed mean means meant tell tells told want wants wanted need needs needed""".split())
#: A verb that says nothing without its object, cut off at the end ("the crew can open it and
#: see", of "... and see, oh, there's two trays that need using"); after a determiner it is
#: a noun ("the cast of the show"), and after "to" a purpose said whole ("go back once to
#: see").
OBJECT_CUT = frozenset("see sees saw check checks find finds show shows".split())
#: A part that opens with one of these is the tail of another clause ("as this is the stage
#: where ...", "which then gets ...", "since I am ...") or says "when" twice, not a part.
BAD_START = frozenset("""as since which because that who whom whose where while if so and but or
than though although whereas whether what how why is are was were to not when whenever""".split())

_WORDS = re.compile(r"[a-z']+")
#: Words typed in a chat without capital or apostrophe ("i", "im", "dont"), written out as a
#: reader expects them in a story; the quotes keep what was typed.
_APOSTROPHES = {"i": "I", **{typed: said.replace("i'", "I'") for typed, said in
                             TYPED_CONTRACTIONS.items()}}
_TYPED = re.compile(r"\b(?:" + "|".join(_APOSTROPHES) + r")\b(?!')", re.IGNORECASE)
#: ... and "i'd", "i've" typed in lower case, with their apostrophe.
_LOWER_I = re.compile(r"\bi(?=['\u2019](?:m|ve|d|ll)\b)")
#: Spoken fillers that add nothing to a part ("I literally had the phone", "see now if").
_FILLER_WORDS = re.compile(r"\s+(?:literally|actually|basically|honestly|really|also|now)\b",
                           re.IGNORECASE)
#: "which is massive" at the end: a comment on all that was said, not part of it (unlike
#: "the form which is needed", whose participle describes the form).
_COMMENT = re.compile(r",?\s+which\s+(?:is|was|'s)\s+(?:so\s+|really\s+|just\s+)?([a-z]+)$",
                      re.IGNORECASE)
_SECOND_CLAUSE = re.compile(
    # "and sometimes it can be ...": an adverb between the joint and the new subject
    r",?\s+(?:and|but|so|then)\s+(?:(?:sometimes|often|usually|normally|"
    r"generally|occasionally|now|then|also|still|always|never|even|again|later|just|"
    r"finally)\s+)?(?=(?:i|we|it|they|he|she|you|the|that|there|this)\b)"
    r"|,\s+(?=(?:and|but|so)\b)"
    # "do some business writing and have always prided myself ...": a perfect, another clause
    r"|\s+and\s+(?=(?:have|has|had)\s+(?:always|never|just|already|been)\b)",
    re.IGNORECASE)
#: A pronoun and its verb straight after a word: a second clause run on without "and" ("post
#: the shift it only goes to ..."); not after "have" or "get", whose object the pronoun is
#: ("have it matched", "got them printed").
_RUN_ON = re.compile(r"(?<=\w{2})(?<!\bhave)(?<!\bhas)(?<!\bhad)(?<!\bget)(?<!\bgot)(?<!\bgets)"
                     r"\s+(?=(?:it|they|he|she|we|i|you)\s+(?:only|just|then|also|"
                     r"never|always|\w+s|\w+ed|can|could|will|would|is|are|was|were)\b)")

_LEADING_THEN = re.compile(r"^(?:then|and then|so then|literally|actually|basically|honestly|"
                           r"really|also|now|once(?=\s+(?:i|we)\b))\s+", re.IGNORECASE)
#: "3) I think a lot of people will still prefer ...": a number a typed list put before the
#: words, which a story does not read.
_ENUMERATOR = re.compile(r"^(?:\(?\d{1,2}\)|\d{1,2}\.(?!\d))\s+")

#: "double check their work to make sure": what they make sure of is cut off.
_UNSAID = re.compile(r"\b(?:make|makes|making|made) sure$", re.IGNORECASE)
#: "end up with better" (of "end up with better, more unique products"): a preposition whose
#: object stops at a word that only ever leads a noun phrase is cut off mid-phrase.
_CUT_OBJECT = re.compile(r"\b(?:about|at|for|from|in|into|of|on|to|with|without)\s+(?:better|"
                         r"worse|more|less|fewer|other|such|several|every|each|my|our|your|"
                         r"their|his)$", re.IGNORECASE)
#: A part longer than this is a run-on, not a phrase of a story.
MAX_WORDS = 20
#: Emphasis typed into a chat transcript: *word* or **word** or _word_.
_EMPHASIS = re.compile(r"(?<!\w)[*_]{1,2}([^*_\s][^*_]{0,40}?)[*_]{1,2}(?!\w)")
#: A subject straight before a preposition ("one for generating images") opens no clause.
_NO_CLAUSE = re.compile(r"^(?:one|someone|it|this|that|these|those)\s+(?:for|of|with|from|to|"
                        r"in|on|at|by|about)\b", re.IGNORECASE)
#: "make sure the way": what they make sure of, with no verb to say what it is to be.
_STATE_OF = re.compile(r"^(?:make|be) sure\s+(.+)$", re.IGNORECASE)
#: "make or what I need": a verb whose object went missing before "or" / "and".
_NO_OBJECT = re.compile(r"^\S+\s+(?:or|and)\s+(?:what|how|who|where|why|when|i|we)\b",
                        re.IGNORECASE)
#: "curate into a starting point for my creativity is the most common ...": a verb phrase
#: that turns out to be the subject of "is" was cut from a longer sentence.
_COPULA_AFTER_NOUN = re.compile(r"\b(?!(?:it|this|that|there|what|who|which|he|she|they|we|"
                                r"i|you|everything|everyone|nothing|something)\b)[a-z]+\s+"
                                r"(?:is|are|was|were)\b", re.IGNORECASE)
#: Verbs that take a clause ("know the rota is right", "hope we win"), so "is" after a noun,
#: or a subject straight after the verb, is fine there.
_TAKES_CLAUSE = frozenset("""know see check make ensure feel show prove find realise realize
understand tell hear notice believe think say hope wish remember forget decide agree guess
suppose assume mean""".split()) | {"work out", "figure out", "find out"}
_SUBJECTS = frozenset("i we you they he she".split())

#: "know that the number": a clause after a verb that takes one, opened by "that" and a noun
#: phrase, whose verb was cut off (of "know that the number it gave me was right"); "work out
#: that between no-shows", opened by a preposition (of "I worked out that between no-shows and
#: that double-booking, we'd lost forty appointments").
_CUT_THAT_CLAUSE = re.compile(r"\b(?P<verb>[a-z]+(?:\s+out)?)\s+that\s+(?:the|a|an|my|our|your|"
                              r"their|his|her|its|every|each|all|this|these|those|between|"
                              r"after|before|with|for|in|on|at|by|from|over|during|across|"
                              r"among)\s+(?P<rest>[^,;]*)$", re.IGNORECASE)

_CONCEDED = re.compile(r"[\s,;]*(?:but|though|although|except)\b", re.IGNORECASE)

@dataclass(frozen=True)
class Candidate:
    text: str
    unit: int
    stated: bool  # said with the part's own marker ("when", "I wanted to", "so I can")


#: "and" not after a number's hundreds ("a hundred and sixty pounds"): one that may join two
#: clauses.
_AND = re.compile(r"(?<!\bhundred)(?<!\bthousand)\s+and\s+", re.IGNORECASE)
_WH = frozenset("what who whom whose which where when why how whether".split())


def second_subject(text: str) -> int | None:
    """Where "and" starts a clause with a subject of its own ("put the good stuff in the racks
    again and sales in the shop go up"): a word that is no verb after it, then a verb. A
    second question ("see who is in and who is off") belongs to the first."""
    for joint in _AND.finditer(text):
        words = [lowered(w) for w, _, _ in word_spans(text[joint.end():joint.end() + 80])][:6]
        if not words or words[0] in ALL_BASES or words[0] in _WH or is_finite(words[0]):
            continue
        verb = next((k for k, w in enumerate(words[1:], 1) if is_finite(w)), None)
        # "the characters and actions that have happened": one noun with its relative clause
        if verb is not None and not {"that", "which", "who"} & set(words[1:verb]):
            return joint.start()
    return None


#: "what varying ideas", "which box", "if", "how much": a question word and what it asks
#: about, whose own clause follows ("see what varying ideas it will come up with", "see if it
#: works", "find out how much they owed").
_ASKED_THING = re.compile(r"\b(?:what|which|whose|where|whether|if|how(?: many| much| long| "
                          r"often)?)((?:\s+[\w'-]+){0,4})$", re.IGNORECASE)


def _asks_which(head: str) -> bool:
    """Whether `head` ends on a question word and its noun, no verb yet: the pronoun after it
    is the subject of that question, not of a second clause."""
    asked = _ASKED_THING.search(head)
    return asked is not None and not any(
        is_finite(lowered(w)) for w in asked.group(1).split())


def clean(phrase: Phrase | None, min_words: int = 3) -> str | None:
    if phrase is None:
        return None
    text = _TYPED.sub(lambda m: _APOSTROPHES[m.group(0).lower()],
                      " ".join(phrase.text.split()).strip().rstrip(".!?,;:"))
    text = _LOWER_I.sub("I", text)
    text = _LEADING_THEN.sub("", _FILLER_WORDS.sub("", _ENUMERATOR.sub("", text)))
    text = _EMPHASIS.sub(r"\1", text)  # "*assisting*" typed for stress reads "assisting"
    if text.count('"') % 2:  # a quotation cut in half: its mark has nothing to close
        text = text.replace('"', "").strip()
    text = _SECOND_CLAUSE.split(text, maxsplit=1)[0].rstrip(" ,")  # a part is one clause
    text = text[:second_subject(text)].rstrip(" ,")
    comment = _COMMENT.search(text)
    if comment and only_an_adjective(lowered(comment.group(1))):
        text = text[:comment.start()]  # "stop dreading wednesdays which is massive"
    run_on = _RUN_ON.search(text)
    if run_on and not _asks_which(text[:run_on.start()]):
        # "post the shift it only goes to ...": a new subject starts a second clause
        text = text[:run_on.start()]
        if _no_predicate(text) or lowered(text.split()[-1]) == "like":
            # "make sure the way | it works is ...", "stop treating the box like | it was a
            # system": the cut took the state's verb, or the clause "like" opened
            return None
    head = text.split(",", 1)[0]
    if head != text:  # "see it, the hours go to the right person": the first clause or nothing
        if len(head.split()) < min_words:
            return None
        text = head
    words = text.split()
    if len(words) > MAX_WORDS:
        return None  # a run-on: no reader takes in a part this long at a glance
    if len(words) < min_words or words[-1].lower() in DANGLING or _object_cut(words) or \
            _UNSAID.search(text) or \
            _CUT_OBJECT.search(text) or _cut_that_clause(text) or \
            words[0].lower().strip(",") in BAD_START or _NO_CLAUSE.match(text):
        return None
    if any(w[:1].isupper() and w not in ("I", "I'm", "I've", "I'd", "I'll")
           and w.lower().strip(",.;:!?") not in CALENDAR for w in words):
        return None  # another person's name ("Kasia goes on holiday"), someone's particulars
    return text


def _no_predicate(text: str) -> bool:
    """Whether a state to make sure of has no verb ("make sure the way", cut before "it
    works"): nothing says what it is to be."""
    state = _STATE_OF.match(text)
    return state is not None and not has_verb(word_spans(state.group(1)))


def _object_cut(words: list[str]) -> bool:
    """Whether the last word is a verb whose object was cut off (`OBJECT_CUT`)."""
    if words[-1].lower() not in OBJECT_CUT or \
            {"that", "which", "what", "who"} & {lowered(w) for w in words[:-1]}:
        return False  # "one map that the whole crew can see": its object is the "that"
    return len(words) < 2 or lowered(words[-2]) not in \
        ONLY_DETERMINERS | {"this", "that", "every", "to"}


def _cut_that_clause(text: str) -> bool:
    """Whether `text` ends in a "that" clause with no verb of its own ("know that the
    number"), after a verb that takes a clause."""
    match = _CUT_THAT_CLAUSE.search(text)
    if match is None or lowered(match.group("verb")) not in _TAKES_CLAUSE:
        return False
    words = word_spans(match.group("rest"))
    # the first word is the noun the determiner leads; its verb comes after it
    return not has_verb(words[1:]) and not any(is_base_verb(lowered(w)) or lowered(w) in AUXILIARIES
                                              for w, _, _ in words[1:])


def unconceded(phrase: Phrase | None, text: str) -> str | None:
    """The cleaned outcome, unless a "but" follows it: what is conceded ("I'm very skilled in
    colour theory, but there are times I'm drained") sets up what comes after it, and is not a
    result anyone sought."""
    if phrase is None or _CONCEDED.match(text, phrase.end):
        return None
    return clean(phrase)


_THAT_THEN_CONDITION = re.compile(r"\bthat\s+(?:when|whenever|if|once|because|before|after|"
                                  r"as soon as)\b(?![^,;]*,\s*\w)", re.IGNORECASE)


#: Adverbs that may stand before a part's verb ("finally get my weekends back").
_LEADING_ADVERBS = frozenset("finally just still then also always never even only really "
                             "actually".split())


def whole_verb_phrase(text: str) -> bool:
    """Whether a motivation or outcome reads as one verb phrase: its verb keeps its object
    ("make or what I need" does not), it is not the subject of a later "is" ("curate into a
    starting point is the most common ...") unless its verb takes a clause, and it is no
    perfect: "have seen the payslip sitting there", from "we'd have seen ...", is what would
    have happened, which nobody can want now. Its verb is in the base form: "finally goes home
    and looks" is someone else's doing, or a past made present. A verb straight before a new
    subject lost its object ("brainstorm I have to create", of "brainstorm what I have to
    create") unless it takes a clause ("know we are covered"). A clause after "that" that
    opens with "when" or "if" lost its own main clause ("know that when I send someone to
    you", cut before "they're safe")."""
    if _NO_OBJECT.match(text) or _THAT_THEN_CONDITION.search(text):
        return False
    words = text.lower().split()
    verb = next((w for w in words if w not in _LEADING_ADVERBS and not w.endswith("ly")), "")
    if is_finite(verb) and not is_base_verb(verb):
        return False  # "finally goes home and looks", of "So I finally went home and looked"
    if len(words) > 1 and words[0] in ("have", "has", "had") and is_participle(words[1]):
        return False
    first = words[0]
    if len(words) > 1 and words[1] in _SUBJECTS and first not in _TAKES_CLAUSE:
        return False
    return first in _TAKES_CLAUSE or not _COPULA_AFTER_NOUN.search(text)


def overlap(a: str, b: str) -> float:
    left, right = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    return len(left & right) / max(1, min(len(left), len(right)))


def clause_starts(text: str) -> list[int]:
    """Where each clause of a unit begins: the start, and after each "..., and I" or "but we"
    that opens a second one. "I stood in my own office and I could not show her a single
    piece of paper" tells its struggle in the second clause, not the first."""
    return [0] + [m.end() for m in _SECOND_CLAUSE.finditer(text)]


#: "you" as people say it of anyone, themselves first ("when you look at your phone"), read in
#: the first person as a job story is told: subject, contracted, object and possessive forms.
_GENERIC_YOU = {"you": "I", "you're": "I'm", "you've": "I've", "you'd": "I'd", "you'll": "I'll",
                "your": "my", "yours": "mine", "yourself": "myself"}
#: "you are" and "you were" said of anyone agree with "I" once they are the speaker's.
_AGREE = {"are": "am", "were": "was", "aren't": "am not", "weren't": "wasn't"}
#: Words after which "you" opens a clause of its own (so is its subject, "I", not "me").
_OPENS = frozenset("""what when whenever if and but or because so that where how who which as
until before after once while""".split())


def in_first_person(text: str) -> str:
    """A moment told with generic "you" ("you get put on money order") in the first person
    ("I get put on money order"); any other wording as it is."""
    words = text.split(" ")
    if _bare(words[0]) not in ("you", "you're", "you've", "you'd", "you'll"):
        return text
    out: list[str] = []
    for k, word in enumerate(words):
        low = _bare(word)
        if low == "you" and k and words[k - 1].endswith(",") and k + 1 < len(words) and \
                _bare(words[k + 1]) in ("know", "see"):
            out.append(word)  # ", you know": said to the listener, not of anyone
            continue
        if low == "you":
            opens = k == 0 or _bare(words[k - 1]) in _OPENS
            mine = "I" if opens else "me"
            if opens and k + 1 < len(words) and _bare(words[k + 1]) in _AGREE:
                words[k + 1] = words[k + 1].lower().replace(
                    _bare(words[k + 1]), _AGREE[_bare(words[k + 1])], 1)
        elif low in _GENERIC_YOU:
            mine = _GENERIC_YOU[low]
        else:
            out.append(word)
            continue
        out.append(mine + word[len(word.rstrip(",.;:!?")):])
    return " ".join(out)


def _bare(word: str) -> str:
    return lowered(word).strip(",.;:!?")

