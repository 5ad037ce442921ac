"""The motivation of a job story, "I want to <motivation>", from a participant's own words.

Three readings, strongest first, each returning a `Phrase` whose span is verbatim and whose
text adds nothing but the template's frame word:

- `motivation_phrase`: a first-person want of a deed, "I needed to see who hadn't paid" ->
  "see who hasn't paid" (also "the goal was ...", "a way to ..."), or of what others should
  do, "I wanted every patient to get a reminder" -> "make sure every patient gets a
  reminder";
- `desired_state_phrase`: a state of affairs the new way brings about for the people and
  records someone answers for, "the hours go to the right person" -> "make sure the hours go
  to the right person";
- `wanted_thing_phrase`: a want of a thing, "I wanted backups that run every night" -> "have
  backups that run every night".

Wants denied, asked ("do I really want to ...?"), reported of someone else or inside a
relative clause about something else are none of these.
"""

from __future__ import annotations

import re

from jobstory.synthesis.grammar import (
    ALL_BASES,
    ONLY_DETERMINERS,
    PREPOSITIONS,
    TYPED_NEGATION,
    SUBJECT_PRONOUNS,
    agreeing,
    is_finite,
    lowered,
    plural_noun,
    word_spans,
)
from jobstory.synthesis.phrases import FIRST_PERSON, Phrase, gerund_base, verb_phrase
from jobstory.synthesis.spans import clause_end_at, finish

__all__ = ["desired_state_phrase", "motivation_phrase", "wanted_thing_phrase"]

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
    r"(?:(?:want|wanted|need|needed|(?:'d|would)\s+(?:really\s+)?like)|"
    r"(?P<find>looking\s+for))\s+(?=\w)",
    re.IGNORECASE)
#: What can't open the thing wanted: a pronoun or "that" (what it stands for was said
#: before), a negative, "to" (the deed form above), a particle or a clause word. (Nor can a
#: verb, "all I needed was ...", checked apart.)
_NOT_A_THING = frozenset("""it that this these those them him her me us you to nothing none
no not out in up back so and but because if when""".split())
_WHAT_BEFORE = re.compile(r"\bwhat\s+$", re.IGNORECASE)
#: "how I wanted the listener to feel", "where we needed the vans to be": the want's object is
#: the "how", an embedded question, not a deed of its own.
_WH_BEFORE = re.compile(r"\b(?:what|how|where|which|who|whom|whatever|however|wherever)\s+$",
                        re.IGNORECASE)
#: "What I wanted to do was ...", "what I needed to know is ...": a want said as a cleft.
_CLEFT = re.compile(r"(?P<verb>[a-z]+)\s+(?:is|was)\s+(?:to\s+)?", re.IGNORECASE)
_OTHERS_DOING = re.compile(
    r"\b(?P<subj>i|we)(?:\s+|(?='))(?:(?:really|just|only|also|desperately|simply|actually|"
    r"still|definitely)\s+)*(?:want|wanted|need|needed|(?:'d|would)\s+like)\s+"
    r"(?P<who>(?:(?:my|our|the|every|each|all|all the|all my|all our|their)\s+)?"
    r"[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?)\s+to\s+(?P<verb>[a-z]+)\b", re.IGNORECASE)
_TO_VERB = re.compile(r"\bto\s+[a-z]", re.IGNORECASE)
#: A want its own clause denies ("it never felt like we needed to", "I don't think I wanted
#: to"): no motivation. A clause boundary or "so", "because", "but", "and" before the subject
#: starts a clause of its own ("nobody answered, so we needed to ...").
_NEGATED_WANT = re.compile(rf"\b(?:not|never|no|\w+n't|{TYPED_NEGATION})\b(?:(?![,.;:!?]|"
                           r"\b(?:so|because|but|"
                           r"and|then|when|until)\b).)*$", re.IGNORECASE)
#: An auxiliary just before the subject asks a question ("do I really want to add another
#: monthly charge", "would we need to retrain everyone"): a doubt weighed aloud, not a want.
_ASKED = re.compile(r"\b(?:do|does|did|would|should|could|will|shall|am|are|was|were)\s+$",
                    re.IGNORECASE)
