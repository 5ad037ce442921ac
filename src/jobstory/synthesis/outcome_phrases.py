"""The "so I can <outcome>" part from a unit, as the participant's own words.

Two readings, both returning a `Phrase` (see `phrases.py`) or None, never a made-up phrase:

- `outcome_phrase`: an outcome said with its own marker ("so I can stop worrying at tax time",
  "which means I can ...", "I get my Sundays back", "so I don't have to chase clients");
- `result_phrase`: what someone does, or who they are, since the change, said plainly ("I gave
  her four months of records before she'd finished her coffee", "I am a vet again"), which
  the story frames as an outcome. Conditions, negations, chores ("I'd have to"), embedded
  questions, asides ("- I went back and counted once -"), how good someone is at something
  ("I'm awful at logistics") and what was so before ("I used to") are not results; "be able
  to" reads as the "can" it repeats ("I'm able to quote on the spot" -> "quote on the spot").
"""

from __future__ import annotations

import re

from jobstory.synthesis.grammar import (
    TYPED_NEGATION,
    is_base_verb,
    lowered,
    past_base,
    presentify,
    word_spans,
)
from jobstory.synthesis.phrases import Phrase, situation_clause_end, verb_phrase
from jobstory.synthesis.spans import clause_end_at, finish, quoting

__all__ = ["outcome_phrase", "result_phrase"]


_RESULT_SUBJECT = re.compile(
    r"\b(?:i|we)(?P<perfect>'ve|'d| have| had)?\s+"
    r"(?:(?:just|now|finally|actually|also|still|always|all|both|even)\s+)*"
    r"(?P<verb>[a-z]+)\b(?!['’])", re.IGNORECASE)  # not "don't"
#: "Can I change to a half", "could we move it": the verb before its subject asks; nothing
#: done.
_ASKING = re.compile(r"\b(?:can|could|would|will|shall|should|may|might|do|does|did|am|was|"
                     r"were|are)\s+$", re.IGNORECASE)
#: "we still have fifteen on paper": what goes on as before is no result of the change, unless
#: "still" concedes ("even if nothing comes of it, I still feel more productive").
_STILL = re.compile(r"\bstill\b", re.IGNORECASE)
_CONCEDING = re.compile(r"\b(?:even if|even though|although|though|but|yet|despite|anyway)\b",
                        re.IGNORECASE)
_NOT_AN_OBJECT = frozenset("""that's it's there's which who whom whose that this is was were
are am be""".split())
#: A subject right after one of these opens a condition ("when I post the shift, it goes to
#: ..."): what follows is when it happens, not what someone does since the change.
_CONDITION_BEFORE = re.compile(r"\b(?:when|whenever|if|once|before|after|until|unless)\s+$",
                               re.IGNORECASE)
#: "If you're booked on Thursday and I change Thursday, you get told": a subject joined by
#: "and" inside a condition is still the condition's.
_JOINED_CONDITION = re.compile(r"\b(?:when|whenever|if|once|unless)\b[^,.;:!?]{1,60}\band\s+$",
                               re.IGNORECASE)
#: How far back a clause's negation is looked for: a clause is never longer (and a run-on
#: "I we I we ..." of thousands of subjects must not make each search read all before it).
CLAUSE_REACH = 200
#: A negation earlier in the same clause ("it's not the month where I hide in the office"):
#: the clause says what no longer happens, which "so I can" would reverse.
_NEGATED_CLAUSE = re.compile(rf"\b(?:not|no|never|nobody|nothing|\w+n't|{TYPED_NEGATION})\b"
                             r"[^,;:.!?]*$", re.IGNORECASE)
#: A subject right after one of these is an embedded question ("how I feel about myself as I
#: write"): what it names is a topic, not something someone does.
_QUESTION_BEFORE = re.compile(r"\b(?:how|what|why|where|whether)\s+$", re.IGNORECASE)
#: A subject right after a noun that a copula introduces opens a relative clause about that
#: noun ("the biggest change is the time I now save"): its verb's object is the noun before
#: it, so the words after the verb are no action to repeat.
_RELATIVE_AFTER_COPULA = re.compile(
    r"\b(?:is|was|are|were|'s)\s+(?:the|a|an|this|that|these|those|my|our|all the)\s+"
    r"(?:[a-z-]+\s+){1,3}$", re.IGNORECASE)
#: "a repairs bit which I've used a couple of times": a relative clause, whose verb's object
#: is the thing before "which", so the clause read alone has lost it.
_WHICH_BEFORE = re.compile(r"\b(?:which|whom)\s+$", re.IGNORECASE)
#: Said of the time before ("in the past", "back then", a sentence opened "Before ..., "):
#: how things were, not what someone does since.
_FORMERLY = re.compile(r"\b(?:in the past|back then|at the time|previously|formerly)\b|"
                       r"^\W*before\b[^,.;]{1,40},", re.IGNORECASE)
