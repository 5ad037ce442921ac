"""What people considered instead: the kinds of alternative a sentence names, whether its
speaker weighed one up, and the alternatives section of the report.

Sentences are read with the kinds in `ALTERNATIVE_KINDS` (another product, a spreadsheet,
paper, a person, doing nothing, ...), from these sources:

- the switch timelines' own alternatives (what people said in their looking and deciding
  answers);
- any other sentence of theirs that says they weighed something up ("I looked at ...",
  "I considered ...", "my accountant suggested ...", "I thought about going back to ..."),
  wherever in the interview it was said: people name alternatives while telling the
  struggle as often as when asked about looking;
- any sentence where they turned to one themselves ("I rang the agency", "we paid a
  bookkeeper", "I made a rule") or had one put to them ("my husband says, why don't you pay a
  locum?"): a person or a service is weighed by ringing or hiring it more than by "looking at"
  it.

They are counted by distinct participants per kind, with the words people used to name them
(the phrase that made the kind, e.g. "Google Sheet", "clipboard", "do nothing") and one quote
per person. Counts are computed; nothing is paraphrased.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from jobstory.synthesis.questions import NAME
from jobstory.synthesis.segment import MIN_WORDS, substantive

#: Kinds of alternative people weigh up, by the words that name them (any product or trade).
ALTERNATIVE_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("doing nothing", re.compile(
        r"\b(?:do(?:ing)? nothing|leav(?:e|ing) it( as it was)?|carr(?:y|ying) on( as)?|"
        r"put up with it|stick(?:ing)? with (?:it|what)|just live with)\b", re.I)),
    ("spreadsheet", re.compile(r"\b(?:spreadsheets?|excel|google sheets?|sheets)\b", re.I)),
    ("paper", re.compile(
        r"\b(?:paper|notebook|whiteboard|diary|binder|clipboard|by hand|printout|pen)\b", re.I)),
    ("a person", re.compile(
        r"\b(?:hire|hiring|an? (?:assistant|bookkeeper|accountant|consultant|agency|"
        r"freelancer|temp|admin)|(?:my|our) (?:accountant|bookkeeper|assistant|deputy)|"
        r"(?:the|an?) agency|agencies|temps|locums?|contractors?|freelancers|outsourc\w+)\b",
        re.I)),
    ("messages or a group chat", re.compile(
        r"\b(?:whats\s?app|group chats?|(?:a|the) chat group|slack|messenger|texting|"
        r"text messages|group texts?)\b", re.I)),
    ("a workaround of their own", re.compile(
        r"\b(?:do(?:ing)? (?:it|that|this|them|the \w+|(?:every|each|all) (?:\w+ ){0,2}?\w+) "
        r"(?:myself|ourselves)|"
        r"(?:a|one|another) (?:new |simple |strict )?rule|be(?:ing)? more careful|"
        r"(?:my|our) own (?:system|workaround|process))\b", re.I)),
    ("another product", re.compile(
        r"\b(?:app|apps|tool|software|system|platform|service|subscription|add-on|"
        r"(?:tried|trialled|looked at|demo(?:ed)? of) (?P<name>[A-Z]\w+(?: [A-Z]\w+)*))\b")),
)


#: How someone heard of the new way ("a friend in a WhatsApp group told me about it") names
#: the channel, not an alternative they weighed.
_HEARD = re.compile(r"\b(?:heard (?:about|of)|told (?:me|us) (?:about|that|she|he|they)|"
                    r"found out about|"
                    r"recommended|put (?:me|us) on to|pointed (?:me|us) to)\b", re.IGNORECASE)


#: Words just before a name that rule it out: "without copying a number by hand", "instead
#: of a spreadsheet", "not an app".
_RULED_OUT_BEFORE = re.compile(
    r"\b(?:(?:without|instead of|rather than|no more)\s+(?:\w+\s+){0,5}|"
    r"(?:not|never|no)\s+(?:\w+\s+){0,2})$", re.I)
#: ... and just after it: "doing nothing was not possible", "a temp wasn't an option".
_RULED_OUT_AFTER = re.compile(
    r"^\W{0,2}\s*(?:was|is|were|would have been|would be)\s*(?:not|n't|never|no)\b|"
    r"^\W{0,2}\s*(?:wasn't|isn't|weren't|wouldn't)\b", re.I)
#: Searching for the new way itself ("I started looking for a tool the next day") is not
#: weighing another one.
_SEARCHING = re.compile(r"\b(?:look(?:ing|ed)?|search(?:ing|ed)?|shop(?:ping|ped)?)\s+"
                        r"(?:\w+\s+){0,3}for\s+(?:\w+\s+){0,2}$", re.I)
#: A person who suggests or tells is where an idea came from, not the idea.
_SOURCE_AFTER = re.compile(r"^\s*(?:suggested|recommended|said|says|told|mentioned|"
                           r"pointed)\b", re.I)


def alternative_named(text: str) -> tuple[str, re.Match[str]] | None:
    """The first alternative `text` names (its kind, in `ALTERNATIVE_KINDS` order, and where),
    leaving out names it rules out ("doing nothing was not possible", "without copying by
    hand"), a search for the new way ("looking for a tool"), the person an idea came from
    ("our bookkeeper suggested ..."), and where someone heard of the new way."""
    if _HEARD.search(text):
        return None
    for kind, pattern in ALTERNATIVE_KINDS:
        for match in pattern.finditer(text):
            before, after = text[:match.start()], text[match.end():]
            if _RULED_OUT_BEFORE.search(before) or _RULED_OUT_AFTER.match(after):
                continue
            if kind == "another product" and _SEARCHING.search(before):
                continue
            if kind == "a person" and _SOURCE_AFTER.match(after):
                continue
            return kind, match
    return None


QUOTES_PER_KIND = 4
_PATTERNS = dict(ALTERNATIVE_KINDS)
#: Kinds whose pattern matches a generic head noun ("system", "app"): their name is read with
#: the words that qualify it.
QUALIFIED_KINDS = frozenset({"another product"})
NAME_WORDS = 3
#: English function words: reading a name leftwards stops at one. Closed-class words of the
#: language, not any trade's vocabulary.
FUNCTION_WORDS = frozenset(
    "a an the this that these those my our your their his her its some any no every each "
    "another of in on at for to from with by about into onto and or but nor is was are were "
    "be been being am had has have do does did it i we you they he she me us them just also "
    "only really very which what who whom whose like plus than then so not as if when while "
    "there here i'm i've i'd i'll we're we've we'd we'll you're you've they're they've "
    "it's that's there's".split())
_WORD = re.compile(r"[\w'’-]+")
#: Saying one weighed something up: general verbs of considering, in any trade, and asking
#: what it would cost ("so I got a quote for that"); not an attempt ("I tried to fix it
#: myself"), a look at someone ("she just looked at me") or a guess ("I think about ninety
#: pounds each").
CONSIDERED = re.compile(
    r"\b(?:consider(?:ed|ing)?|thought about|(?<!\bi )think about|"
    r"thinking about|looked at(?!\s+(?:me|him|her|us|them|each other)\b)|"
    r"look(?:ed|ing)? into|tried(?!\s+to\b)|trialled|trialed|an option|the option|alternatives?|"
    r"went back to|going back to|suggested|recommended|"
    r"(?:got|get|getting|asked for|requested) (?:a )?quotes?)\b", re.I)
#: Hearing of new ways: "when other booksellers talked about event tools", "someone mentioned
#: an app", "I'd read about booking software": what someone heard of, not what went wrong.
HEARD_OF = re.compile(
    r"\b(?:talk(?:ed|ing)? about|mention(?:ed|ing)?|heard (?:of|about)|read about|"
    r"came across|come across|recommend(?:ed|ing)?)\b[^.;]*?\b(?:tools?|apps?|software|"
    r"systems?|platforms?|products?)\b", re.I)
#: Turning to someone oneself: a person or a service is weighed by ringing, asking, hiring or
#: paying them ("I rang the agency", "pay a temp"); the speaker is the subject, so what others
#: did is not it. Only for the kinds one can ring or hire (`CONTACTED_KINDS`): "I asked the AI
#: for a diary entry" weighs no paper.
CONTACTED = re.compile(
    r"\b(?:I|we)\s+(?:\w+\s+)?(?:rang|rung|called|phoned|contacted|emailed|e-mailed|"
    r"asked|hired|booked|paid|got in|brought in)\b"
    r"|\b(?:pay|paying|hire|hiring) (?:an?|some|another)\b", re.I)
CONTACTED_KINDS = frozenset({"a person", "another product"})
#: Making a workaround oneself ("I just made a rule", "I made a pinned message in the chat").
MADE = re.compile(r"\b(?:I|we)\s+(?:\w+\s+)?made\b", re.I)
#: Someone else putting an alternative to them, often as a question ("my husband says, why
#: don't you pay a locum?", "my daughter said do a WhatsApp").
SUGGESTED = re.compile(
    r"\bwhy (?:don't|do not|you don't|wouldn't) (?:you|we)?\b|\bwhy not\b|"
    r"\b(?:said|says|told me|tells me)\s*,?\s*(?:to |do |try |get |use |just )", re.I)


def weighs(text: str, kind: str | None = None) -> bool:
    """Whether `text`, naming an alternative of `kind`, says its speaker weighed it up:
    considered it, made one, turned to it (a person or a product) or had it put to them. A
    suggestion counts even as a question; anything else must say something on its own (see
    `segment.substantive`)."""
    if SUGGESTED.search(text) and len(text.split()) >= MIN_WORDS:
        return True
    return substantive(text) and bool(
        CONSIDERED.search(text) or MADE.search(text)
        or (kind in CONTACTED_KINDS and CONTACTED.search(text)))


def kind_of(text: str) -> str | None:
    """The first kind of alternative `text` names (`alternative_named`)."""
    named = alternative_named(text)
    return named[0] if named else None


def _with_modifiers(text: str, start: int, head: str) -> str:
    """`head` with the words right before it that qualify it, reading leftwards up to
    `NAME_WORDS` and stopping at a function word, a past form or punctuation: "system" in
    "the property management system" is "property management system"."""
    kept: list[str] = []
    for word in reversed(text[:start].split()):
        low = word.lower().replace("’", "'")
        if len(kept) == NAME_WORDS or not _WORD.fullmatch(word) or low in FUNCTION_WORDS \
                or low.endswith("ed"):
            break
        kept.insert(0, word)
    return " ".join([*kept, head])


def named_as(kind: str, text: str) -> str | None:
    """The words in `text` that name an alternative of `kind` ("Google Sheet", "paper"), as
    said; for another product, its head noun with what qualifies it ("till system", not
    "system")."""
    named = alternative_named(text)
    if named is None or named[0] != kind:
        pattern = _PATTERNS.get(kind)  # a kind the timeline gave: its first mention
        match = pattern.search(text) if pattern else None
    else:
        match = named[1]
    if not match:
        return None
    # "looked at Google Calendar": the product's name, not the looking
    words = " ".join((match.groupdict().get("name") or match.group(0)).split())
    if kind in QUALIFIED_KINDS and " " not in words and not match.groupdict().get("name"):
        words = _with_modifiers(text, match.start(), words)
    return words


def chosen_names(segments: Sequence[dict[str, Any]]) -> frozenset[str]:
    """Names the interviewer's questions use in at least half of the interviews (two or more):
    the product the study is about ("What made Ledgerly stand out?"), which people chose. "We
    looked at Ledgerly" tells how they came to it, not an alternative to it."""
    by_source: dict[str, set[str]] = defaultdict(set)
    for seg in segments:
        for match in NAME.finditer(seg.get("question_text") or ""):
            by_source[seg["source"]].update(match.group(0).lower().split())
    sources = len({seg["source"] for seg in segments})
    counts: dict[str, int] = defaultdict(int)
    for names in by_source.values():
        for name in names:
            counts[name] += 1
    return frozenset(n for n, c in counts.items() if c >= 2 and 2 * c >= sources)


def _names_chosen(kind: str, text: str, chosen: frozenset[str]) -> bool:
    named = named_as(kind, text) if kind == "another product" else None
    return bool(named and chosen & set(named.lower().split()))


def considered(timelines: Sequence[dict[str, Any]], segments: Sequence[dict[str, Any]]
               ) -> list[tuple[str, dict[str, Any]]]:
    """(kind, quote) for every alternative: the timelines' own, then each other sentence
    that says its speaker weighed something up and names a kind; in source order. A product
    named as the one the study is about (`chosen_names`) is no alternative."""
    chosen = chosen_names(segments)
    found: dict[tuple[str, int], tuple[str, dict[str, Any]]] = {}
    for line in timelines:
        for item in line.get("alternatives") or []:
            if _names_chosen(item["kind"], item["text"], chosen):
                continue
            quote = {k: item[k] for k in ("text", "source", "start", "end", "participant")}
            found[(item["source"], item["start"])] = (item["kind"], quote)
    for seg in segments:
        key = (seg["source"], seg["start"])
        kind = kind_of(seg["text"])
        if kind and key not in found and weighs(seg["text"], kind) and \
                not _names_chosen(kind, seg["text"], chosen):
            found[key] = (kind, {k: seg[k] for k in ("text", "source", "start", "end",
                                                     "participant")})
    return [found[key] for key in sorted(found)]


def alternatives_considered(timelines: Sequence[dict[str, Any]],
                            segments: Sequence[dict[str, Any]] = ()) -> list[dict[str, Any]]:
    """One record per kind of alternative: `kind`, `participant_count`, `participants`,
    `named` (the words used, with how many people used them) and `quotes` (one per person,
    at most `QUOTES_PER_KIND`). Most people first, then kind."""
    people: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)  # kind -> person -> quote
    # kind -> the name folded -> who used it, and how it was spelled ("BoxBasic", "boxbasic")
    words: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    spelled: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for kind, quote in considered(timelines, segments):
        person = quote["participant"]
        people[kind].setdefault(person, quote)
        name = named_as(kind, quote["text"])
        if name:
            words[kind][name.casefold()].add(person)
            spelled[kind][name.casefold()][name] += 1
    records = []
    for kind, quotes in people.items():
        named = sorted(words[kind].items(),  # most people, then the most specific name
                       key=lambda kv: (-len(kv[1]), -len(kv[0].split()), kv[0]))
        records.append({
            "kind": kind,
            "participant_count": len(quotes),
            "participants": sorted(quotes),
            # each name as most people spelled it (capitals first between equals)
            "named": [{"words": min(spelled[kind][w].items(), key=lambda sc: (-sc[1], sc[0]))[0],
                       "participant_count": len(who)} for w, who in named],
            "quotes": [quotes[p] for p in sorted(quotes)][:QUOTES_PER_KIND],
        })
    records.sort(key=lambda r: (-r["participant_count"], r["kind"]))
    return records