_START_FILLER = re.compile(
    r"^\W*(?:(?:so|um+|uh+|well|yeah|and|honestly|basically|really|just|mostly|i mean|"
    r"like)[ ,]+)*",
    re.IGNORECASE,
)
_BEFORE_RELATIVE = re.compile(r"\b(that|which)\s+$", re.IGNORECASE)
_NOUN_BEFORE = frozenset("""a an the my our your their his her its this these those some any
of for with from about all every each other many few several such""".split())
_THINGS = frozenset("something anything everything nothing stuff things".split())
#: Nouns of time: "the day I wanted to quit" tells when, and the want is the speaker's own.
_TIMES = frozenset("""day days week weeks month months year years morning mornings evening
evenings night nights afternoon afternoons time times weekend weekends moment minute hour
summer winter spring autumn term""".split())


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
        # "exactly the thing I was trying to do": a relative clause without its "that", right
        # after a noun its determiner marks (not a time: "the day I wanted to quit, ...")
        # or a plural noun ("I use AI to create specific images I want to insert in my
        # presentations": the images are what is inserted; "as parents we wanted to know" is
        # who wanted it)
        last = [lowered(w) for w, _, _ in word_spans(head)][-2:]
        if not last or last[-1] in _TIMES or \
                head.rstrip().endswith((",", ".", ";", ":", "!", "?")):
            return False
        if len(last) == 2 and last[0] in ONLY_DETERMINERS:
            return True
        return plural_noun(last[-1]) and (len(last) < 2 or last[0] not in PREPOSITIONS | {"as"})
    if pronoun.group(1).lower() == "which":
        return True
    words = [lowered(w) for w, _, _ in word_spans(head[:pronoun.start()])][-4:]
    if not words:
        return False
    if len(words) > 1 and words[-2] in ONLY_DETERMINERS:
        return True  # "the reports that we need to send": a noun, though it reads as a verb
    if is_finite(words[-1]) or words[-1] in ALL_BASES:
        return False
    if words[-1] in _THINGS:
        return True
    for word in reversed(words[:-1]):
        if word in _NOUN_BEFORE or word in _THINGS:  # "something really cool that"
            return True
        if is_finite(word) or word in SUBJECT_PRONOUNS:
            return False
    return False


def _asked(unit: str, subject_start: int) -> bool:
    """Whether the want starting here is asked, its auxiliary before its subject."""
    return _ASKED.search(unit, max(0, subject_start - 12), subject_start) is not None


def motivation_phrase(unit: str) -> Phrase | None:
    """The "I want to <motivation>" verb phrase, e.g. "I needed to see who hadn't paid" ->
    "see who hasn't paid", or what others should do (:func:`_others_doing`); None without a
    first-person want/need/try-to clause."""
    if not unit or not unit.strip():
        return None
    lead = _START_FILLER.match(unit)
    offset = lead.end() if lead else 0
    for match in _MOTIVATION.finditer(unit):
        if match.group("start") is not None and match.start() != 0:
            continue
        if match.group("subj") is None and match.start() > offset:
            continue
        if match.group("subj") is not None and (_relative(unit, match.start("subj")) or
                                                _asked(unit, match.start("subj"))):
            continue
        if match.group("subj") is not None and \
                _WHAT_BEFORE.search(unit, max(0, match.start() - 20), match.start()):
            # "What I wanted to do was spend time with them": what follows the copula; "take
            # note of what I want to include": no want of its own, its object is the "what"
            cleft = _CLEFT.match(unit, match.end())
            found = verb_phrase(unit, cleft.end()) if cleft else None
            if cleft is None or found is None:
                continue
            verb = cleft.group("verb")
            if verb.lower() != "do":  # "what I needed to know was who had paid"
                found = (f"{verb} {found[0]}", match.end(), found[2])
            return Phrase(*found)
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
                base = gerund_base(first.lower())
                if base is None:
                    return None
                text = f"{base} {rest}".strip()
            return Phrase(text, start, end)
    return _others_doing(unit)


def _others_doing(unit: str) -> Phrase | None:
    """A want of what others should do, as a state to make sure of: "I wanted every patient to
    get a reminder" -> "make sure every patient gets a reminder". Only a short noun phrase
    before "to" (no preposition: "the history of the period to understand it" says what the
    thing is for, not who should act) and no pronoun, whose person was named before."""
    for match in _OTHERS_DOING.finditer(unit):
        who = [lowered(w) for w, _, _ in word_spans(match.group("who"))]
        verb = lowered(match.group("verb"))
        if _WH_BEFORE.search(unit, max(0, match.start() - 20), match.start()):
            continue  # "what I want the pitch to look like", "how I wanted the listener to
            # feel": what it is, not a want
        if set(who) & (_NOT_A_THING | SUBJECT_PRONOUNS | PREPOSITIONS) or \
                verb not in ALL_BASES | {"be"} or _relative(unit, match.start("subj")) or \
                _asked(unit, match.start("subj")) or \
                _NEGATED_WANT.search(unit, max(0, match.start() - 40), match.start()):
            continue
        done = finish(unit, match.start("verb"), clause_end_at(unit, match.start("verb")),
                      tense=False, after_verb=True)
        if done is None:
            continue
        text, _, end = done
        rest = text[len(match.group("verb")):]
        said = agreeing(who[-1], verb, noun=True)
        return Phrase(f"make sure {match.group('who')} {said}{rest}", match.start("who"), end)
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
        if _relative(unit, match.start("subj")) or _asked(unit, match.start("subj")) or \
                _NEGATED_WANT.search(unit, max(0, match.start() - 40), match.start()):
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
    r"add|adds|feed|feeds|land|lands|'s|'re|"
    # "the girls could see every order": what a new way let people do, told in the past (not
    # "could have", what might have been)
    r"could(?!\s+(?:have|'ve|of|never|not)\b)(?=\s+[a-z]+)")
