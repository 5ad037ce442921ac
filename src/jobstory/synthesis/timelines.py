"""A switch timeline per participant: one person's story, read answer by answer.

From that person's exchanges (each classified by `questions.classify`) and coded units:

- `struggling_moment`: the most concrete account of what was happening when the old way
  stopped being good enough (when, where, who, how much), taken from their first-thought and
  struggling-moment answers, with the next most concrete sentences of it as `evidence`;
- `alternatives`: what they considered instead - a spreadsheet, paper, a person, another
  product, doing nothing - each with its kind;
- `push`, `pull`, `anxiety`, `habit`: the sentences coded with each force;
- `decision`, `first_use`, `what_changed`: their answers to those questions; `results` are
  the what-changed sentences that give a number.

Every entry is a verbatim quote with its location; nothing is paraphrased here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from jobstory.interview.specificity import scored as assessed
from jobstory.synthesis.code import FORCES, CodeContext, Coding
from jobstory.synthesis.exchanges import Exchange
from jobstory.synthesis.alternatives import alternative_named, weighs
from jobstory.synthesis.grammar import TIME_NOUNS, lemma
from jobstory.synthesis.segment import FILLERS, is_filler, substantive
from jobstory.synthesis.sources import Segment
from jobstory.synthesis.story_forces import STRUGGLE_PHASES
from jobstory.synthesis.story_push import went_wrong
from jobstory.synthesis.themes import quote

LOOKING_PHASES = frozenset({"passive_looking", "active_looking"})
QUOTES_PER_FORCE = 4
#: Kinds named in any answer about the work ("the contractor uploads the invoice", "the
#: agency rang back"): said while looking, they are an alternative only when the speaker
#: weighed one (thought about hiring, rang, had one suggested), not when they are mentioned.
NAMED_IN_PASSING = frozenset({"a person"})

#: "I don't have the fear that...", "I wasn't worried", "we had no real concerns": a worry
#: said to be absent is no anxiety.
_NO_WORRY_WORDS = (
    r"(?:honestly,? |to be honest,? )?(?:i|we)(?:'m| am| was| were)? ?(?:don't|do not|didn't|"
    r"did not|not|wasn't|weren't|never|have no|had no|haven't|hadn't) (?:\w+ ){0,3}?"
    r"(?:fears?|afraid|worr\w*|concern\w*|nervous|anxious|hesitat\w*|doubts?|reservations?)\b")
#: A turn after a denial: "Not at first, but ...".
_TURN = re.compile(r"\b(?:but|though|although|except|apart from)\b", re.I)
_NO_WORRY = re.compile(rf"^\W*{_NO_WORRY_WORDS}", re.I)
_DENIAL = re.compile(
    rf"^\W*(?:(?:no|nope|nah|not really|not at all|nothing|none|never)\b|{_NO_WORRY_WORDS})",
    re.I)
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|half|double|twice|"
    r"quarter)\b", re.I)
_NEGATION = re.compile(r"\b(?:no|not|never|none|nothing|nobody)\b|n't\b", re.I)
_WORD = re.compile(r"[a-z]+")
_NOT_CONTENT = ENGLISH_STOP_WORDS | TIME_NOUNS


def _content_words(text: str) -> set[str]:
    """Dictionary forms of the words that say what a sentence is about ("questions",
    "worrying" -> question, worry): no function word, filler or time noun."""
    words = {lemma(w) for w in _WORD.findall(text.casefold().replace("n't", " not"))
             if w not in FILLERS}
    return {w for w in words if len(w) > 1 and w not in _NOT_CONTENT}


def says_no(answer: str, question: str | None) -> bool:
    """Whether ``answer`` only says no to ``question``, in the question's own words: "Do you
    have any questions before we begin?" - "I don't have any questions at the moment."; "Was
    anything worrying you?" - "Nothing worried me." Such an answer means "No", however a coder
    reads "don't have". Only the last question asked counts (an interviewer's turn may open
    with a long introduction); it must ask without a negation of its own ("When did you
    first think it wasn't working?" - "Until it didn't." goes on with the story), and the
    answer must name something it asked about."""
    if not _NEGATION.search(answer):  # most answers: no need to read the question
        return False
    asked = _last_question(question or "")
    if not asked or _NEGATION.search(asked):
        return False
    words = _content_words(answer)
    return bool(words) and words <= _content_words(asked)


def _last_question(turn: str) -> str:
    """The last sentence of ``turn`` that ends in "?", found from the end (linear however long
    the turn); "" when nothing is asked."""
    end = turn.rfind("?")
    if end < 0:
        return ""
    start = max(turn.rfind(mark, 0, end) for mark in ".!?") + 1
    return turn[start:end + 1]


def context_codes(segments: Sequence[Segment], codings: Sequence[Coding],
                  exchanges: Sequence[Exchange], exchange_index: Sequence[int]
                  ) -> list[Coding]:
    """Codes read with the question: a unit answering a question about a force carries that
    force (the struggle that made someone look is a push, however it is worded), unless it
    denies it ("No, not really") or the coder ruled that force out (`Coding.ruled_out`: "I
    ended up hoovering the third floor myself", asked how the rota ran, is no habit). An
    answer that opens with a denial says there was none, and what follows explains why ("No. I
    think it will be more like how I use it.") unless it turns ("...but losing five years of
    history scared me"). A worry said to be absent ("I don't have concerns") is no anxiety,
    whoever coded it, and an answer that only says no in the question's words
    (:func:`says_no`) carries no code at all. The coder's other codes stay."""
    opening: dict[int, str] = {}  # exchange -> its answer's first words that are not filler
    for seg, k in zip(segments, exchange_index):
        if k >= 0 and k not in opening and not is_filler(seg.text):
            opening[k] = seg.text
    denied = {k for k, text in opening.items() if _DENIAL.match(text)}
    out = []
    for seg, coding, k in zip(segments, codings, exchange_index):
        if k >= 0 and says_no(seg.text, exchanges[k].question):
            out.append(replace(coding, codes=()))
            continue
        if "anxiety" in coding.codes and _NO_WORRY.match(seg.text):
            coding = replace(coding, codes=tuple(c for c in coding.codes if c != "anxiety"))
        force = exchanges[k].force if k >= 0 else None
        said_none = _DENIAL.match(seg.text) or (k in denied and not _TURN.search(seg.text))
        if force in FORCES and force not in coding.codes and force not in coding.ruled_out \
                and not is_filler(seg.text) and not said_none \
                and not seg.text.rstrip().endswith("?"):
            codes = tuple(c for c in (*coding.codes, force) if c)
            order = {c: i for i, c in enumerate(coding.scores)}
            coding = replace(coding, codes=tuple(sorted(set(codes),
                                                     key=lambda c: order.get(c, 99))))
        out.append(coding)
    return out


@dataclass
class Timeline:
    """One participant's switch story: indices into the segment list, by part."""

    participant: str
    struggle: list[int] = field(default_factory=list)  # most concrete first
    concreteness: float = 0.0
    alternatives: list[tuple[str, int]] = field(default_factory=list)
    forces: dict[str, list[int]] = field(default_factory=dict)
    decision: list[int] = field(default_factory=list)
    first_use: list[int] = field(default_factory=list)
    what_changed: list[int] = field(default_factory=list)
    results: list[int] = field(default_factory=list)
    phases: dict[int, str] = field(default_factory=dict)  # segment -> its exchange's phase

    def units(self, *phases: str) -> list[int]:
        return [i for i, phase in self.phases.items() if phase in phases]


def _concreteness(text: str) -> float:
    return assessed(text).specificity


def _struggle_told_as_routine(text: str, exchange: Exchange | None) -> bool:
    """Whether a unit answering how things ran before tells the struggle instead
    (:func:`jobstory.synthesis.story_push.went_wrong`): "That week we sent twenty-three boxes to
    people on holiday" is the moment it broke, told before it was asked for."""
    return exchange is not None and went_wrong(
        text, CodeContext(question_text=exchange.question, phase=exchange.phase,
                          force=exchange.force))


def build_timelines(segments: Sequence[Segment], codings: Sequence[Coding],
                    exchanges: Sequence[Exchange], exchange_index: Sequence[int]
                    ) -> dict[str, Timeline]:
    """Every participant's timeline, by participant id."""
    timelines: dict[str, Timeline] = {}
    by_person: dict[str, list[int]] = defaultdict(list)
    for index, seg in enumerate(segments):
        by_person[seg.participant].append(index)
    for person in sorted(by_person):
        line = Timeline(participant=person)
        units = by_person[person]
        for i in units:
            k = exchange_index[i]
            line.phases[i] = exchanges[k].phase if k >= 0 else ""
        told = [i for i in units if substantive(segments[i].text) and (
            line.phases[i] in STRUGGLE_PHASES or _struggle_told_as_routine(
                segments[i].text, exchanges[exchange_index[i]] if exchange_index[i] >= 0
                else None))]
        scored = sorted(((_concreteness(segments[i].text), i) for i in told),
                        key=lambda item: (-item[0], item[1]))
        line.struggle = [i for _, i in scored]
        line.concreteness = round(scored[0][0], 3) if scored else 0.0
        for i in units:
            if not substantive(segments[i].text):
                continue
            phase = line.phases[i]
            if phase in LOOKING_PHASES or phase == "deciding" or phase in STRUGGLE_PHASES:
                named = alternative_named(segments[i].text)
                kind = named[0] if named else None
                if kind and (phase in LOOKING_PHASES or kind == "doing nothing") and \
                        (kind not in NAMED_IN_PASSING or weighs(segments[i].text, kind)):
                    line.alternatives.append((kind, i))
            k = exchange_index[i]
            force = exchanges[k].force if k >= 0 else None
            if phase == "deciding" and force == "pull":
                line.decision.append(i)
            elif phase == "first_use":
                line.first_use.append(i)
            elif phase == "what_changed":
                line.what_changed.append(i)
                if _NUMBER.search(segments[i].text):
                    line.results.append(i)
        for force in FORCES:
            coded = [i for i in units if force in codings[i].codes
                     and substantive(segments[i].text)]
            coded.sort(key=lambda i: (-codings[i].scores.get(force, 0.0), i))
            line.forces[force] = coded
        timelines[person] = line
    return timelines


def timeline_record(line: Timeline, segments: Sequence[Segment]) -> dict[str, Any]:
    """The JSON form: every entry a verbatim quote with its location."""
    def quotes(indices: Sequence[int], limit: int = QUOTES_PER_FORCE) -> list[dict[str, Any]]:
        return [quote(segments[i]) for i in sorted(indices[:limit],
                                                    key=lambda i: (segments[i].source_id,
                                                                   segments[i].start))]
    struggle = line.struggle
    return {
        "participant": line.participant,
        "struggling_moment": ({**quote(segments[struggle[0]]), "concreteness": line.concreteness,
                               "evidence": quotes(struggle[1:], 3)} if struggle else None),
        "alternatives": [{"kind": kind, **quote(segments[i])} for kind, i in line.alternatives],
        **{force: quotes(line.forces.get(force, [])) for force in FORCES},
        "decision": quotes(line.decision, 3),
        "first_use": quotes(line.first_use, 3),
        "what_changed": quotes(line.what_changed, 4),
        "results": quotes(line.results, 4),
    }
