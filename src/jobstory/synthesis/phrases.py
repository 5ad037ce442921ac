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
return None: they never make a phrase up. The motivation is read in `motivation_phrases.py`
and the outcome in `outcome_phrases.py`, with `verb_phrase` from here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from jobstory.synthesis.grammar import (
    ALL_BASES,
    BASE_VERBS,
    DISCOURSE_VERBS,
    IRREGULAR,
    MONTHS,
    NOT_NOUNS,
    PREPOSITIONS,
    SUBJECT_PRONOUNS,
    TIME_NOUNS,
    WEEKDAYS,
    dictionary_base,
    has_verb,
    is_finite,
    lowered,
    plural_noun,
    third_singular,
    word_spans,
)
from jobstory.synthesis.spans import clause_end_at, finish

__all__ = ["AUXILIARIES", "CALENDAR", "FIRST_PERSON", "Phrase", "clause_phrase", "gerund_base",
           "situation_clause_end", "situation_phrase", "verb_phrase"]


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
_CARDINALS = frozenset("one two three four five six seven eight nine ten eleven twelve".split())
#: How long after, not after what: "a week", "two days", "a couple of months", "the first week".
_TIME_LAPSE = re.compile(
    r"^(?:a|an|one|two|three|four|five|six|a few|a couple of|several|the first|about a|"
    r"about two|about three)\s+(?:" + "|".join(sorted(TIME_NOUNS | {"hour", "fortnight"})) +
    r")s?\b", re.IGNORECASE)
_REFLEXIVES = frozenset("myself yourself himself herself itself ourselves yourselves themselves"
                        .split())


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
        prev = lowered(words[k - 1][0])
        if low in ("that", "this") and prev in _REFLEXIVES and k + 1 < len(words) and \
                is_finite(lowered(words[k + 1][0])):
            # a reflexive closes its verb's clause: "when you've grown it yourself | that hurts"
            return words[k - 1][2]
        if k < 2 or not seen_verb:
            continue
        if low in SUBJECT_PRONOUNS and prev not in _COMPLEMENT_TAKERS:
            return words[k - 1][2] if prev != "and" else words[k - 2][2]
        if low == "it" and k + 1 < len(words) and is_finite(lowered(words[k + 1][0])) and \
                prev not in _COMPLEMENT_TAKERS and not is_finite(prev):
            return words[k - 1][2]  # "when I paid one supplier twice | it took weeks"
        if (low in _DETERMINERS or low in _CARDINALS) and prev not in NOT_NOUNS and \
                not is_finite(prev) and prev not in _COMPLEMENT_TAKERS and \
                unit[words[k][1] - 1] != "-":  # "asking where my box", "ninety-nine"
            # the word after the determiner is its noun ("sent back my books"), never a verb;
            # with a verb after it, a new clause: "when I pulled the statements | one flat
            # was short"
            for word, _, _ in words[k + 2 : k + 4]:
                wlow = lowered(word)
                if wlow in SUBJECT_PRONOUNS or wlow in PREPOSITIONS:
                    break
                if low in _CARDINALS and low != "one" and plural_noun(wlow):
                    continue  # "we'd had thirty-seven phone calls": a count of things
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

#: "the moment I really remember was last March", "the day I knew was a Friday": after "the
#: moment" or "the day", a subject and a verb that wants an object, with none before "was",
#: make a relative clause naming the moment (the object is the moment itself); what the
#: moment was follows "was". ("The moment she walked in was when I knew": a verb with no
#: object to want, the moment she walked in.)
_THE_MOMENT = re.compile(r"\bthe (?:moment|minute|day|week)\s+$", re.IGNORECASE)
_NAMES_THE_MOMENT = re.compile(
    r"(?:i|we|you|he|she|they)\s+(?:(?:really|first|still|just|always|most|properly)\s+)*"
    r"(?:remember|remembered|recall|recalled|knew|know|realised|realized|noticed|mean|meant|"
    r"think of|thought of|picture|describe|dread|dreaded)\s+(?:most\s+)?(?:is|was)\b",
    re.IGNORECASE)

#: A "when" that says what is known or asked ("it's clear to me when ...", "I can't tell when
#: ...", "she asked when ..."): an embedded question, not the circumstance someone was in.
_ASKS_WHEN = re.compile(
    r"\b(?:clear|obvious|apparent|unclear|sure|know|knew|tell|told|wonder|wondered|ask|asked|"
    r"idea|decide|decided)"
    r"(?:\s+(?:to|with)\s+(?:me|us|him|her|them))?\s+$", re.IGNORECASE)
#: "it was so much easier when ...", "things were better when ...": a comparison that says
#: the time after "when" was the good one, no struggle.
_BETTER_THEN = re.compile(r"\b(?:easier|better|simpler|nicer|quicker|faster|calmer)\s+$",
                          re.IGNORECASE)
#: "when I look back at my diary", "when you think about it": someone looking back on their
#: story as they tell it, not a circumstance they were in.
_LOOKING_BACK = re.compile(r"\s*(?:i|you|we)\s+(?:\w+ly\s+)?(?:look|looked|think|thought)\s+"
                           r"(?:back|about it)\b", re.IGNORECASE)
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
    return has_verb(_without_possessives(words)) or \
        has_verb(_without_possessives(word_spans(said)))