#: Words that may stand between a subject and its verb ("they all have it", "staff now see").
_AFTER_SUBJECT = frozenset({"now", "just", "always", "all"})
#: Who a wanted state of affairs is about: people or records, never the speaker or the
#: product ("it", "this", "the app" would make a feature list of the motivation).
_STATE_SUBJECT = re.compile(
    r"(?:(?:the|our|my|their|every|each|all the|no)\s+[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,5}?|"
    r"nobody|no one|everyone|everybody|they|people|staff)"
    rf"(?:\s+(?:{'|'.join(sorted(_AFTER_SUBJECT))}))?\s*(?P<verb>\b(?:{_PRESENT_STATE}))\b",
    re.IGNORECASE)
#: Words that open a relative clause inside a subject noun phrase (with "it" and the subject
#: pronouns, which open one without a relative word: "the number it gave me").
_RELATIVES = frozenset({"it", "who", "that", "which", "whose"})
_SPEAKER = FIRST_PERSON - {"my", "our"}  # "my staff can see it" is about the staff
_NOT_STATE_SUBJECTS = frozenset("""app apps tool software system platform product service
interface screen dashboard price thing things problem point issue reason trouble idea truth
fact question time times""".split())  # "every time someone's ill, ...": a condition
_MODALS = frozenset("would could should might will may must shall".split())
_JOINED = re.compile(r"\s(?:and|but|so|then)\s", re.IGNORECASE)
#: After a noun, "'s" is "is" or "has" only before what can follow those: a participle, an
#: adverb, a preposition or an article ("the trumpet's missed one lesson", "the rota's up",
#: "the shop's a mess"); before a noun it is the possessive ("the school's extra forms").
_IS_OR_HAS_NEXT = re.compile(
    r"\s*(?:\w+(?:ed|en|ing)|been|got|gone|done|not|never|always|all|just|now|still|already|"
    r"here|there|in|on|at|up|out|off|back|down|over|a|an|the)\b", re.IGNORECASE)
#: A verb in the past: "tended", "were", "had", "used".
_PAST_VERB = re.compile(r"^(?:was|were|had|did|used|\w+ed)$", re.IGNORECASE)
#: A short noun phrase and the "and" after it, at the end of what was said so far.
_NOUN_AND = r"(?:the|my|our|their|his|her|a|an)\s+[\w'’-]+(?:\s+[\w'’-]+)?\s+and\s+$"
#: "The rent roll, the notices and ": a list's items before its last "and".
_LIST_BEFORE = re.compile(rf",\s+{_NOUN_AND}", re.IGNORECASE)
#: "so the letter and ": a noun phrase and "and" where a clause begins, the first of a pair
#: when the verb after the second does not agree with it alone ("the amount come").
_PAIR_BEFORE = re.compile(rf"(?:^|[,.;!?]\s+)(?:(?:so|but|because|then|and)\s+)?{_NOUN_AND}",
                          re.IGNORECASE)
_PLURAL_VERB = re.compile(r"^(?:are|were|'re|have|do|don't|aren't|weren't|haven't|"
                          r"(?!is$|was$|has$|does$)[a-z]+(?<!s))$", re.IGNORECASE)
_STATE_OPENER = re.compile(r"(?:^|[.;!?]\s+|,\s+(?:and\s+)?|\b(?:so(?: that)?|because|and)\s+)"
                           r"(?:(?:so(?: that)?|and|now|then|well|yeah)[ ,]+)*", re.IGNORECASE)


#: "the results don't always come out right": a shortcoming someone puts up with, never a
#: state anyone wants made sure of.
_SHORTCOMING = re.compile(r"\b(?:not|\w+n't)\s+(?:always|quite|really|entirely)\b",
                          re.IGNORECASE)


