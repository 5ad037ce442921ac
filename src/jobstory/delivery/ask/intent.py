"""What a plain-English question asks for: a kind of answer, a topic, and perhaps a person, a
part of the switch story or a participant field to compare by.

Patterns of English questions, not of any study: "who ...", "how many ...", "most common
...", "show quotes about ...", "what did NAME say about ...", "do X customers ... than Y?".
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from jobstory.delivery.ask.text import QUESTION_WORDS, content_stems, tokens

Kind = Literal["common", "count", "who", "compare", "quotes", "participant"]

#: Words a researcher uses for each part of a switch story, and the coder's codes and the
#: timeline parts that hold it. The jobs-to-be-done vocabulary, not any study's words.
FAMILIES: dict[str, tuple[tuple[str, ...], frozenset[str], frozenset[str]]] = {
    "situation": (("trigger", "triggers", "triggered", "situation", "situations",
                   "struggling moment", "struggling moments", "struggle", "struggles",
                   "what happened", "started looking", "made them switch", "made them look"),
                  frozenset({"situation"}), frozenset({"struggling_moment"})),
    "anxiety": (("anxiety", "anxieties", "anxious", "worry", "worries", "worried",
                 "worrying", "concern", "concerns", "concerned", "fear", "fears", "feared",
                 "afraid", "scared", "nervous", "hesitation", "hesitations", "hesitant",
                 "almost stopped", "held them back", "holding them back"),
                frozenset({"anxiety"}), frozenset({"anxiety"})),
    "pull": (("pull", "pulls", "attracted", "attraction", "appeal", "appealed", "drew them",
              "what they liked", "wanted from"), frozenset({"pull"}), frozenset({"pull"})),
    "push": (("push", "pushes", "frustration", "frustrations", "frustrated", "pain",
              "pains", "pain point", "pain points", "problem", "problems", "annoyance"),
             frozenset({"push"}), frozenset({"push"})),
    "habit": (("habit", "habits", "old way", "still do", "kept doing"),
              frozenset({"habit"}), frozenset({"habit"})),
    "alternatives": (("alternative", "alternatives", "tried", "considered", "options",
                      "competitors", "instead"), frozenset(), frozenset({"alternatives"})),
    "outcome": (("outcome", "outcomes", "result", "results", "benefit", "benefits",
                 "what changed", "difference it made"),
                frozenset({"outcome"}), frozenset({"what_changed", "results"})),
}

#: Phrases that place a question in the switch story's timeline instead of naming a topic
#: ("who used a spreadsheet *before switching*?", "what *made people finally switch*?"): each
#: stage, how an answer names it, and the timeline parts of analysis.json it reads (its
#: answers quote the first part first). General English about changing how one works, not
#: any study's words.
_WHO_THEY = r"(?:people|participants|customers|users|them|they|someone|anyone|you|we)"
_CHANGE = r"(?:switch|chang|mov|leav)(?:e|es|ed|ing)?\w*"
STAGES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "before": ("before switching",
               rf"before (?:{_WHO_THEY} )?{_CHANGE}(?: over| across)?|before (?:the|this) "
               r"(?:switch|change|move)|previously|in the past|used to|back then|before",
               ("alternatives", "habit")),
    "switch": ("what made them switch",
               rf"what (?:finally |really |actually )?(?:made|pushed|drove|got|caused|led|"
               rf"prompted|convinced) (?:{_WHO_THEY} )?(?:to )?(?:finally |actually |really )?"
               rf"(?:{_CHANGE}|decide\w*|look\w*)|why (?:did |do |does )?(?:{_WHO_THEY} )?"
               rf"(?:finally |actually )?{_CHANGE}|(?:decided|decide|decision) to {_CHANGE}|"
               rf"(?:reasons?|triggers?) (?:to|for) {_CHANGE}|finally {_CHANGE}",
               ("struggling_moment", "decision", "push")),
    "found": ("how they found it",
              r"(?:first )?(?:heard|learned|learnt|found out|came across|discovered) (?:about|of)",
              ("pull", "alternatives", "decision")),
    "first_use": ("first use",
                  r"(?:first|started|began|start) (?:using|used|use|weeks?|days?|months?)|"
                  r"set(?:ting)? (?:it |things )?up|getting started|onboarding",
                  ("first_use",)),
    "after": ("after switching",
              rf"(?:after|since) (?:{_WHO_THEY} )?{_CHANGE}(?: over)?|after (?:the|this) "
              r"(?:switch|change|move)|now that",
              ("what_changed", "results")),
}
#: What people switched to, as a question refers to it ("the new tool"): framing, not topic.
_NEW_THING = re.compile(r"\b(?:the |a |their |this )?new (?:tool|app|software|system|product|"
                        r"platform|service|solution|program)s?\b", re.I)
_LEAD_PREPOSITIONS = re.compile(r"^(?:(?:from|by|through|via|with|of)\s+)+", re.I)

_COMMON = re.compile(r"\b(most (?:common|frequent|often|mentioned|cited)|commonest|top|main|"
                     r"biggest|typical|usual|most people|most participants)\b", re.I)
_COUNT = re.compile(r"^\s*how many\b", re.I)
_WHO = re.compile(r"^\s*(?:who|whose|which (?:participants?|people|persons?|customers?|users?|"
                    r"interviewees?|respondents?|ones?))\b", re.I)
_QUOTES = re.compile(r"\b(?:quotes?|quotations?|examples?|evidence|excerpts?|what (?:did|do|"
                     r"does) (?:people|participants|they|customers|users) (?:say|said|tell))\b",
                     re.I)
_COMPARE = re.compile(r"\b(?:compare[ds]?|comparison|versus|vs\.?|differ(?:ent|ence|ences|"
                      r"ently)?|between)\b", re.I)
_ABOUT = re.compile(r"\b(?:about|regarding|concerning|on the topic of|on)\b\s+(.*)$", re.I)
_SCAFFOLD = re.compile(
    r"^\s*(?:how many(?: of (?:them|the participants|the people))?|who|whose|which "
    r"(?:participants?|people|persons?|customers?|users?|interviewees?|respondents?|ones?)|"
    r"(?:can you |please )?(?:show|give|find|list|get)(?: me)?(?: (?:some|all|the|a few))?"
    r"(?: (?:quotes?|quotations?|examples?|evidence|excerpts?))?|what did|what do|what does)"
    r"\b\s*", re.I)
_LEAD_VERBS = re.compile(
    r"^(?:(?:people|participants|customers|users|interviewees|respondents|of them|they)\s+)?"
    r"(?:(?:ever|also|actually)\s+)?(?:mentioned|mention|mentions|talked about|talk about|"
    r"talks about|spoke about|brought up|bring up|said something about|said|say|says|"
    r"referred to|raised|discussed|named|complained about|were|was|are|is|did|do|does|had|"
    r"have)?\b\s*", re.I)
_TRAIL = re.compile(r"[\s?.!]+$")
_DETERMINERS = re.compile(r"^(?:(?:a|an|the|their|his|her|its|my|our|your|some|any)\s+)+",
                          re.I)


@dataclass(frozen=True)
class Intent:
    """A parsed question. `topic` is the words to look for (may be empty: the family alone);
    `family` a part of the switch story (its codes and timeline parts); `stage` a moment of
    the timeline the question frames itself by (see STAGES); `participant` someone named; `field`/`groups` a
    comparison's participant field and its values."""

    kind: Kind
    topic: str = ""
    family: str | None = None
    participant: str | None = None
    field: str | None = None
    groups: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    stage: str | None = None

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "topic": self.topic, "family": self.family,
                "stage": self.stage, "participant": self.participant, "field": self.field,
                "groups": list(self.groups)}