#: "I've read all of those books at least once in my life": a perfect that says what someone
#: has done at some time tells their experience, not what changed. (Not "more than ever": a
#: comparison, which a result may hold.)
_EXPERIENCE = re.compile(r"\b(?:at least once|(?:in|all) (?:my|our) (?:whole )?(?:life|lives))\b",
                         re.IGNORECASE)
#: "I've always struggled with copy", "we'd always done it by hand": a perfect said with
#: "always" holds for as long as someone remembers, so it is no result of a change.
_ALWAYS = re.compile(r"\balways\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;!?](?:\s|$)")
#: "I'm awful at logistics", "I'm good at maths": how good someone is at something says
#: who they are, not what changed, unless said as a change ("better at", "good at it now").
_TRAIT = re.compile(r"(?:\w+ly\s+)?(?!(?:better|worse|more|less)\b)\w+(?<!er)\s+at\b",
                    re.IGNORECASE)
#: How often a state holds stands before "be": "so I can usually be pleased with them".
_FREQUENCY = re.compile(r"(?:usually|always|often|sometimes|generally|normally|mostly|"
                        r"typically|rarely|seldom)\s+", re.IGNORECASE)
_ABLE = re.compile(r"(?:now\s+|finally\s+)?able to\s+(?=\w)", re.IGNORECASE)
_CHANGED = re.compile(r"\b(?:now|again|these days|any more|anymore|since)\b", re.IGNORECASE)
#: An aside between a pair of dashes or in brackets ("the Friday messages - I went back and
#: counted once - we used to send fifteen"): how the speaker knows, not what changed.
_ASIDE = re.compile(r"\s[-\u2013\u2014]{1,2}\s[^-\u2013\u2014()]{1,120}?\s[-\u2013\u2014]{1,2}\s|"
                    r"\([^()]{1,120}\)")
#: "I pressed send too quickly", "we order too late": doing something too much is what went
#: wrong, not progress ("too" for "also" ends the clause: "I do it too").
_EXCESS = re.compile(r"\btoo\s+\w", re.IGNORECASE)
_NOT_RESULTS = frozenset(
    """am was were are be been being is can could will would should might may must do did does
    think thought say said guess mean meant suppose reckon suspect wonder remember forget forgot
    hope hoped wish wished like liked love loved hate hated want wanted need needed try tried
    had got believe believed assume assumed expect expected imagine imagined doubt doubted
    recall recalled prefer preferred""".split())


#: "I am a vet again", "we're home by six now": who someone is now, an outcome ("be ...").
#: Not a feeling about saying something ("I'm pleased to say"), a plan ("I'm going to"), a
#: continuing action ("I'm doing"), or a negation, which "so I can" would reverse.
_STATE_RESULT = re.compile(
    r"(?:^|(?<=[,.;!?])|(?<=\band))\s{0,3}(?:(?:so|and|now|yeah|well|but),? ){0,3}"
    r"(?:(?:in|on|at|by|every|most|these|some) [a-z ]{1,20}? )?(?:i am|i'm|we are|we're)\s+"
    r"(?:now\s+|finally\s+)?"
    r"(?!(?:not|no|never|going|still|like|just|sure|afraid|pleased|glad|happy|sorry|"
    r"worried|scared|told|the one|a bit|kind|sort)\b)(?=[a-z]+\b(?<!ing\b))",
    re.IGNORECASE)