#: "the text reminders are a godsend", "the app is a lifesaver": a thing judged with one noun
#: is an opinion of it, not a state of affairs anyone makes sure of.
_JUDGED = re.compile(r"\b(?:is|are|was|were|'s|'re)\s+(?:(?:just|really|such|absolutely|"
                     r"honestly)\s+)*an?\s+[a-z'-]+$", re.IGNORECASE)


#: "the graveyard is sixty thousand", "the bill was about £400": a thing measured is a fact
#: about it, not a state of affairs anyone makes sure of.
_MEASURED = re.compile(r"\b(?:is|are|was|were|'s|'re)\s+(?:(?:about|around|nearly|almost|over|"
                       r"under|only|just|roughly)\s+)?(?:[£$€]?\d|(?:one|two|three|four|five|"
                       r"six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
                       r"sixty|seventy|eighty|ninety|a hundred|hundreds|a thousand|"
                       r"thousands)\b)", re.IGNORECASE)


#: "The ones who can't, their son does it": an auxiliary that ends the clause stands for a verb
#: said before, which the part would not hold.
_ELIDED = re.compile(r"\b(?:can|can't|cannot|could|couldn't|will|won't|would|wouldn't|should|"
                     r"shouldn't|must|might|do|does|don't|doesn't|did|didn't)\W*$", re.IGNORECASE)


def _in_relative_clause(head: list[str]) -> bool:
    """Whether the verb after the subject words `head` is a relative clause's: a relative
    word or pronoun inside the subject with no verb of its own after it ("the way it",
    "the average person who doesn't"), unlike "the invoices that reach our bookkeeper", whose
    relative clause is whole before the main verb."""
    opener = next((k for k, word in enumerate(head) if k and word in
                   SUBJECT_PRONOUNS | _RELATIVES), None)
    return opener is not None and not any(
        is_finite(word) or word in ALL_BASES for word in head[opener + 1:])


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
        if (_SPEAKER | _NOT_STATE_SUBJECTS | _MODALS) & set(head) or "that's" in head:
            continue  # (a modal before the verb: "the truck would have had a star" is what
            # would have been, not what is so)
        if head[-1] in ("one", "ones") and head[0] in ONLY_DETERMINERS:
            continue  # "the third one is old school": which one was said before, not here
            # ("every one's gone through the app", "no one can book it" say whom)
        if _in_relative_clause(head):
            continue  # "the way it's organised", "the meal kit one you have to go through",
            # "the average person who doesn't have ...": the verb is a relative clause's, and
            # the noun before it has none of its own
        if match.group("verb").lower() == "could" and head[0] in ("nobody", "no"):
            continue  # "nobody could find the folder": what failed, not what they want
        if match.group("verb") == "'s" and \
                not _IS_OR_HAS_NEXT.match(unit, match.end("verb")):
            continue  # "the school's extra forms": whose, not what is so
        if _JOINED.search(unit, match.start(), match.start("verb")):
            continue  # "the club's emails and the school's go ...": a part is one clause, and
            # cut at its "and" the subject would be left without its verb
        verb = match.group("verb").lower()
        before = unit[:opener.end()]
        if _LIST_BEFORE.search(before) or _PAIR_BEFORE.search(before) and \
                _PLURAL_VERB.match(verb) and \
                not plural_noun(unit[match.start():match.start("verb")].split()[-1].lower()):
            continue  # "the rent roll, the notices and the collection are one record", "the
            # letter and the amount come from one number": cut after its "and", a list's last
            # item is left with the list's verb
        if "because" in opener.group(0).lower().split() and \
                any(_PAST_VERB.match(w) for w in [*head, verb]):
            continue  # "I liked that it drafts a letter, because my letters tended to sound
            # like a summons": the reason, how things were, not what they want made so
        done = finish(unit, match.start(), clause_end_at(unit, match.start("verb")),
                       tense=True, strip_time=True)
        if done is None:
            continue
        text, start, end = done
        if len(word_spans(text)) < 4 or _SHORTCOMING.search(text) or _ELIDED.search(text) or \
                _JUDGED.search(text) or _MEASURED.search(text):
            continue
        text = re.sub(r"\s+(?:now|just)\b(?=\s)", "", text, count=1)
        subject = [w for w in head if w not in _AFTER_SUBJECT] or head  # "they all have it"
        if len(head) <= 2:  # "have Etsy and the website know about it": a causative's verb
            verb = match.group("verb")  # is bare, and "make sure" needs it to agree
            text = re.sub(rf"\b{re.escape(verb)}\b", agreeing(subject[-1], verb), text,
                          count=1)
        return Phrase(text=f"make sure {text[0].lower()}{text[1:]}", start=start, end=end)
    return None
