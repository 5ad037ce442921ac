"""Cutting a participant's verbatim span down to a clause the story template can hold: where a
clause ends (`clause_end_at`), and what `finish` trims from its ends (fillers, punctuation,
times said first or last) before the grammar makes its verbs present. The offsets returned
are the trimmed span's, so the quote stays the participant's own words."""

from __future__ import annotations

import re

from jobstory.synthesis.grammar import MONTHS, presentify, word_spans

_FILLER_LEAD = re.compile(
    r"^(?:\s|[,.]|\b(?:so|um+|uh+|er+|erm|well|yeah|yes|ok|okay|and|but|like|honestly|"
    r"basically|literally|i mean|i guess|i think|i'd say|let'?s say|oh|right|mm+|hmm+|it was|"
    r"that was|"
    r"it (?:all )?(?:started|began|kicked off)|this was|really|just|only|"
    r"[a-z]{3,}ly(?=,?\s+(?:i|we)\b))\b)+",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")
_TRAILING_PUNCT = " \t\r\n\f\v,;:.!?-\u2013\u2014"
_TRAILING_FILLER = re.compile(  # one trailing filler; finish loops (no nested quantifiers)
    r"\s(?:and stuff|or whatever|or something|you know|basically|honestly|really|lol|"
    r"haha|and all that|and that|and everything|though|i guess|i think|anyway|etc)$|"
    # "like" after a verb of seeming is its preposition: "what Friday looks like"; after its
    # subject, the verb: "the things I like", "whatever they'd like"
    r"(?<!\blook)(?<!\blooks)(?<!\blooked)(?<!\bfeel)(?<!\bfeels)(?<!\bfelt)(?<!\bsound)"
    r"(?<!\bsounds)(?<!\bseem)(?<!\bseems)(?<!\bwas)(?<!\bis)(?<!\bi)(?<!\bwe)(?<!\byou)"
    r"(?<!\bthey)(?<!'d)(?<!\bwould)(?<!n't)\slike$",
    re.IGNORECASE,
)
_TRAILING_TIME = re.compile(
    rf",?\s+(?:(?:back )?in (?:{MONTHS}|(?:19|20)\d\d)(?: (?:19|20)\d\d)?|last (?:year|month|"
    r"week|spring|summer|autumn|fall|winter|quarter)|(?:about |around )?(?:\d+|a|one|two|three|"
    r"four|five|six|a few|a couple of) (?:years?|months?|weeks?|days?) ago|back then|"
    r"at the time|recently|that (?:year|month|week|day)|this (?:year|month))$",
    re.IGNORECASE,
)
_CLOCK = (r"(?:(?:half|quarter|ten|five|twenty|twenty-five)\s+(?:past\s+|to\s+)?)?(?:one|two|"
          r"three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}(?:[:.]\d\d)?)"
          r"(?:\s?(?:am|pm|a\.m\.|p\.m\.|o'clock))?")
#: When in a story something happened, said last: a clock time ("I get there at twenty to
#: five"), "once", "a couple of years back". A situation does not need it; an outcome may
#: ("home by six", "enter it once"), so only situations lose it.
TOLD_WHEN = re.compile(rf",?\s+(?:(?:at|by|around|about)\s+{_CLOCK}|once|(?:about |around )?"
                       r"(?:\d+|a|one|two|three|four|five|six|a few|a couple of)\s+"
                       r"(?:years?|months?|weeks?|days?)\s+back)$", re.IGNORECASE)
#: A time said first, before the clause's subject ("three weeks later we get the bill", "by
#: half nine I give up"): when in the story it happened, which the situation does not need.
#: "once" between a subject and its past verb: the one time it happened.
_ONCE = re.compile(r"\b((?:i|we|you|he|she|they|it)\s+)once\s+"
                   r"(?!(?:a|an|every|or|more|again|in|a\s+while)\b)(?=[a-z])", re.IGNORECASE)
_LEADING_TIME = re.compile(
    rf"^(?:(?:about\s+|around\s+|only\s+)?(?:\d+|a|an|one|two|three|four|five|six|a few|"
    r"a couple of)\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+later|"
    rf"(?:by|at|around|about)\s+{_CLOCK}|the next (?:day|morning|week)|by the time|"
    r"that (?:morning|afternoon|evening|night))\s*,?\s+(?=(?:i|we|you|he|she|they|it|"
    r"someone|somebody|nobody|everyone|the|my|our|his|her|their|one|some|a|an|this|that)\b)",
    re.IGNORECASE,
)
# Where a clause ends: punctuation, dashes, or a conjunction that opens a new clause (typed
# without its apostrophe too: "so thats nearly £500 gone").
_CLAUSE_STOP = re.compile(
    r"(?<!\d)[.;!?](?!\d)|\s[-\u2013\u2014]+\s|\u2014|,|\s\(|"
    r"\s(?:but|because|cause|cos|so thats?|so i|so we|whereas|although|though|since then|"
    r"and then|and that'?s|you know|i mean|(?:and )?(?:i|we) (?:was|were|am|are|'m|'re) like)\b",
    re.IGNORECASE,
)


#: "a customer saying on the phone, oh, I know you're busy", "texted me saying, this is
#: brilliant, I can finally see what she's doing": the rest of a sentence after someone's verb
#: of saying and a comma is their words, quoted without quotation marks; not the speaker's own
#: moment, want or gain ("I said, ..." quotes the speaker, and stays theirs).
_QUOTING = re.compile(
    r"(?<!\bi )(?<!\bwe )(?:\b(?:said|says|saying|asked|asks|asking|told me|tells me)\b"
    # where they said it ("on the phone", "to the driver"), not a clause of its own ("said
    # she'd got a customer wanting two more, and I could see ...": reported, then the
    # speaker's own)
    r"(?:\s+(?!(?:i|we|you|he|she|they|it|that|i'd|we'd|she'd|he'd|they'd)\b)[\w'’]+){0,3}|"
    # "she was like, ..." (not "a kit is like nine hundred bucks")
    r"\b(?:was|were|is|are) like),[^.;!?\"\u201c\u201d]*$", re.IGNORECASE)
#: "when the inspector asks, I can show him": the verb of saying ends a condition.
_ASKS_WHEN = re.compile(r"\b(?:when|whenever|if|once)\b[^,.;!?]*$", re.IGNORECASE)


def quoting(before: str) -> bool:
    """Whether what follows `before` (a unit's words up to a clause) is someone's words
    quoted without quotation marks (`_QUOTING`)."""
    found = _QUOTING.search(before[-120:])
    return found is not None and not _ASKS_WHEN.search(before[-120:][:found.start()])


def finish(unit: str, start: int, end: int, *, tense: bool, strip_time: bool = False,
           after_verb: bool = False) -> tuple[str, int, int] | None:
    """Trim a span [start, end) of unit; return (normalised text, start, end) or None. With
    `strip_time`, a time said first or last ("three weeks later ...", "... last spring") goes.
    A span that opens `after_verb` is that verb's object, whose first word is never a filler
    ("I hit OK from my desk": "OK" is what was hit), so only spaces are trimmed before it."""
    span = unit[start:end]
    lead = (_SPACES if after_verb else _FILLER_LEAD).match(span)
    if lead and lead.end() < len(span):
        start += lead.end()
        span = unit[start:end]
    when = _LEADING_TIME.match(span) if strip_time else None
    if when:
        start += when.end()
        span = unit[start:end]
    while True:
        before = span
        span = span.rstrip(_TRAILING_PUNCT)
        junk = _TRAILING_FILLER.search(span[-40:])
        if junk:
            cut = len(span) - len(span[-40:]) + junk.start()
            if cut > 0:
                span = span[:cut]
        if strip_time:
            when = _TRAILING_TIME.search(span)
            if when and when.start() > 0:
                span = span[: when.start()]
        if span == before:
            break
    end = start + len(span)
    words = word_spans(span)
    if len(words) < 2 and not (len(words) == 1 and len(words[0][0]) > 3):
        return None
    text = re.sub(r"\s+", " ", span).strip()
    if tense:
        if strip_time:  # "we once started a morning late": told as what happens, not one time
            text = _ONCE.sub(r"\1", text)
        text = presentify(text)
    return text, start, end


#: A focusing adverb just before "because" is the reason's: "who came partly because we
#: showed them" ends at "came", not at "partly".
_REASON_FOCUS = re.compile(r"\s+(?:partly|mainly|mostly|largely|only|just|simply|purely|"
                           r"partially|probably|maybe|perhaps|especially|precisely|exactly)$",
                           re.IGNORECASE)
_REASON = re.compile(r"\s(?:because|cause|cos)\b", re.IGNORECASE)


def clause_end_at(unit: str, start: int) -> int:
    stop = _CLAUSE_STOP.search(unit, start)
    if stop is None:
        return len(unit)
    if _REASON.match(stop.group(0)):
        focus = _REASON_FOCUS.search(unit, start, stop.start())
        if focus:
            return focus.start()
    return stop.start()