def _family(text: str) -> tuple[str | None, str]:
    """The switch-story part `text` names (if any), and `text` without that word."""
    lowered = text.casefold()
    best: tuple[int, str, str] | None = None
    for family, (words, _, _) in FAMILIES.items():
        for word in words:
            for match in re.finditer(rf"\b{re.escape(word)}\b", lowered):
                if best is None or len(word) > len(best[2]):
                    best = (match.start(), family, word)
    if best is None:
        return None, text
    start, family, word = best
    rest = text[:start] + text[start + len(word):]
    return family, re.sub(r"\s+", " ", rest).strip()


def _stage(text: str) -> tuple[str | None, str]:
    """The timeline stage `text` frames itself by (its longest phrase wins), and `text`
    without any stage phrase or mention of "the new tool"."""
    best: tuple[int, str] | None = None
    for stage, (_, pattern, _) in STAGES.items():
        for match in re.finditer(rf"\b(?:{pattern})\b", text, re.I):
            if best is None or len(match.group(0)) > best[0]:
                best = (len(match.group(0)), stage)
    if best is None:
        return None, text
    rest = text
    for _, pattern, _ in sorted(STAGES.values(), key=lambda s: -len(s[1])):
        rest = re.sub(rf"\b(?:{pattern})\b", " ", rest, flags=re.I)
    rest = _NEW_THING.sub(" ", rest)
    return best[1], re.sub(r"\s+", " ", rest).strip()