def result_phrase(unit: str) -> Phrase | None:
    """What someone did or does since a change, as a verb phrase for "so I can ...": "I gave
    her four months of records before she'd finished her coffee" -> "give her four months of
    records before she's finished her coffee"; who they are now, as "be ...": "in the
    morning I am a vet again" -> "be a vet again". Only a first-person clause whose verb is an
    action (not "was", "think", "wanted", a modal) or a present "I am" qualifies; negated
    clauses do not, since "so I can" would reverse them."""
    if not unit or not unit.strip() or unit.rstrip().endswith("?"):
        return None
    asides = [m.span() for m in _ASIDE.finditer(unit)]

    def aside(at: int) -> bool:
        return any(start <= at < end for start, end in asides)

    state = _STATE_RESULT.search(unit)
    if state and not aside(state.end()):
        done = finish(unit, state.end(), clause_end_at(unit, state.end()), tense=False,
                       strip_time=True)
        if done and len(word_spans(done[0])) >= 2 and not (
                _TRAIT.match(done[0]) and not _CHANGED.search(unit, state.start(), done[2])):
            able = _ABLE.match(done[0])  # "I'm able to quote on the spot": "so I can quote"
            if able:
                return Phrase(text=done[0][able.end():], start=done[1] + able.end(), end=done[2])
            often = _FREQUENCY.match(done[0])  # "I'm usually pleased": "usually be pleased"
            if often:
                return Phrase(text=f"{often.group(0)}be {done[0][often.end():]}",
                              start=done[1], end=done[2])
            return Phrase(text=f"be {done[0]}", start=done[1], end=done[2])
    told_before = 0
    for match in _RESULT_SUBJECT.finditer(unit):
        verb = match.group("verb").lower()
        if match.start() < told_before:
            continue
        if verb in _NOT_RESULTS or verb in ("not", "never", "no") or aside(match.start()) or \
                re.fullmatch(TYPED_NEGATION, verb):  # "I cant see who paid": no result
            continue
        if verb in ("used", "have", "has", "had", "got") and \
                re.match(r"\s+to\b", unit[match.end("verb"):]):
            continue  # "I used to lie awake", "I have to check it": before, or a chore
        if _ASKING.search(unit, max(0, match.start() - 8), match.start()) or \
                quoting(unit[:match.start()]):
            continue  # "Can I change to a half.", "she said, oh, we close at six": asked, said
        if _CONDITION_BEFORE.search(unit, max(0, match.start() - 12), match.start()) or \
                _JOINED_CONDITION.search(unit, max(0, match.start() - 80), match.start()) or \
                _QUESTION_BEFORE.search(unit, max(0, match.start() - 12), match.start()) or \
                _RELATIVE_AFTER_COPULA.search(unit, max(0, match.start() - 40), match.start()) or \
                _WHICH_BEFORE.search(unit, max(0, match.start() - 12), match.start()):
            continue
        if _NEGATED_CLAUSE.search(unit, max(0, match.start() - CLAUSE_REACH), match.start()):
            continue
        opened = max((m.end() for m in _SENTENCE_END.finditer(unit, 0, match.start())),
                     default=0)
        if _STILL.search(match.group(0)) and not _CONCEDING.search(unit, opened, match.start()):
            continue
        base = past_base(verb) or (verb if is_base_verb(verb) else None)
        if base is None or base in _NOT_RESULTS:
            continue
        if base == verb and re.match(r"(?i)\w+'d\b", match.group(0)):
            continue  # "if I was blocked I'd stop and do something else": would, not did
        sentence = _SENTENCE_END.search(unit, match.end("verb"))
        end = whole = sentence.start() if sentence else len(unit)
        if len(unit[match.start("verb"):end].split()) > 16:  # a long sentence: its clause
            end = situation_clause_end(unit, match.start("verb"))
        if _FORMERLY.search(unit[opened:end]):
            continue  # "Before AI, I dedicated more time to ...": how it was, not what changed
        if match.group("perfect") and _ALWAYS.search(match.group(0)):
            continue  # "I've always struggled with writing copy": lifelong, not since a change
        if match.group("perfect") and _EXPERIENCE.search(unit, match.end("verb"), whole):
            told_before = whole  # the rest of its sentence tells that experience too
            continue
        done = finish(unit, match.end("verb"), end, tense=True, strip_time=True,
                      after_verb=True)
        rest = re.split(r",\s+(?:that's|it's|which|who)\b", done[0] if done else "")[0]
        if rest:  # "I sat in the truck and signed up": the verbs it joins move with the first
            rest = presentify(f"I {verb} {rest}").split(" ", 2)[2]
        if lowered((rest.split() or [""])[0]) in _NOT_AN_OBJECT:
            continue  # "I started, that's five months": no action to repeat
        text = f"{base} {rest}".strip()
        if len(text.split()) < 3 or _EXCESS.search(text):
            continue
        return Phrase(text=text, start=match.start("verb"), end=done[2] if done else
                      match.end("verb"))
    return None


