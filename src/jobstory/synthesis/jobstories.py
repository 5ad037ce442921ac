"""Job stories: "When <situation>, I want to <motivation>, so I can <outcome>."

One story per situation (`situations.py`): people whose struggling moments are alike. Every
part is taken only from the timelines of those people:

- the situation from their struggling moments: of the clauses they said, the one most like
  what the other members told, a "when" clause first, and one naming the words their
  struggles share and the other people's do not before one that names none of them ("keg",
  "owing": `situations.distinctive_words`); not one said of how things go now ("so now when ..."),
  nor one whose "it" needs the sentence before it ("had it in her head"), nor who someone is
  ("I've been in this business a long time"), nor what will or would happen ("I will then
  work on a video"), when another will do;
  a "still" before its verb ("I still spent an hour on the phone") is left out, since it too
  needs what was said before;
- the motivation from what they wanted to get done: "I wanted to / needed to ..." anywhere in
  their story, or what they said the new way lets them do when asked what drew them to it;
  what they had to do ("I had to ring round", "we had to agree it first") only when nothing else;
- the outcome from what they wanted to be able to do or what changed: "so I can ...", "now I
  can ...", "I don't have to ... any more", said after the switch or coded outcome, or what is
  true now for the people and records they answer for ("be sure every delivery has gone out
  with the right driver"); what changed, for any member, comes before how the first use went
  (setting it up is not the progress made).

Wording is one member's own words (`part_wording.py` says what makes a part), normalised into the
template by `phrases.py`, `motivation_phrases.py` and `outcome_phrases.py` (first person, present
tense, fillers and times said first or last trimmed, no other person's name, "she" or "he" opening
the situation read as "someone"): of the candidates, the one closest in meaning to what the members
said for that part (for the situation: to the situation's centre). The three parts never repeat
each other, and a bare time or a fragment is never a part; a topic ("when it comes to writing") is
the situation only when nobody told a moment. A part nobody stated is shown as missing (with the
quotes when people said it in words that do not fit the template). Stories rank by the
separate accounts of the situation (a partner who joined someone's interview retells theirs),
then distinct participants, completeness, and how concretely the struggle was told. Counts
are computed, never estimated.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from jobstory.synthesis.alike import alike_to_others
from jobstory.synthesis.alternatives import CONSIDERED, HEARD_OF
from jobstory.synthesis.code import Coding
from jobstory.synthesis.grammar import ALL_BASES, is_base_verb, is_finite, lowered, past_base
from jobstory.synthesis.motivation_phrases import (
    desired_state_phrase,
    motivation_phrase,
    wanted_thing_phrase,
)
from jobstory.synthesis.outcome_phrases import outcome_phrase, result_phrase
from jobstory.synthesis.part_wording import (
    Candidate, clause_starts, clean, in_first_person, overlap, unconceded, whole_verb_phrase)
from jobstory.synthesis.phrases import CALENDAR, Phrase, clause_phrase, situation_phrase
from jobstory.synthesis.situations import (
    Situation, StruggleWords, distinctive_words, struggle_units, struggle_words)
from jobstory.synthesis.sources import Segment
from jobstory.synthesis.spans import TOLD_WHEN, quoting
from jobstory.synthesis.story_forces import kept_up
from jobstory.synthesis.story_push import names_problem
from jobstory.synthesis.themes import quote
from jobstory.synthesis.timelines import Timeline

QUOTES_PER_PART = 3
#: A unit coded motivation/outcome at least this confidently is quoted for a part it states
#: in words that do not fit the template.
CONFIDENT = 0.6
NOT_STATED = {"motivation": "(no motivation stated yet)", "outcome": "(no outcome stated yet)"}
IN_QUOTES = {"motivation": "(motivation in their words below)",
             "outcome": "(outcome in their words below)"}
#: Two parts sharing more than this share of their words repeat each other.
REPEAT = 0.6
MOTIVATION_PHASES = frozenset({"first_thought", "struggling_moment", "passive_looking",
                               "active_looking", "deciding"})
OUTCOME_PHASES = frozenset({"first_use", "what_changed"})
#: "had to", "have got to": an obligation, not a want.
_OBLIGED = re.compile(r"\b(?:had|have|'ve)(?:\s+got)?\s+to\s*$", re.IGNORECASE)

_CONDITIONAL = re.compile(r"\b(?:when|whenever|if|every time|each time)\s+(?:i|we)\b[^,.;]{0,30}$",
                          re.IGNORECASE)
#: "translate that into art", "tidy it up": a verb whose object points to words said before,
#: which the story does not hold; any wording that stands alone reads first (and a short one
#: like "set it up" is alike everyone's words without saying anything).
_POINTS_AWAY = re.compile(
    r"^\w+\s+(?:it|that|this|them|those|these)\b(?!\s+(?:is|was|are|were)\b)", re.IGNORECASE)
#: A want said as someone else's view ("they think I want to ..."), not the speaker's own.
_REPORTED = re.compile(r"\b(?:think|thinks|thought|say|says|said|feel|feels|felt|assume[sd]?|"
                       r"believe[sd]?)\s+(?:that\s+)?(?:i|we)\b[^,.;]{0,25}$", re.IGNORECASE)
#: A clause whose subject is a time says when things happen, not what went wrong: "Thursday
#: is our surgery day", "our year ends on the thirty-first of December".
_SETTING = re.compile(r"^(?:(?:on|in|at|every|each|most|the|that|this|last|next|our|my)\s+)?"
                      r"(?:(?:financial|tax|school|academic)\s+)?(?:"
                      + "|".join(sorted(CALENDAR)) + r"|mornings?|evenings?|nights?|weekends?|"
                      r"days?|weeks?|months?|years?|today|tonight|yesterday)s?\b"
                      r"(?:'s|\s+(?:is|was|are|were|ends?|ended|starts?|started|begins?|began)\b)",
                      re.IGNORECASE)
#: "When it comes to writing": a topic (as for writing), not a moment something happened; it
#: is the situation only when the members told nothing else.
_TOPIC = re.compile(r"^it comes to\b", re.IGNORECASE)
#: "When these things become available", "when it doesn't work well": a subject that only
#: points back to earlier words tells a reader nothing of the moment; it is the situation only
#: when the members told nothing that names who or what it was about.
_VAGUE_SUBJECT = re.compile(r"^(?:it\b|(?:this|that|these|those)(?:\s+things?|\s+stuff)?"
                            r"(?:'s|'re|\s+(?:is|are|was|were|can|can't|could|will|won't|would|"
                            r"do|does|don't|doesn't|did|didn't|has|have|had|become|becomes|"
                            r"came|come|comes|get|gets|got|go|goes|went)\b))", re.IGNORECASE)
#: "someone had it in her head as the following Sunday": a verb whose object is "it" points
#: back to words before the clause, which a story's reader has not got.
_POINTS_BACK = re.compile(r"\b([a-z']+)\s+it\b(?!'|\s+(?:is|was|has|had|will|would|can|could|"
                          r"does|did|goes|went|gets|got)\b)", re.IGNORECASE)


#: "I still spend an hour and a half on the phone", "I then do the rest on my own": "still" or
#: "then" before the verb says "despite" or "after" what was told before, which the story's
#: reader has not heard; the moment reads without it.
_STILL = re.compile(r"\b(?:still|then)\s+(?=([a-z']+))", re.IGNORECASE)


def _without_still(text: str) -> str:
    def drop(match: re.Match[str]) -> str:
        verb = lowered(match.group(1))
        before_verb = verb in ALL_BASES or is_finite(verb) or verb.endswith("n't")
        return "" if before_verb else match.group(0)
    return _STILL.sub(drop, text)


#: "you think them through", "I chase them up": a verb and its particle around "them" points
#: back to what was named before, as "it" does.
_THEM_PARTICLE = re.compile(r"\bthem\s+(?:through|out|up|over|back|down|off|away)\b",
                            re.IGNORECASE)


#: "the school asks for theirs to be restocked", "he had a match from ours": a possessive
#: pronoun stands for a thing named before ("their first-aid kit"), which the story's reader
#: has not heard. ("a friend of ours" names nothing before: it reads alone.)
_OWNED_BACK = re.compile(r"(?<!\bof )\b(?:ours|theirs|yours|hers)\b", re.IGNORECASE)


#: "work this organically into my content", "showcase this", "I want to do that": "this" or
#: "that" as a verb's whole object stands for what was said before, as "it" does. (Before a
#: noun it names the thing: "fix this invoice"; "that" before a clause is not an object.)
_THIS_BACK = re.compile(
    r"\b([a-z']+)\s+(?:this(?=\s*\W*$|\s+(?:\w+ly|in|into|on|onto|for|to|with|out|up|over|"
    r"through|around|again|away|off|down|back)\b)|that(?=\s*\W*$))", re.IGNORECASE)


#: "see he hadn't", "know they would": a clause cut to its auxiliary leaves out what it says;
#: "have a thing", "do stuff": an object that names nothing ("making things" does); "know on
#: Thursday", "go back once to see": what is known or seen is not in the part. A reader of
#: the story alone cannot tell what any of them means. ("has a name on it" names its "it"
#: itself, so a part that merely ends on "it" is not one of them.)
_ENDS_UNSAID = re.compile(
    r"\b(?:i|we|you|he|she|they|it)\s+(?:(?:had|has|have|did|does|do|was|were|is|are|would|"
    r"could|should|will|can|might)(?:n't| not)?|wasn't|weren't|isn't|aren't|won't|can't)\s*\W*$|"
    r"\b(?:a thing|something|stuff|anything)\s*\W*$|"
    # "go back through the app once to see", "know on Thursday": knowing or seeing with
    # what is known or seen left in the words before
    r"\bto (?:see|check|know|find out)\s*\W*$|"
    r"^(?:know|see|tell|check|hear|find out)\s+(?:on|by|at|in|before|after|until|from)"
    r"(?:\s+[\w']+){1,2}\s*\W*$", re.IGNORECASE)


#: A part this short whose object points back ("go on it", "have them back") is nothing else.
_FEW_WORDS = 3
_ENDS_ON_IT = re.compile(r"\b(?:it|them)\s*\W*$", re.IGNORECASE)


def _says_nothing(text: str) -> bool:
    """Whether a part says nothing a reader of the story alone can follow (`_ENDS_UNSAID`),
    or is a few words whose object points back to what was named before."""
    return _ENDS_UNSAID.search(text) is not None or len(text.split()) <= _FEW_WORDS and (
        _ENDS_ON_IT.search(text) is not None or _points_back(text))


#: "every month I'd do the same thing again", "go through all that again": what was told
#: before, done again, which the story's reader has not heard.
_SAME_AGAIN = re.compile(r"\bthe same (?:thing|things|stuff|again)\b|"
                         r"\ball (?:that|this|of that|of this) again\b", re.IGNORECASE)


def _points_back(text: str) -> bool:
    return bool(_THEM_PARTICLE.search(text) or _OWNED_BACK.search(text) or
                _SAME_AGAIN.search(text)) or any(
        lowered(m.group(1)) in ALL_BASES or is_finite(lowered(m.group(1)))
        for m in _POINTS_BACK.finditer(text)) or any(
        is_base_verb(lowered(m.group(1))) or is_finite(lowered(m.group(1)))
        for m in _THIS_BACK.finditer(text)) or _ends_on_what_went_before(text)


#: "buy a cake with it", "get enquiries off the back of them", "we had a row about it": "it" or
#: "them" after a preposition at the end of a part.
_PREPOSITION_IT = re.compile(r"\b(?:of|with|on|in|for|from|off|about|at|by|into|onto|over|to|"
                             r"without|against|behind|around|through|after|before|under)\s+"
                             r"(?:it|them)\W*$", re.IGNORECASE)
_PERSONS = frozenset({"i", "we", "you", "they", "he", "she", "someone", "i'm", "we're",
                      "you're", "they're", "he's", "she's", "i've", "we've", "i'd", "we'd"})


def _ends_on_what_went_before(text: str) -> bool:
    """Whether a part ends on a preposition's "it" or "them" that stands for something named
    before the part. A part opening on its verb or on a person has no noun of its own that
    the pronoun could stand for (not the verb's own object: "buy a cake with it" is not with
    the cake); one opening on a thing names it ("every pick-up has a name on it"), and so
    does "make sure" or "be sure" before one."""
    if _PREPOSITION_IT.search(text) is None:
        return False
    words = [lowered(w) for w in text.split()[:2]]
    if words[0] in ("make", "be") and words[1:] == ["sure"]:
        return False
    return words[0] in _PERSONS or is_base_verb(words[0])


#: "I am not a lawyer", "I've been in this business a long time", "I work in an art museum",
#: "I build systems for a living": who someone is, not a moment that happened to them; it is
#: the situation only when the members told nothing else. ("I'm a bit lost", "I'm an hour
#: late": a state, not who.)
_IDENTITY = re.compile(
    r"^(?:i|we)(?:'m|'re|\s+am|\s+are)\s+(?:not\s+)?(?:\w+ly\s+|just\s+)?(?:a|an)\s+"
    r"(?!(?:bit|little|lot|few|couple|half|quarter|second|minute|hour|day|week|fortnight|"
    r"month|year)s?\b)"
    r"|^(?:i|we)(?:'ve|\s+have)\s+been\b.*\b(?:years?|a long time|ages|decades?)$"
    r"|^(?:i|we)\s+work\s+(?:in|at|as|for)\s+(?:a|an|the|my|our|myself|ourselves)\b"
    r"|\bfor a living$", re.IGNORECASE)


#: "I will then work on a music video", "we'd lose the booking": what will or would happen is
#: a plan or a guess, not a moment that happened; it is the situation only when the members
#: told nothing else.
_MODAL = re.compile(r"^(?:i|we|you|they|he|she|it|someone)(?:'ll|'d|\s+will|\s+would|"
                    r"\s+might)\b", re.IGNORECASE)


#: "I can teach my own pupils without the phone going", "we can see every booking": what
#: someone can do (since the change) is an outcome, not a moment that happened to them; it is
#: the situation only when the members told nothing else. ("I can't find", "I can only see one
#: week at a time": what they could not do is the struggle.)
_ABLE = re.compile(r"^(?:i|we|you)\s+can\b(?!'t|not|\s+(?:only|never|hardly|barely|no)\b)",
                   re.IGNORECASE)

#: "I like walking the floor and checking the board", "we loved the old diary": what someone
#: liked is the old way's hold on them, not a moment that went wrong; it is the situation only
#: when the members told nothing else.
_LIKING = re.compile(r"^(?:i|we)\s+(?:(?:\w+ly|really|always|just|quite)\s+)?(?:like|liked|"
                     r"love|loved|enjoy|enjoyed|miss|missed)\b(?!\s+to\b)", re.IGNORECASE)


#: "So now when something's going on with a client I pause their reminders": how things go
#: since the change, not the moment that made someone change.
_NOW_WHEN = re.compile(r"\bnow,?\s+(?:when|whenever|every time|each time|if)\s+(\S+)",
                       re.IGNORECASE)
#: An attraction taken back in the same breath ("it had a calendar, but it was a contract").
_QUALIFIED = re.compile(r",\s*but\b", re.IGNORECASE)
#: "she isn't happy with our response": who she was is in the quote, not in the story, so the
#: reader reads "someone" (as for a person the participant named).
_THIRD_PERSON = re.compile(r"^(?:she|he)\b(?!'(?:d|ll|ve)\b)", re.IGNORECASE)
#: ... and "his mom comes to our house" reads "someone's mom comes to our house".
_SOMEONES = re.compile(r"^(?:his|her)\b(?=\s+\w)", re.IGNORECASE)
#: "still", "as before", "as ever": a state that goes on as it was is not what changed; "just
#: in case", "as a backup": the old way kept beside the new is not what it gives them.
_CONTINUES = re.compile(r"\b(?:still|as (?:before|ever|always|usual)|just in case|"
                        r"as (?:a )?back-?up)\b", re.IGNORECASE)
#: A complaint, a worry or an attachment read as no gain is no outcome, whatever its phase.
_HELD_BACK, _GAINED = frozenset({"push", "anxiety", "habit"}), frozenset({"outcome", "pull"})
#: What a want read beside the old way's hold must also be coded to be the job's motivation.
_WANTED_NEW = frozenset({"motivation", "pull", "outcome"})
#: "stop chasing transfers", "be less stressed on a Saturday", "get my Sunday nights back",
#: "go from losing four sessions a week to one a fortnight", "see who's paid without opening
#: the bank app": an outcome that says how things got better, the progress the new way was
#: hired for, reads before one that says what someone does in it ("open the signed plan").
_PROGRESS = re.compile(
    r"\b(?:stop(?!\s+and\b)|(?:less|fewer)(?!\s+(?:in|of|on|at|with|for|to|than|and)\b)|"
    r"faster|quicker|sooner|save[ds]?|saving|instead of|"
    r"rather than|(?<!go )(?<!went )(?<!do )without|no longer|any ?more|more\s+\w+\s+than)\b|"
    r"\bget\b[^,.;]{1,30}\bback\b|"
    r"\b(?:days?|weeks?|fortnight|afternoons?|evenings?|weekends?|nights?|time)\s+off\b|"
    r"\bfrom\s+(?:\w+ing|\d[\d,.]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twelve|twenty|thirty|forty|fifty|sixty|a hundred|hundreds|dozens|half|about|around|"
    r"maybe|nearly|over|almost)\b[^,.;]{0,60}\bto\b", re.IGNORECASE)
#: A word as `situations.distinctive_words` counts them (scikit-learn's default tokens).
_WORD = re.compile(r"\w\w+")
#: "set up the sites over a weekend", "put in every future wedding", "import the
#: spreadsheet", "move over in the January": putting what they had into the new way is how it
#: started, not the progress it was hired for; any other outcome reads first.
_SETS_UP = re.compile(
    r"^(?:set(?:ting)?\s+(?:\S+\s+){0,3}?up\b|put(?:ting)?\s+(?:\S+\s+){0,3}?in\b|"
    r"(?:import|upload|load|migrat|transfer|cop(?:y|ie)|enter)\w*\b|"
    r"mov(?:e|ed|ing)\s+(?:\S+\s+){0,3}?(?:over|across)\b|type\s+(?:\S+\s+){0,3}?in\b)",
    re.IGNORECASE)
#: An outcome said outright, wherever in the story it was said.
_SO_I_CAN = r"so(?: that)? (?:i|we) (?:can|could)"
_SO_THAT = re.compile(rf"\b(?:{_SO_I_CAN}|in order to|to be able to)\b", re.IGNORECASE)


def _situation_candidates(members: Sequence[str], timelines: Mapping[str, Timeline],
                          segments: Sequence[Segment], codings: Sequence[Coding]
                          ) -> list[Candidate]:
    """Every clause of the members' struggling moments that reads as a situation. What they
    weighed up instead ("then I thought about a shared calendar", "my accountant suggested
    paper timesheets") or heard of ("when other booksellers talked about event tools") is an
    alternative, not the moment, unless a person told nothing else."""
    found = []
    for person in members:
        units = struggle_units(timelines[person], segments, codings)
        weighed = {i for _, i in timelines[person].alternatives} | {
            i for i in units if CONSIDERED.search(segments[i].text) or
            HEARD_OF.search(segments[i].text)}
        for i in [u for u in units if u not in weighed] or units:
            text = segments[i].text
            seen: set[str] = set()
            for begin in clause_starts(text):
                clause = text[begin:]
                marked = clean(situation_phrase(clause), 4)
                wording = marked or _told_clause(clause)
                if wording:  # "I get there at twenty to five": when in the story, not what
                    wording = _without_still(TOLD_WHEN.sub("", wording))
                    if len(wording.split()) < (4 if marked else 5):
                        continue
                if wording and _SETTING.match(wording):
                    continue  # "Thursday is our surgery day": when, not what went wrong
                if wording and wording not in seen:
                    seen.add(wording)
                    found.append(Candidate(wording, i, marked is not None))
    return found


def _told_clause(text: str) -> str | None:
    """The first clause of `text` that reads as a told moment once cleaned: a clause cut to
    nothing ("once I have the orders in", ending on its particle) gives way to the next."""
    offset = 0
    while offset < len(text):
        phrase = clause_phrase(text[offset:])
        if phrase is None:
            return None
        wording = clean(phrase, 5)
        if wording:
            return wording
        offset += phrase.end
    return None


def _part_candidates(members: Sequence[str], timelines: Mapping[str, Timeline],
                     segments: Sequence[Segment], codings: Sequence[Coding], part: str
                     ) -> tuple[list[Candidate], list[int]]:
    """Candidates for the motivation or outcome, and the units that state it otherwise."""
    found: list[Candidate] = []
    said: list[int] = []
    for person in members:
        line = timelines[person]
        for i in sorted(line.phases):
            phase = line.phases[i]
            text = segments[i].text
            if "habit" in codings[i].codes and kept_up(text, phase):
                # "I still update the whiteboard every Sunday, because I like to see the whole
                # week at once": what they want from the old way they kept is its hold on
                # them, not the job they hired the new one for, nor the progress it made
                continue
            if part == "motivation":
                wanted = motivation_phrase(text)
                if wanted is not None and (_CONDITIONAL.search(text[:wanted.start]) or
                                           _quoted(text[:wanted.start])):
                    # "it feels wrong when I need to ...": a situation; "someone else could
                    # come along saying "I want to write a novel"": words put in a mouth
                    wanted = None
                if "anxiety" in codings[i].codes and _REPORTED.search(text[:wanted.start]
                                                                       if wanted else ""):
                    wanted = None  # "my fear was they think I want to control them"
                if "habit" in codings[i].codes and not _WANTED_NEW & set(codings[i].codes):
                    wanted = None  # "sometimes I still want to text him": the old way's hold
                wording = clean(wanted)
                stated = wording is not None
                if wording is None and phase in MOTIVATION_PHASES and \
                        "pull" in codings[i].codes and \
                        not {"anxiety", "habit"} & set(codings[i].codes) and \
                        not CONSIDERED.search(text) and not _QUALIFIED.search(text) and \
                        not _CONTINUES.search(text) and not names_problem(text):
                    # what the new way lets them do (not what they feared it would, nor what
                    # an option they weighed up or turned down offered: "it had an add-on,
                    # but ...", nor what goes on as before: "we still have fifteen on paper,
                    # because they can't use it", nor what they call the problem: "the problem
                    # was, every instructor had to have their own account"), or what it makes
                    # true for the people and records they answer for, or the thing they wanted
                    # ("I wanted backups that run every night"); what they do, told in the
                    # present, only while deciding (told while looking, "we go to a pub and
                    # moan about the weather" is their life, not the new way)
                    wording = clean(_not_for(outcome_phrase(text), text)) or \
                        clean(_said_in_present(result_phrase(text), text)
                              if phase == "deciding" else None) or \
                        clean(desired_state_phrase(text)) or clean(wanted_thing_phrase(text))
                fits = phase in MOTIVATION_PHASES
            else:
                wording = None
                stated = False
                fits = phase in OUTCOME_PHASES
                if _HELD_BACK & set(codings[i].codes) and not _GAINED & set(codings[i].codes):
                    continue
                if fits or _SO_THAT.search(text):
                    wording = unconceded(outcome_phrase(text), text)
                    stated = wording is not None
                if wording is None and fits:  # what they do now that they could not before
                    wording = unconceded(_not_a_cost(result_phrase(text), text), text)
                if wording is None and phase == "what_changed":
                    # what is true now for the people and records they answer for: "every
                    # weekend has had the right person" -> "be sure every weekend has ...";
                    # not what goes on as before ("the group chat's still going")
                    state = unconceded(desired_state_phrase(text), text)
                    if state and _CONTINUES.search(state):
                        state = None
                    wording = state and "be sure " + state.removeprefix("make sure ")
            if wording and not whole_verb_phrase(wording):
                wording = None
            if wording:
                found.append(Candidate(wording, i, stated))
            elif fits and codings[i].scores.get(part, 0.0) >= CONFIDENT and \
                    len(text.split()) >= 4:
                said.append(i)
    if part == "outcome":  # quoted in their words: what changed before how setting up went
        said.sort(key=lambda i: timelines[segments[i].participant].phases[i] != "what_changed")
    return found, said


#: Time spent, told in the past: "I spent over a month searching the web", "we spent three
#: evenings counting": what the old way cost, not a gain.
_SPENT = re.compile(r"spent\b[^,.;]{0,30}?\b(?:minutes?|hours?|days?|weeks?|months?|years?|"
                    r"evenings?|weekends?|nights?|mornings?|afternoons?|ages)\b", re.IGNORECASE)


def _not_a_cost(phrase: Phrase | None, text: str) -> Phrase | None:
    """A result, unless it tells time spent in the past (`_SPENT`): "I spent over a month
    searching the web for images" is the cost of the way before, whatever stage it is told in
    ("now I spend ten minutes on it", in the present, is a gain)."""
    if phrase is None or _SPENT.match(text, phrase.start) is None:
        return phrase
    return None


def _quoted(before: str) -> bool:
    """Whether a quotation opened in `before` is still open, or `before` ends on someone's
    verb of saying (`spans.quoting`): what follows is words quoted, not the speaker's own."""
    straight = before.count('"') % 2 == 1
    return straight or before.count("\u201c") > before.count("\u201d") or quoting(before)


def _told_progress(text: str) -> bool:
    """Whether an outcome says how things got better in words that stand alone ("update it
    once a quarter instead of monthly" needs what "it" was)."""
    return _PROGRESS.search(text) is not None and not _points_back(text)


def _said_of_now(candidate: Candidate, segments: Sequence[Segment]) -> bool:
    """Whether a situation was said of how things go now ("now when ...")."""
    first = lowered(candidate.text.split()[0])
    return any(lowered(m.group(1)).strip(",") == first
               for m in _NOW_WHEN.finditer(segments[candidate.unit].text))


#: A subject pronoun and the word after it, where a verb stands.
_SUBJECT_VERB = re.compile(r"\b(?:i|we|you|they|he|she|it)\s+([a-z']+)", re.IGNORECASE)
#: "didn't", "did not": the past, told with a verb whose past is its base ("I set up a trial
#: and didn't tell him").
_DID_NOT = re.compile(r"\b(?:didn't|didn’t|did not)\b", re.IGNORECASE)


def _said_in_present(phrase: Phrase | None, text: str) -> Phrase | None:
    """A result as the way things work ("you just post the shift"), not a step told while
    deciding ("I paid for the first year that evening"), which is what they did, not what
    drew them. A verb whose past is its base ("put", "set") takes the tense of the others
    told with it ("I put five learners on it ... and I thought", "I set up a trial and didn't
    tell him": the past)."""
    if phrase is None:
        return None
    verb = lowered((text[phrase.start:].split() or [""])[0])
    base = past_base(verb)
    if base == verb:
        told = (lowered(m.group(1)) for m in _SUBJECT_VERB.finditer(text))
        past = _DID_NOT.search(text) or any(past_base(w) not in (None, w) for w in told)
        return None if past else phrase
    return phrase if base is None else None

_SO_I_CAN_BEFORE = re.compile(rf"\b{_SO_I_CAN}\s+$", re.IGNORECASE)


def _not_for(phrase: Phrase | None, text: str) -> Phrase | None:
    """A phrase, unless the participant said it is what the change is for ("..., so I can
    sleep before hearings"): that is the outcome in their own framing, never the motivation."""
    if phrase is None:
        return None
    return None if _SO_I_CAN_BEFORE.search(text[max(0, phrase.start - 40):phrase.start]) \
        else phrase


def _closest(candidates: Sequence[Candidate], target: np.ndarray, vectors: np.ndarray
             ) -> list[Candidate]:
    """Candidates ordered by closeness to `target` (the story told so far), with a little
    weight for a part said with its own marker."""
    if not candidates:
        return []
    rows = vectors[[c.unit for c in candidates]]
    score = rows @ target + np.array([0.05 if c.stated else 0.0 for c in candidates])
    order = sorted(range(len(candidates)), key=lambda k: (-round(float(score[k]), 6),
                                                          candidates[k].unit))
    return [candidates[k] for k in order]


def _unit_vector(row: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(row))
    return row / norm if norm else row


def _shared_first(candidates: Sequence[Candidate], members: Sequence[str],
                  timelines: Mapping[str, Timeline], segments: Sequence[Segment],
                  codings: Sequence[Coding], vectors: np.ndarray, wording: np.ndarray,
                  struggles: StruggleWords | None) -> list[Candidate]:
    """Situation candidates, the most shared first: a candidate (its own wording's vector,
    one row of `wording` per candidate) scores the mean, over the other members, of its
    closeness to the nearest unit of their struggling moment (what the others also told),
    plus a little for units the coder read as a situation, more for a part said with its
    own "when" (the moment as the participant framed it: "when nobody's in the building" over
    "she is my surgical nurse", which is equally shared), and as much again, at most, for
    naming the words the members' struggles share and the others' do not
    (`situations.distinctive_words` over `struggles`, everyone's struggle as word counts; the
    best named of the candidates gets it all): "forty-one customers owed us three thousand four
    hundred pounds" over "we had about two thousand pounds outstanding at one point"."""
    if not candidates:
        return []
    told = {p: vectors[struggle_units(timelines[p], segments, codings)] for p in members}
    words = distinctive_words(struggles, members)
    named = [sum(words.get(w, 0.0) for w in set(_WORD.findall(c.text.lower())))
             for c in candidates]
    most = max(named)
    scored = []
    for k, candidate in enumerate(candidates):
        owner = segments[candidate.unit].participant
        others = [told[p] for p in members if p != owner and len(told[p])]
        row = wording[k]
        shared = float(np.mean([np.max(units @ row) for units in others])) if others else 0.0
        lean = codings[candidate.unit].scores.get("situation", 0.0)
        score = shared + 0.1 * lean + (0.15 if candidate.stated else 0.0) + \
            (0.15 * named[k] / most if most > 0 else 0.0)
        scored.append((-round(score, 6), candidate.unit, candidate.text, k))
    return [candidates[k] for *_, k in sorted(scored)]


def _quotes(first: int | None, others: Sequence[int], segments: Sequence[Segment]
            ) -> list[dict[str, object]]:
    """The chosen unit's quote, then one from each other person, up to the limit."""
    chosen: list[int] = [] if first is None else [first]
    people = {segments[first].participant} if first is not None else set()
    for i in others:
        if len(chosen) >= QUOTES_PER_PART:
            break
        if i not in chosen and segments[i].participant not in people:
            chosen.append(i)
            people.add(segments[i].participant)
    for i in others:  # fewer people than quotes: fill from the same people
        if len(chosen) >= QUOTES_PER_PART:
            break
        if i not in chosen:
            chosen.append(i)
    return [quote(segments[i]) for i in chosen]


def _nearest_wordings(ranked: Sequence[Candidate], chosen: Candidate, said_as: np.ndarray
                      ) -> list[int]:
    """The units of `ranked` (one wording each, embedded in `said_as`), those whose wording is
    most alike the `chosen` one first: the quotes under a part show the others who said what
    it says before those who wanted something else ("I want to make sure my staff can't sell
    a slot that's gone online" backed by a double booking, not by a group kept waiting)."""
    rows = np.asarray(said_as, dtype=np.float64)
    rows = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    at = next(k for k, c in enumerate(ranked) if c is chosen)
    alike = rows @ rows[at]
    order = sorted(range(len(ranked)), key=lambda k: (-round(float(alike[k]), 6),
                                                      ranked[k].unit))
    return [ranked[k].unit for k in order]


def _pick(candidates: Sequence[Candidate], taken: Sequence[str]) -> Candidate | None:
    for candidate in candidates:
        if all(overlap(candidate.text, other) <= REPEAT for other in taken):
            return candidate
    return None


def _obliged(candidate: Candidate, segments: Sequence[Segment]) -> bool:
    """Whether a motivation candidate is something someone had to do: in their struggling
    moment the pain of it ("I had to explain it to our managing director"), while deciding a
    hurdle on the way ("we had to sort out an allowance before I could suggest it"), not the
    job they wanted done, so any other wording reads first."""
    text = segments[candidate.unit].text
    wanted = motivation_phrase(text)
    return wanted is not None and bool(_OBLIGED.search(text[:wanted.start]))


def _phase(timelines: Mapping[str, Timeline], segments: Sequence[Segment], unit: int) -> str:
    return timelines[segments[unit].participant].phases.get(unit, "")


def _filled(part: dict[str, object], name: str) -> str:
    if part["text"]:
        return str(part["text"])
    return IN_QUOTES[name] if part["quotes"] else NOT_STATED[name]


def build_job_stories(situations: Sequence[Situation], timelines: Mapping[str, Timeline],
                      segments: Sequence[Segment], codings: Sequence[Coding],
                      vectors: np.ndarray, encode: Callable[[Sequence[str]], np.ndarray]
                      ) -> list[dict[str, object]]:
    """One story per situation, ranked by separate accounts, participants, completeness and
    concreteness.

    `encode` embeds the candidate wordings of situations (clauses, not whole units), with
    the encoder that made `vectors`.

    A situation none of whose members told a usable moment (only bare times or fragments)
    has nothing to say after "When": it makes no story.
    """
    stories: list[tuple[tuple[int, int, bool, float, str], dict[str, object]]] = []
    struggles = struggle_words({
        p: " ".join(segments[i].text for i in struggle_units(line, segments, codings))
        for p, line in timelines.items()})
    for situation in situations:
        members = situation.members
        told = _situation_candidates(members, timelines, segments, codings)
        wording = encode([c.text for c in told]) if told else vectors[:0]
        shared = _shared_first(told, members, timelines, segments, codings, vectors, wording,
                               struggles)
        # The wording comes from a moment that reads alone; every member's moment stays
        # evidence.
        moments = [c for c in shared if not _TOPIC.match(c.text)] or shared
        moments = [c for c in moments if not _VAGUE_SUBJECT.match(c.text)] or moments
        moments = [c for c in moments if not _points_back(c.text)] or moments
        moments = [c for c in moments if not _said_of_now(c, segments)] or moments
        moments = [c for c in moments if not _IDENTITY.search(c.text)] or moments
        moments = [c for c in moments if not _MODAL.match(c.text)] or moments
        moments = [c for c in moments if not _ABLE.match(c.text)] or moments
        moments = [c for c in moments if not _LIKING.match(c.text)] or moments
        if not moments:
            continue
        where = moments[0]
        parts: dict[str, dict[str, object]] = {}
        stated_by: dict[str, int] = {}
        taken = [where.text]
        # A situation is shared by people, and so are its parts: the motivation and outcome
        # are the wordings most alike what the other members said for that part (not one
        # person's particulars); between equals, the one closest to the story told so far (the
        # situation, then the situation and motivation).
        told_so_far = wording[told.index(where)].astype(np.float64)
        where = replace(where, text=in_first_person(
            _SOMEONES.sub("someone's", _THIRD_PERSON.sub("someone", where.text, count=1),
                               count=1)))
        for name in ("motivation", "outcome"):
            candidates, said = _part_candidates(members, timelines, segments, codings, name)
            ranked = _closest(candidates, _unit_vector(told_so_far), vectors)
            said_as = encode([c.text for c in ranked]) if ranked else np.zeros((0, 1))
            alike = dict(zip(map(id, ranked), alike_to_others(
                said_as, [segments[c.unit].participant for c in ranked])))
            # a part that says nothing ("see he hadn't") only when nothing else was said
            sayable = [c for c in ranked if not _says_nothing(c.text)] or ranked
            chosen = _pick(sorted(sayable, key=lambda c: (
                name == "motivation" and _obliged(c, segments),
                name == "outcome" and not _told_progress(c.text),
                name == "outcome" and _SETS_UP.match(c.text) is not None,
                name == "outcome" and _phase(timelines, segments, c.unit) != "what_changed",
                name == "outcome" and not c.stated,  # said as an outcome, not framed as one
                bool(_POINTS_AWAY.match(c.text)) or _points_back(c.text),
                -alike[id(c)])), taken)
            backing = (_nearest_wordings(ranked, chosen, said_as) if chosen is not None
                       else said)
            people = sorted({segments[i].participant for i in backing})
            stated_by[name] = len(people)
            if chosen is not None:
                taken.append(chosen.text)
                told_so_far = told_so_far + vectors[chosen.unit]
            parts[name] = {"text": chosen.text if chosen is not None else None,
                           "quotes": _quotes(chosen.unit if chosen is not None else None,
                                             backing, segments),
                           "participants": people}
        complete = all(parts[name]["text"] for name in parts)
        concreteness = round(max(timelines[p].concreteness for p in members), 3)
        n = len(members)
        apart = situation.heard_apart
        key = hashlib.sha1("\n".join(sorted(members)).encode("utf-8")).hexdigest()[:10]
        text = (f"When {where.text}, I want to {_filled(parts['motivation'], 'motivation')}, "
                f"so I can {_filled(parts['outcome'], 'outcome')}.")
        stories.append(((-apart, -n, not complete, -concreteness, key), {
            "id": f"js-{key}",
            "rank": 0,
            "text": text,
            "situation": {"text": where.text, "participants": list(members),
                          "quotes": _quotes(where.unit, [c.unit for c in shared], segments)},
            "motivation": parts["motivation"],
            "outcome": parts["outcome"],
            "participants": sorted(members),
            "participant_count": n,
            "complete": complete,
            "concreteness": concreteness,
            "cohesion": situation.cohesion,
            "confidence_reason": (
                ("their struggling moments are alike" if n > 1 else
                 "one person told this struggling moment")
                + (f"; {n} people in {apart} separate interviews" if apart < n else "")
                + f"; {stated_by['motivation']} of {n} stated a motivation "
                f"and {stated_by['outcome']} of {n} an outcome."
            ),
        }))
    stories.sort(key=lambda pair: pair[0])
    ranked = [story for _, story in stories]
    for rank, story in enumerate(ranked, start=1):
        story["rank"] = rank
    return ranked