def _without_possessives(words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The words, less each "'s" word inside a prepositional phrase ("the tenant in my uncle's
    old flat"): a preposition's object is a noun, so its "'s" is a possessive, never "is"."""
    kept = []
    for k, word in enumerate(words):
        low = lowered(word[0])
        before = words[max(0, k - 3):k]
        if low.endswith("'s") and any(lowered(w) in PREPOSITIONS for w, _, _ in before):
            continue
        kept.append(word)
    return kept


def situation_phrase(unit: str) -> Phrase | None:
    """The "When <situation>" part, e.g. "when our accountant quit in March I had to do the
    books" -> "our accountant quits"; None when the unit names no clean circumstance."""
    if not unit or not unit.strip():
        return None
    lead = _FREQUENCY_LEAD.match(unit)
    if lead and _when_said(lead.group(1)):
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
        if _BETTER_THEN.search(unit, max(0, marker.start() - 30), marker.start()):
            continue  # "it was so much easier when you could just pay": when all was well
        if _LOOKING_BACK.match(unit, marker.end()):
            continue  # "when I look back at my diary I worked eleven Saturdays": the telling
        if _THE_MOMENT.search(unit, max(0, marker.start() - 1), marker.end()) and \
                _NAMES_THE_MOMENT.match(unit, marker.end()):
            continue  # "the moment I really remember was last March": which moment, not it
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
        if opener.endswith("after") and _TIME_LAPSE.match(text):
            continue  # "after a week the girls had all turned it off": how long, not what
        if opener.endswith("after") and first not in SUBJECT_PRONOUNS and \
                not any(is_finite(lowered(w)) for w, _, _ in words):
            continue  # "after a long discussion by email": a thing, not a moment told
        if unit[span_end:].lstrip().startswith("?"):
            continue
        return Phrase(text=text, start=span_start, end=span_end)
    return None


def _when_said(lead: str) -> bool:
    """Whether "every ..." said first names a time ("Every month-end I'm chasing invoices",
    "Each Friday we ..."), not a thing with its relative clause ("Every contractor I use has my
    number"), whose words would be moved to the end of a clause they do not end."""
    return any(w in CALENDAR or w.rstrip("s") in _RECURRING
               for w in re.findall(r"[a-z]+", lead.lower()))


#: What a habit recurs on: the grammar's nouns of a time and the calendar's longer turns.
_RECURRING = TIME_NOUNS | frozenset("hour fortnight quarter term season shift holiday".split())

_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve
twenty thirty forty fifty hundred half all every some most both none""".split())
#: A number straight before the clause's subject is its object, fronted ("Thirty we boxed
#: up"); a list's "3)" is no word of the clause.
_FRONTED_NUMBER = re.compile(r"^[\w-]+\s+(?:i|we|they|he|she|you)\b", re.IGNORECASE)
FIRST_PERSON = frozenset({"i", "we", "i'm", "we're", "i've", "we've", "i'd", "we'd", "my",
                           "our", "me", "us"})


#: Months, weekdays (one or every: "Friday", "Fridays") and holidays: capitalised, but
#: nobody's name.
_WEEKDAYS = WEEKDAYS.split("|")
CALENDAR = frozenset(MONTHS.split("|")) | frozenset(_WEEKDAYS) | frozenset(
    f"{day}s" for day in _WEEKDAYS) | frozenset({"christmas", "easter"})
#: Times that open a sentence capitalised ("Month end used to take me two days"): nobody's name.
_TIME_NOUNS = frozenset("""day week weekend month year term quarter season morning afternoon
evening night""".split())
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


#: Auxiliaries and modals: a clause they open has lost its subject before a comma ("A new
#: client, Harriet, had texted me": "had texted me"); after a noun they are its verb.
AUXILIARIES = frozenset("""had has have was were is are am did does do would could should will
can might must may shall hadn't hasn't haven't wasn't weren't isn't aren't didn't doesn't don't
wouldn't couldn't shouldn't won't can't""".split())


def _without_subject(first: str, second: str = "") -> bool:
    """Whether a clause opening with these words has lost its subject: an auxiliary, a past
    verb ("had texted me", "rang me back") or a verb's -ing form with no verb of its own
    after it, once what stood before it is trimmed ("it was only waiting for brake pads":
    "waiting for brake pads"; not "drawing takes me longer", whose subject it is)."""
    return first in AUXILIARIES or first in IRREGULAR or \
        dictionary_base(first, ("VBD",)) is not None or \
        (first.endswith("ing") and gerund_base(first) is not None and not (
            is_finite(second) or dictionary_base(second, ("VBZ", "VBD")) is not None))


#: Words that join a clause to the one before, not its subject: "and then tell me on Friday".
_JOINING = frozenset({"then", "and", "so", "but", "just", "also"})


def _bare_verb_first(lows: Sequence[str]) -> bool:
    """Whether a clause, past the words joining it to the one before, opens with a verb's base
    form and no verb of its subject's after it ("then tell me on Friday night", "check every
    job"): its subject is in the clause before, or it is an instruction; not "work piles up",
    whose subject the first word is."""
    rest = list(lows)
    while rest and rest[0] in _JOINING:
        rest = rest[1:]
    if len(rest) < 2 or rest[0] not in ALL_BASES or rest[0] in FIRST_PERSON:
        return False
    second = rest[1]
    return not (is_finite(second) or dictionary_base(second, ("VBZ", "VBD")) is not None)


#: A clause whose first "I" or "we" opens a relative clause on the noun before it ("a meal
#: kit that I think was paused", "brake pads which we ordered"): a thing, not what happened.
_RELATIVE_TOLD = re.compile(
    r"^(?:(?!(?:i|we|i'm|we're|i've|we've|i'd|we'd)\b)[\w'-]+ )+(?:that|which|who|whom) "
    r"(?:i|we|i'm|we're|i've|we've|i'd|we'd)\b")


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
    if _NOT_A_CLAUSE.match(text) or _without_subject(*lows[:2]) or _bare_verb_first(lows):
        return None
    if (lows[0] in _NUMBER_WORDS or lows[0].isdigit()) and _FRONTED_NUMBER.match(text):
        return None  # "Thirty we boxed up for the market": its object, fronted
    first = words[0][0]
    if len(first) > 1 and first.isupper():
        return None  # "AI was still a terrible writer", "HMRC wrote": a body or a thing, no one
    named = (first[:1].isupper() and not text[len(first):].startswith("-")  # "Month-end"
             and lows[0] not in _SUBJECT_START | FIRST_PERSON
             and lows[0] not in _NUMBER_WORDS and lows[0] not in CALENDAR
             and lows[0] not in _TIME_NOUNS
             and lows[0] not in ENGLISH_STOP_WORDS
             and not plural_noun(lows[0])  # "Deliveries stopped coming": things, not a name
             # "Brainstorming is ...": a verb's -ing form names an activity, not someone
             and not (lows[0].endswith("ing") and gerund_base(lows[0])))
    if named:
        if len(words) < 2 or not (is_finite(lows[1]) or lows[1] in ALL_BASES) or \
                lows[1] in _PLURAL_VERBS:
            return None  # not one person doing something ("Nurses are gold dust")
        if lows[1] in ALL_BASES and not is_finite(lows[1]):  # "James rang": "James ring"
            verb = words[1]
            text = text[:verb[1]] + third_singular(lows[1]) + text[verb[2]:]
        text = "someone" + text[len(first):]
        lows[0] = "someone"
    elif not FIRST_PERSON & set(lows):
        return None
    elif _SUBORDINATE & set(lows[:min(k for k, w in enumerate(lows) if w in FIRST_PERSON)]):
        return None  # "I" only in "better than I had imagined", "most of what we sell"
    elif _RELATIVE_TOLD.match(" ".join(lows)):
        return None  # "a meal kit that I think was paused": a thing, with who told of it
    if any(w[:1].isupper() and k > 0 and lows[k] not in ("i", "i'm", "i've", "i'd")
           and lows[k] not in CALENDAR for k, (w, _, _) in enumerate(words)):
        return None  # a place, a brand or another name: someone else's particulars
    if text[:1].isupper() and not (lows[0].startswith("i") and lows[0] in FIRST_PERSON) \
            and lows[0] not in CALENDAR:
        text = text[0].lower() + text[1:]
    return Phrase(text=text, start=start, end=end)


#: Telling the interviewer about the story ("tell you about one Friday", "walk you through
#: it", "give you an example"): talk about the interview, never a want. (What someone can
#: tell them, "tell you in ten seconds who owes what", is what they know.)
_TO_THE_LISTENER = re.compile(r"(?:tell you (?:about|a story|the story|the truth)|"
                              r"(?:walk|talk|take) you (?:through|back)|"
                              r"give you (?:an? )?(?:example|idea|picture|sense|flavour))\b",
                              re.IGNORECASE)

_TELL_YOU = re.compile(r"^tell you\s+(?=(?:exactly|straight away|right away|in|at|who|what|"
                       r"which|where|when|how|whether)\b)", re.IGNORECASE)


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
    if _TO_THE_LISTENER.match(text):
        return None  # "I want to tell you about one Friday": what they tell the interviewer
    # "I can tell you in ten seconds who owes what": what they can tell anyone, "tell in ten
    # seconds who owes what"
    text = _TELL_YOU.sub("tell ", text, count=1)
    if words[0] == "add" and (len(words) == 1 or words[1] in ("that", "one", "something")):
        return None
    return text, span_start, span_end


def gerund_base(word: str) -> str | None:
    """The base form of an -ing word a verb table knows ("getting" -> "get"), else None."""
    stem = word[:-3]
    for candidate in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2]
                      else stem):
        if candidate in BASE_VERBS or candidate in IRREGULAR.values():
            return candidate
    return dictionary_base(word, ("VBG",))
