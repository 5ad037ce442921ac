"""Job-story parts from coded units: "When <situation>, I want to <motivation>, so I can <outcome>."

Each function finds one clean verbatim span in a unit and returns it as a `Phrase`:
`unit[phrase.start:phrase.end]` is the participant's own words, and `phrase.text` is that span
lightly normalised for the story template (the grammar is in `grammar.py`). Quotes stay
verbatim elsewhere; the phrase text only trims and normalises, and adds no content beyond the
template's own frame words ("make sure" before a state someone wanted to be true, "be" before
who they are now):

- trimming: the lead-in ("when", "every time", "I needed to", "so I can"), fillers, trailing
  past-only time adjuncts ("in March", "last year", "two years ago"), trailing punctuation;
- tense: a past verb directly after its subject becomes present ("our accountant quit" ->
  "our accountant quits", "who hadn't paid" -> "who hasn't paid"), using a fixed table only;
- a leading frequency adverbial moves behind its clause, so "every month-end I'm chasing
  invoices" reads "I'm chasing invoices every month-end" (same words, template order);
- person: the motivation/outcome subject is dropped because the template supplies "I".
  Pronouns inside a span are kept as said: "we"/"our" often means the company, so turning it
  into "I"/"my" would change who acts or owns, which is never safe to assume here.

When no span is clean (no marker, a third-person subject, no verb, only filler), the functions
return None: they never make a phrase up. The outcome part is read in `outcome_phrases.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from jobstory.synthesis.grammar import (
    ALL_BASES,
    agreeing,
    BASE_VERBS,
    DISCOURSE_VERBS,
    IRREGULAR,
    MONTHS,
    NOT_NOUNS,
    PREPOSITIONS,
    SUBJECT_PRONOUNS,
    TIME_NOUNS,
    clause_end_at,
    dictionary_base,
    finish,
    has_verb,
    is_finite,
    lowered,
    word_spans,
)

__all__ = ["CALENDAR", "Phrase", "clause_phrase", "desired_state_phrase", "motivation_phrase",
           "situation_clause_end", "situation_phrase", "verb_phrase", "wanted_thing_phrase"]


@dataclass(frozen=True)
class Phrase:
    text: str  # normalised first-person phrase for the story, e.g. "our accountant quits"
    start: int  # offsets of the verbatim span inside the unit text it came from
    end: int


# --------------------------------------------------------------------------------------------
# situation

_SITUATION_MARKER = re.compile(
    r"\b(?:whenever|when|every ?time|each time|any ?time|as soon as|the (?:moment|minute)|"
    r"the (?:day|week) (?=i\b|we\b|my\b|our\b|the\b|a\b|they\b|he\b|she\b)|right after|"
    r"just after|after)\s+",
    re.IGNORECASE,
)
_FREQUENCY_LEAD = re.compile(
    r"^\W*(?:(?:so|um|uh|well|yeah|and|honestly|basically|like)[ ,]+)*"
    r"((?:every|each) (?!time\b)[^,.;!?]{1,40}?)[ ,]+(?=(?:i|we|i'm|we're|i've|we've|i'd|we'd)\b)",
    re.IGNORECASE,
)
_COMPLEMENT_TAKERS = frozenset(  # "realised | we were..." is one clause, not two
    """that what who which how why where whether if realised realized noticed found saw said
    thought knew heard decided told felt figured learned learnt discovered worried hoped
    meant guess think know realise realize say""".split()
)
_SUBJECT_START = frozenset(
    """i we they he she you it someone somebody everyone everybody nobody my our the a an their
    his her your this that these those its""".split()
)
_QUESTION_AUX = frozenset(
    "will would do does did is are was were can could should shall have has".split()
)
_IRREGULAR_SAME = frozenset(k for k, v in IRREGULAR.items() if k == v)  # cut, set: nouns too
_DETERMINERS = frozenset({"my", "our", "the", "their", "his", "her", "your", "everything"})


def situation_clause_end(unit: str, start: int) -> int:
    """End of the clause opened at `start`: punctuation, or a second subject starting a new
    clause ("when our accountant quit in March | I had to ...")."""
    end = clause_end_at(unit, start)
    words = word_spans(unit[start:end], start)
    seen_verb = bool(words) and has_verb(words[:1])
    for k in range(1, len(words)):
        low = lowered(words[k][0])
        if k >= 2 and not seen_verb:
            seen_verb = has_verb([words[k - 1]])
        if k < 2 or not seen_verb:
            continue
        prev = lowered(words[k - 1][0])
        if low in SUBJECT_PRONOUNS and prev not in _COMPLEMENT_TAKERS:
            return words[k - 1][2] if prev != "and" else words[k - 2][2]
        if low in _DETERMINERS and prev not in NOT_NOUNS and not is_finite(prev):
            for word, _, _ in words[k + 1 : k + 4]:
                wlow = lowered(word)
                if wlow in SUBJECT_PRONOUNS or wlow in PREPOSITIONS:
                    break
                if is_finite(wlow) and wlow not in _IRREGULAR_SAME:
                    if prev in TIME_NOUNS and k >= 3 and \
                            lowered(words[k - 2][0]) in _DETERMINERS | {"every"}:
                        # "paid for it | the day the letter came home": a time with its own
                        # clause goes whole
                        return words[k - 3][2]
                    return words[k - 1][2]
        if low == "and" and k + 1 < len(words) and lowered(words[k + 1][0]) in SUBJECT_PRONOUNS:
            continue
    return end


#: "what I (usually) do when ...", "what happens when ...": a when-clause inside a free
#: relative, which "is" or "was" closes.
_FREE_RELATIVE = re.compile(r"\bwhat\b[\w' ]{0,30}\s$", re.IGNORECASE)
_COPULA = re.compile(r"\s(?:is|was)\s", re.IGNORECASE)
#: "the first thing he said when I walked in was ...": after a subject pronoun's own verb and
#: its particle, "was" belongs to the sentence around the when-clause.
_PRONOUN_VERB_PARTICLE_COPULA = re.compile(
    r"^(?:i|we|you|he|she|they)\s+[a-z']+\s+(?:in|out|up|down|back|home|over|off|on|round|"
    r"around|there|here)(?=\s+(?:is|was)\b)", re.IGNORECASE)


#: A "when" that says what is known or asked ("it's clear to me when ...", "I can't tell when
#: ...", "she asked when ..."): an embedded question, not the circumstance someone was in.
_ASKS_WHEN = re.compile(
    r"\b(?:clear|obvious|apparent|unclear|sure|know|knew|tell|told|wonder|wondered|ask|asked|"
    r"idea|decide|decided)"
    r"(?:\s+(?:to|with)\s+(?:me|us|him|her|them))?\s+$", re.IGNORECASE)
#: A main clause that says things were fine after "when ...": no struggle.
_SENTENCE_STOP = re.compile(r"[.!?](?:\s|$)")
_NO_TROUBLE = re.compile(
    r"\b(?:it|that|things|everything|life)\s*(?:was|were|is|'s|worked)\s+"
    r"(?:(?:all|really|pretty|totally|absolutely|quite|perfectly|basically)\s+)?"
    r"(?:fine|ok|okay|alright|all right|manageable|easy|no problem|not a problem|great)\b",
    re.IGNORECASE)


#: Past forms that, before their preposition, describe a noun and are no verb of its own
#: ("the work involved in the first novel", "the figures related to the audit").
_ADJECTIVAL_PARTICIPLE = re.compile(
    r"\b(?:involved in|based on|based in|related to|associated with|located in|located at|"
    r"interested in|concerned with|dedicated to|devoted to|attached to|linked to)\b",
    re.IGNORECASE)
_LINKING = frozenset("""is am are was were be been being get gets got getting gotten become
became feel felt seem seemed""".split())


def _holds_verb(words: list[tuple[str, int, int]], said: str) -> bool:
    """Whether a span made present holds a verb, or held one as said: "the printer jammed"
    has its verb in "jammed", whether or not the table knows "jams". A noun described by a
    participle ("the work involved in the first novel") holds none."""
    described = _ADJECTIVAL_PARTICIPLE.search(said)
    if described:
        before = [lowered(w) for w, _, _ in word_spans(said[:described.start()])]
        linked = before and (before[-1] in _LINKING or before[-1].endswith(("'m", "'re", "'s")))
        if not linked:  # "I got involved in the school run", "I'm involved in": a verb
            return has_verb(word_spans(said[described.end():]))
    return has_verb(words) or has_verb(word_spans(said))


def situation_phrase(unit: str) -> Phrase | None:
    """The "When <situation>" part, e.g. "when our accountant quit in March I had to do the
    books" -> "our accountant quits"; None when the unit names no clean circumstance."""
    if not unit or not unit.strip():
        return None
    lead = _FREQUENCY_LEAD.match(unit)
    if lead:
        clause_start = lead.end()
        clause_end = situation_clause_end(unit, clause_start)
        done = finish(unit, clause_start, clause_end, tense=True)
        if done and has_verb(word_spans(done[0])):
            text, _, end = done
            frequency = re.sub(r"\s+", " ", lead.group(1)).strip()
            frequency = frequency[:1].lower() + frequency[1:]  # "Every month-end" said first
            return Phrase(text=f"{text} {frequency}", start=lead.start(1), end=end)
    for marker in _SITUATION_MARKER.finditer(unit):
        if _ASKS_WHEN.search(unit, max(0, marker.start() - 30), marker.start()):
            continue  # "it's clear to me when a writer's heart is not in it": what is known
        start = marker.end()
        end = situation_clause_end(unit, start)
        if _FREE_RELATIVE.search(unit, max(0, marker.start() - 40), marker.start()):
            # "what I do when I start a project is brainstorm": the copula closes the clause
            copula = _COPULA.search(unit, start, end)
            end = copula.start() if copula else end
        particle = _PRONOUN_VERB_PARTICLE_COPULA.match(unit[start:end].lstrip())
        if particle:
            end = start + (len(unit[start:end]) - len(unit[start:end].lstrip())) + particle.end()
        stop = _SENTENCE_STOP.search(unit, start)
        if _NO_TROUBLE.search(unit[start:stop.start() if stop else len(unit)]):
            continue  # "When we had a hundred clients it was fine": a time things were fine
        done = finish(unit, start, end, tense=True, strip_time=True)
        if done is None:
            continue
        text, span_start, span_end = done
        words = word_spans(text)
        if len(words) < 2 or not _holds_verb(words, unit[span_start:span_end]):
            continue
        first = lowered(words[0][0])
        if first in PREPOSITIONS or first.endswith("ing") or first in ("exactly", "it's"):
            continue
        if first in _QUESTION_AUX:
            continue
        opener = marker.group(0).strip().lower()
        capitalised = words[0][0][0].isupper()
        if opener.endswith("after") and first not in _SUBJECT_START and not capitalised:
            continue
        if unit[span_end:].lstrip().startswith("?"):
            continue
        return Phrase(text=text, start=span_start, end=span_end)
    return None