_MODAL = (
    r"(?:can|could|'d be able to|would be able to|will be able to|'ll be able to|am able to|"
    r"'m able to|was able to|were able to|are able to|get to|got to|might|may)"
)
_OUTCOME_POSITIVE = re.compile(
    # "so much so that I can recognise it" says how much, not what for
    rf"(?<!much )\bso(?: that)?\s+(?:i|we)\s+{_MODAL}\s+|"
    rf"\b(?:which|that|it|this) means(?: that)?\s+(?:i|we)\s+(?:{_MODAL}\s+)?|"
    rf"\b(?:now|finally|and now)\s+(?:i|we)\s+{_MODAL}\s+|"
    # unit or clause start: "I can see...", ", and now we can ...", "that I could ..."
    r"(?:^|(?<=[,.;!?])|(?<=\band))\s{0,3}(?:(?:so|and|now|yeah|well|honestly),? ){0,4}"
    r"(?:that )?(?:i|we)\s+(?:can|could|get to)\s+(?!not\b)|"
    # a result stated as the participant's present: "we get paid faster", "I sleep now"
    r"(?:^|(?<=[,.;!?])|(?<=\band))\s{0,3}(?:(?:so|and|now|yeah|well|honestly|but),? ){0,4}"
    r"(?:i|we)\s+(?:now\s+|finally\s+|actually\s+)?(?=(?:get|save|spend|sleep|know|see|"
    # ("I have gone through ...", "we have not had one late form" are perfects, not things had)
    r"finish|keep|have)\b(?! to\b| got\b| not\b| never\b| what you mean\b|(?: \w+ly)? \w+ed\b|"
    r"(?: \w+ly)? (?:gone|"
    r"been|done|had|made|come|become|felt|found|kept|lost|left|put|said|told|brought|bought|"
    r"thought|written|taken|given|seen|broken|chosen|driven|spoken|forgotten|cut|set|won|grown|"
    r"shown)\b))|"
    r"(?<!much )\bso(?: that)?\s+(?:i|we)\s+(?=(?:stop|get|feel|know|spend|keep|save|sleep|focus|"
    r"have|never|finally|actually)\b)|"
    r"\bin order to\s+(?:be able to\s+)?|\bto be able to\s+|\bso as to\s+",
    re.IGNORECASE,
)
#: Words that say what something is for: "so (that) I can", "so I don't have to", "in order
#: to", "so as to".
_PURPOSE = re.compile(
    rf"\W*(?:so(?: that)?\s+(?:i|we)\s+(?:{_MODAL}|don't|dont|do not|won't|will not|never|"
    rf"no longer)|in order to|so as to)\b", re.IGNORECASE)
_OUTCOME_NEGATIVE = re.compile(
    r"\b(?:so(?: that)?\s+)?(?:i|we)\s+(?P<neg>don't|dont|didn't|won't|wouldn't|do not|"
    r"will not|never|no longer)\s+(?P<have>have to|need to)\s+",
    re.IGNORECASE,
)
_NEGATION_WORD = {"never": "never", "no longer": "no longer"}
_OUTCOME_BACK = re.compile(
    r"\b(?:i|we)\s+(?:finally\s+|now\s+|actually\s+)?(?P<verb>get|got)\s+(?:my|our)\s+"
    r"[\w' -]{1,30}?\s+back\b",
    re.IGNORECASE,
)
_OUTCOME_START = re.compile(
    r"^\W*(?:(?:just|mostly|really|basically|honestly|so|and|um|well)[ ,]+)*"
    r"(?:to|so(?: that)? (?:i|we) (?:can|could))\s+(?!be honest)",
    re.IGNORECASE,
)


def outcome_phrase(unit: str) -> Phrase | None:
    """The "so I can <outcome>" verb phrase, e.g. "so I can stop worrying at tax time" ->
    "stop worrying at tax time", "I get my Sundays back" -> "get my Sundays back"; None
    when the benefit is not the participant's own doing (e.g. "so the team trusts it")."""
    if not unit or not unit.strip():
        return None
    candidates: list[tuple[int, Phrase]] = []
    kinds: set[bool] = set()  # the first reading said as a purpose, and the first not
    for match in _OUTCOME_POSITIVE.finditer(unit):
        purpose = bool(_PURPOSE.match(match.group(0)))
        found = verb_phrase(unit, match.end()) if purpose not in kinds else None
        if found:
            candidates.append((match.start(), Phrase(*found)))
            kinds.add(purpose)
        if len(kinds) == 2:
            break
    negative = _OUTCOME_NEGATIVE.search(unit)
    if negative:
        found = verb_phrase(unit, negative.end())
        if found:
            text, _, end = found
            start = negative.start("neg")
            neg = _NEGATION_WORD.get(negative.group("neg").lower(), "not")
            phrase = f"{neg} {negative.group('have').lower()} {text}"
            candidates.append((negative.start(), Phrase(phrase, start, end)))
    back = _OUTCOME_BACK.search(unit)
    if back:
        start = back.start("verb")
        text = re.sub(r"\s+", " ", unit[start : back.end()])
        if back.group("verb").lower() == "got":
            text = ("Get" if text[0].isupper() else "get") + text[3:]
        candidates.append((back.start(), Phrase(text, start, back.end())))
    lead = _OUTCOME_START.match(unit)
    if lead:
        found = verb_phrase(unit, lead.end())
        if found:
            candidates.append((lead.start(), Phrase(*found)))
    candidates = [c for c in candidates if not quoting(unit[:c[0]])]
    if not candidates:
        return None
    # What someone says an outcome is for ("..., so I can sleep before hearings") wins over
    # what happens on the way ("I get a report"); else the first said.
    return min(candidates, key=lambda item: (
        not _PURPOSE.match(unit, item[0]), item[0]))[1]