def _content_topic(text: str) -> str:
    """`text` as a topic, or "" when no content word is left once the question's framing is
    gone ("what did people use" names no topic)."""
    topic = _DETERMINERS.sub("", _LEAD_PREPOSITIONS.sub("", _clean_topic(text)))
    return topic if content_stems(topic, QUESTION_WORDS) else ""


def _clean_topic(text: str) -> str:
    text = _TRAIL.sub("", text.strip())
    text = _SCAFFOLD.sub("", text)
    text = _LEAD_VERBS.sub("", text)
    about = _ABOUT.search(text)
    if about and about.group(1).strip():
        text = about.group(1)
    text = _DETERMINERS.sub("", text.strip())
    text = re.sub(r"\b(?:about|regarding|on|of|with|for|to|by|in)\s*$", "", text.strip(), flags=re.I)
    return re.sub(r"\s+", " ", _TRAIL.sub("", text)).strip(" ,;:-")


def find_participant(question: str, aliases: Mapping[str, str]) -> str | None:
    """The participant a question names, longest name first (so "Dana Whitfield" beats
    "Dana"). A one-word name counts only capitalised ("Ingrid", not "ingrid"), unless it is
    a whole id ("s07", "03-freelance-illustrator")."""
    words = [w.strip(".,;:!?\"'()[]\u201c\u201d\u2019") for w in question.split()]
    words = [w.removesuffix("'s").removesuffix("\u2019s") for w in words if w]
    for size in range(min(4, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start:start + size])
            found = aliases.get(phrase.casefold())
            if found is None:
                continue
            whole_id = phrase.casefold() == found.casefold()
            if size > 1 or whole_id or phrase[:1].isupper():
                return found
    return None


def _field_groups(question: str, fields: Mapping[str, Mapping[str, str]]
                  ) -> tuple[str | None, tuple[str, ...]]:
    """A participant field whose values the question names (two or more), or whose name
    follows "by"/"across"/"per" (then all its values)."""
    values: dict[str, set[str]] = {}
    for attributes in fields.values():
        for name, value in attributes.items():
            values.setdefault(name, set()).add(value)
    words = " ".join(tokens(question))
    named: list[tuple[str, tuple[str, ...]]] = []
    for name, options in sorted(values.items()):
        found = tuple(sorted(v for v in options
                             if re.search(rf"\b{re.escape(' '.join(tokens(v)))}\b", words)))
        if len(found) >= 2:
            named.append((name, found))
        elif re.search(rf"\b(?:by|across|per|between) {re.escape(' '.join(tokens(name)))}\b",
                       words):
            named.append((name, tuple(sorted(options))))
    if not named:
        return None, ()
    return max(named, key=lambda item: len(item[1]))


def parse(question: str, *, aliases: Mapping[str, str] = {},
          fields: Mapping[str, Mapping[str, str]] = {},
          participants: Sequence[str] = ()) -> Intent:
    """The intent of `question` (already bounded in length by the caller)."""
    text = re.sub(r"\s+", " ", question).strip()
    field_name, groups = _field_groups(text, fields)
    if field_name and (groups and (_COMPARE.search(text) or len(groups) >= 2)):
        family, rest = _family(text)
        topic = rest
        for value in groups:
            topic = re.sub(rf"\b{re.escape(value)}\b", " ", topic, flags=re.I)
        return Intent("compare", _clean_topic(re.sub(
            r"\b(?:do|does|customers?|users?|people|participants?|than|from|and|or|"
            r"compared?|with|to|the|things?|same|differ(?:ent|ence|ences|ently)?|"
            rf"(?:by|across|per|between) {re.escape(field_name)})\b", " ", topic, flags=re.I)),
            family, field=field_name, groups=groups)
    family, rest = _family(text)
    stage, rest = _stage(rest)
    if _COUNT.search(text):
        return Intent("count", _content_topic(rest), family, stage=stage)
    if _WHO.search(text):
        return Intent("who", _content_topic(rest), family, stage=stage)
    person = find_participant(text, aliases)
    if person:
        rest_without = re.sub(r"\b" + r"\b|\b".join(re.escape(w) for w in person.split())
                              + r"\b", " ", rest, flags=re.I)
        topic = _content_topic(re.sub(r"\b(?:say|said|tell|told|think|thought|feel|felt|"
                                      r"mention|mentioned|talk|talked)\b", " ", rest_without,
                                      flags=re.I))
        return Intent("participant", topic, family, participant=person, stage=stage)
    if _COMMON.search(text) and family:
        return Intent("common", "", family)
    if _COMPARE.search(text) and fields:
        return Intent("compare", _content_topic(rest), family, stage=stage,
                      notes=("name two values of a participant field to compare",))
    return Intent("quotes", _content_topic(re.sub(_QUOTES, " ", rest)), family, stage=stage)