_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve
twenty thirty forty fifty hundred half all every some most both none""".split())
_FIRST_PERSON = frozenset({"i", "we", "i'm", "we're", "i've", "we've", "i'd", "we'd", "my",
                           "our", "me", "us"})


#: Months, weekdays (one or every: "Friday", "Fridays") and holidays: capitalised, but
#: nobody's name.
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
CALENDAR = frozenset(MONTHS.split("|")) | frozenset(_WEEKDAYS) | frozenset(
    f"{day}s" for day in _WEEKDAYS) | frozenset({"christmas", "easter"})
_PLURAL_VERBS = frozenset("are were have do don't aren't weren't haven't".split())
_CLAUSE_STARTS = re.compile(r",\s+")


def clause_phrase(unit: str, min_words: int = 5, max_words: int = 22) -> Phrase | None:
    """A told moment as a situation when it has no "when" marker: the first clause of the
    unit (or of its comma-separated parts) that says what happened, fillers and trailing times
    trimmed, past verbs made present ("I rang eleven numbers" -> "I ring eleven numbers").
    The clause must be the participant's own ("I", "we", "my") or about someone they name, in
    which case the name becomes "someone" ("Ellie called in sick" -> "someone calls in sick"):
    the situation is the reader's, not that person's. Any other capitalised word (a place, a
    brand, another name) rules the clause out."""
    if not unit or not unit.strip() or unit.rstrip().endswith("?"):
        return None
    starts = [0] + [m.end() for m in _CLAUSE_STARTS.finditer(unit)][:3]
    for begin in starts:
        found = _clause_at(unit, begin, min_words, max_words)
        if found is not None:
            return found
    return None


#: What is left of "it was really exciting to see ..." once its lead is trimmed ("exciting to
#: see ...": no subject), and "this is true of ...", "that was the worst part" (their subject
#: points to words said before): no moment a reader can picture.
_NOT_A_CLAUSE = re.compile(
    r"^(?:(?!(?:i|we|you|they|he|she|someone|somebody|nobody|everyone|everybody)\b)[\w']+\s+to"
    r"|(?:this|that)\s+(?:is|was|'s))\b", re.IGNORECASE)


#: Words after which an "I" or "we" is in a comparison, a free relative or an embedded question
#: ("compare its interpretations to how I feel"), not the subject of the clause it is in.
_SUBORDINATE = frozenset({"than", "what", "how", "why", "whether", "where"})


def _clause_at(unit: str, begin: int, min_words: int, max_words: int) -> Phrase | None:
    done = finish(unit, begin, situation_clause_end(unit, begin), tense=True,
                   strip_time=True)
    if done is None:
        return None
    text, start, end = done
    words = word_spans(text)
    if not (min_words <= len(words) <= max_words) or not _holds_verb(words, unit[start:end]):
        return None
    lows = [lowered(w) for w, _, _ in words]
    if _NOT_A_CLAUSE.match(text):
        return None
    first = words[0][0]
    named = (first[:1].isupper() and not text[len(first):].startswith("-")  # "Month-end"
             and lows[0] not in _SUBJECT_START | _FIRST_PERSON
             and lows[0] not in _NUMBER_WORDS and lows[0] not in CALENDAR
             and lows[0] not in ENGLISH_STOP_WORDS
             # "Brainstorming is ...": a verb's -ing form names an activity, not someone
             and not (lows[0].endswith("ing") and _gerund_base(lows[0])))
    if named:
        if len(words) < 2 or not (is_finite(lows[1]) or lows[1] in ALL_BASES) or \
                lows[1] in _PLURAL_VERBS:
            return None  # not one person doing something ("Nurses are gold dust")
        text = "someone" + text[len(first):]
        lows[0] = "someone"
    elif not _FIRST_PERSON & set(lows):
        return None
    elif _SUBORDINATE & set(lows[:min(k for k, w in enumerate(lows) if w in _FIRST_PERSON)]):
        return None  # "I" only in "better than I had imagined", "most of what we sell"
    if any(w[:1].isupper() and k > 0 and lows[k] not in ("i", "i'm", "i've", "i'd")
           and lows[k] not in CALENDAR for k, (w, _, _) in enumerate(words)):
        return None  # a place, a brand or another name: someone else's particulars
    if text[:1].isupper() and not (lows[0].startswith("i") and lows[0] in _FIRST_PERSON) \
            and lows[0] not in CALENDAR:
        text = text[0].lower() + text[1:]
    return Phrase(text=text, start=start, end=end)


# --------------------------------------------------------------------------------------------
# motivation

_MOTIVATION = re.compile(
    r"(?:\b(?P<subj>i|we)\b|(?P<start>^))\s*(?:(?:'d|would|really|just|basically|honestly|only|"
    r"also|desperately|simply|actually|kind of|sort of|definitely|was|were|am|'m|are|'re|"
    r"always|still)\s+)*"
    r"(?:(?:want|wanted|need|needed|tried|trying|had|have|hoped|hoping|wished|wish|like)\s+to|"
    r"(?:needed|wanted|need|want|was looking for|were looking for)\s+(?:a|an|some|one)\s+"
    r"(?:easy\s+|simple\s+|better\s+|quick\s+|single\s+)?(?:way|place|tool|app|system)\s+to|"
    r"(?:had|have)\s+got\s+to)\s+",
    re.IGNORECASE | re.MULTILINE,
)
_GOAL = re.compile(r"\b(?:the|my|our) goal was(?: to)?\s+", re.IGNORECASE)
#: A want of a thing, not of a deed: "I wanted backups that run every night", "we needed
#: one place for the rota", "I was looking for something simpler".
_WANTED_THING = re.compile(
    r"\b(?P<subj>i|we)(?:\s+|(?='))(?:(?:really|just|only|also|desperately|simply|actually|still|"
    r"definitely|was|were|am|'m|are|'re)\s+)*"
    r"(?:(?P<have>want|wanted|need|needed|(?:'d|would)\s+(?:really\s+)?like)|"
    r"(?P<find>looking\s+for))\s+(?=\w)",
    re.IGNORECASE)
#: What can't open the thing wanted: a pronoun or "that" (what it stands for was said
#: before), a negative, "to" (the deed form above), or a verb ("I needed was ...").
_NOT_A_THING = frozenset("""it that this these those them him her me us you to nothing none
no not out in up back so and but because if when""".split())
_TO_VERB = re.compile(r"\bto\s+[a-z]", re.IGNORECASE)
#: A want its own clause denies ("it never felt like we needed to", "I don't think I wanted
#: to"): no motivation. A clause boundary or "so", "because", "but", "and" before the subject
#: starts a clause of its own ("nobody answered, so we needed to ...").
_NEGATED_WANT = re.compile(r"\b(?:not|never|no|\w+n't)\b(?:(?![,.;:!?]|\b(?:so|because|but|"
                           r"and|then|when|until)\b).)*$", re.IGNORECASE)
_START_FILLER = re.compile(
    r"^\W*(?:(?:so|um+|uh+|well|yeah|and|honestly|basically|really|just|mostly|i mean|"
    r"like)[ ,]+)*",
    re.IGNORECASE,
)


def verb_phrase(unit: str, start: int) -> tuple[str, int, int] | None:
    """(text, start, end) of the verb phrase whose verb starts at `start`, trimmed and made
    present; None for a discourse verb ("I wanted to say ...") or nothing clean."""
    end = clause_end_at(unit, start)
    done = finish(unit, start, end, tense=True)
    if done is None:
        return None
    text, span_start, span_end = done
    words = [lowered(w) for w, _, _ in word_spans(text)]
    if words[0] in DISCOURSE_VERBS or text.lower().startswith("be honest"):
        return None
    if words[0] == "add" and (len(words) == 1 or words[1] in ("that", "one", "something")):
        return None
    return text, span_start, span_end


_BEFORE_RELATIVE = re.compile(r"\b(that|which)\s+$", re.IGNORECASE)
_NOUN_BEFORE = frozenset("""a an the my our your their his her its this these those some any
of for with from about all every each other many few several such""".split())
_THINGS = frozenset("something anything everything nothing stuff things".split())


def _relative(unit: str, subject_start: int) -> bool:
    """Whether the want starting here is a relative clause about a thing named before it
    ("mockups of things that I want to produce with more skill"): its verb's object is that
    thing, so the verb phrase after "want to" is no motivation on its own. A "that" after a
    verb or an adjective ("I realised that I wanted to ...", "it was clear that we needed to
    ...") introduces a want of its own; after a noun ("the one thing that", "something that")
    it is a relative."""
    head = unit[max(0, subject_start - 80):subject_start]
    pronoun = _BEFORE_RELATIVE.search(head)
    if pronoun is None:
        return False
    if pronoun.group(1).lower() == "which":
        return True
    words = [lowered(w) for w, _, _ in word_spans(head[:pronoun.start()])][-4:]
    if not words or is_finite(words[-1]) or words[-1] in ALL_BASES:
        return False
    if words[-1] in _THINGS:
        return True
    for word in reversed(words[:-1]):
        if word in _NOUN_BEFORE:
            return True
        if is_finite(word) or word in SUBJECT_PRONOUNS:
            return False
    return False


def motivation_phrase(unit: str) -> Phrase | None:
    """The "I want to <motivation>" verb phrase, e.g. "I needed to see who hadn't paid" ->
    "see who hasn't paid"; None without a first-person want/need/try-to clause."""
    if not unit or not unit.strip():
        return None
    lead = _START_FILLER.match(unit)
    offset = lead.end() if lead else 0
    for match in _MOTIVATION.finditer(unit):
        if match.group("start") is not None and match.start() != 0:
            continue
        if match.group("subj") is None and match.start() > offset:
            continue
        if match.group("subj") is not None and _relative(unit, match.start("subj")):
            continue
        if match.group("subj") is not None and _NEGATED_WANT.search(
                unit, max(0, match.start() - 40), match.start()):
            continue  # "it never felt like we needed to see each other's work"
        found = verb_phrase(unit, match.end())
        if found:
            return Phrase(*found)
    goal = _GOAL.search(unit)
    if goal:
        found = verb_phrase(unit, goal.end())
        if found:
            text, start, end = found
            first, rest = (text.split(" ", 1) + [""])[:2]
            if first.lower().endswith("ing"):
                base = _gerund_base(first.lower())
                if base is None:
                    return None
                text = f"{base} {rest}".strip()
            return Phrase(text, start, end)
    return None


def wanted_thing_phrase(unit: str) -> Phrase | None:
    """A want of a thing as a verb phrase: "I wanted backups that run every night" -> "have
    backups that run every night", "I was looking for something simpler" -> "find something
    simpler". The verb is the only word not theirs; what follows it is their words, trimmed.
    A weaker reading than :func:`motivation_phrase`'s (what the thing is for is unsaid), so
    a thing with "to <verb>" after it ("the history of it to understand the buildings", "my
    team to stop") is left alone: whether that is what it is for or whom they wanted to do
    it, only a reader can tell."""
    for match in _WANTED_THING.finditer(unit):
        if _relative(unit, match.start("subj")) or _NEGATED_WANT.search(
                unit, max(0, match.start() - 40), match.start()):
            continue
        words = word_spans(unit[match.end():clause_end_at(unit, match.end())])
        if len(words) < 2:
            continue
        first = lowered(words[0][0])
        if first in _NOT_A_THING or first in SUBJECT_PRONOUNS or first in PREPOSITIONS or \
                is_finite(first) or first in ALL_BASES:
            continue
        done = finish(unit, match.end(), clause_end_at(unit, match.end()), tense=False,
                      after_verb=True)  # "have the invoices paid": a participle, not a past
        if done is None:
            continue
        text, start, end = done
        if _TO_VERB.search(text):
            continue
        return Phrase(f"{'find' if match.group('find') else 'have'} {text}", start, end)
    return None


_PRESENT_STATE = (
    r"is|are|go|goes|come|comes|move|moves|follow|follows|show|shows|match|matches|get|gets|"
    r"stay|stays|can|can't|cannot|will|won't|doesn't|don't|has|have|know|knows|see|sees|"
    r"add|adds|feed|feeds|land|lands|'s|'re")
#: Who a wanted state of affairs is about: people or records, never the speaker or the
#: product ("it", "this", "the app" would make a feature list of the motivation).
_STATE_SUBJECT = re.compile(
    r"(?:(?:the|our|my|their|every|each|all the|no)\s+[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,5}?|"
    r"nobody|no one|everyone|everybody|they|people|staff)"
    rf"(?:\s+(?:now|just|always|all))?\s*(?P<verb>\b(?:{_PRESENT_STATE}))\b", re.IGNORECASE)
_SPEAKER = _FIRST_PERSON - {"my", "our"}  # "my staff can see it" is about the staff
_NOT_STATE_SUBJECTS = frozenset("""app apps tool software system platform product service
interface screen dashboard price thing things problem point issue reason trouble idea truth
fact question time times""".split())  # "every time someone's ill, ...": a condition
_JOINED = re.compile(r"\s(?:and|but|so|then)\s", re.IGNORECASE)
#: After a noun, "'s" is "is" or "has" only before what can follow those: a participle, an
#: adverb, a preposition or an article ("the trumpet's missed one lesson", "the rota's up",
#: "the shop's a mess"); before a noun it is the possessive ("the school's extra forms").
_IS_OR_HAS_NEXT = re.compile(
    r"\s*(?:\w+(?:ed|en|ing)|been|got|gone|done|not|never|always|all|just|now|still|already|"
    r"here|there|in|on|at|up|out|off|back|down|over|a|an|the)\b", re.IGNORECASE)
_STATE_OPENER = re.compile(r"(?:^|[.;!?]\s+|,\s+(?:and\s+)?|\b(?:so(?: that)?|because|and)\s+)"
                           r"(?:(?:so(?: that)?|and|now|then|well|yeah)[ ,]+)*", re.IGNORECASE)


#: "the results don't always come out right": a shortcoming someone puts up with, never a
#: state anyone wants made sure of.
_SHORTCOMING = re.compile(r"\b(?:not|\w+n't)\s+(?:always|quite|really|entirely)\b",
                          re.IGNORECASE)


def desired_state_phrase(unit: str) -> Phrase | None:
    """What drew someone, said as a state of affairs the new way brings about, as "make sure
    <clause>": "so nobody can sign for his friend" -> "make sure nobody can sign for his
    friend", "the hours go to the right person" -> "make sure the hours go to the right
    person". Only a clause about people or records (not the speaker, not "it"), with a present
    verb, counts: that is what they want to be true, which is the motivation's job. The words
    after "make sure" are theirs, trimmed and made present."""
    if not unit or not unit.strip() or unit.rstrip().endswith("?"):
        return None
    for opener in _STATE_OPENER.finditer(unit):
        match = _STATE_SUBJECT.match(unit, opener.end())
        if match is None:
            continue
        head = [lowered(w) for w, _, _ in word_spans(unit[match.start():match.start("verb")])]
        if (_SPEAKER | _NOT_STATE_SUBJECTS) & set(head) or "that's" in head:
            continue
        if match.group("verb") == "'s" and \
                not _IS_OR_HAS_NEXT.match(unit, match.end("verb")):
            continue  # "the school's extra forms": whose, not what is so
        if _JOINED.search(unit, match.start(), match.start("verb")):
            continue  # "the club's emails and the school's go ...": a part is one clause, and
            # cut at its "and" the subject would be left without its verb
        done = finish(unit, match.start(), clause_end_at(unit, match.start("verb")),
                       tense=True, strip_time=True)
        if done is None:
            continue
        text, start, end = done
        if len(word_spans(text)) < 4 or _SHORTCOMING.search(text):
            continue
        text = re.sub(r"\s+(?:now|just)\b(?=\s)", "", text, count=1)
        if len(head) <= 2:  # "have Etsy and the website know about it": a causative's verb
            verb = match.group("verb")  # is bare, and "make sure" needs it to agree
            text = re.sub(rf"\b{re.escape(verb)}\b", agreeing(head[-1], verb), text, count=1)
        return Phrase(text=f"make sure {text[0].lower()}{text[1:]}", start=start, end=end)
    return None


def _gerund_base(word: str) -> str | None:
    stem = word[:-3]
    for candidate in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2]
                      else stem):
        if candidate in BASE_VERBS or candidate in IRREGULAR.values():
            return candidate
    return dictionary_base(word, ("VBG",))
