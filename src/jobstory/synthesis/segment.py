"""Split participant speech into units (sentences, or clauses of long sentences).

Every segment keeps exact offsets: `source.text[segment.start:segment.end] == segment.text`.

Rules, in order, for each participant utterance (interviewer speech is never a segment, and
an utterance that is also a StructuredAnswer - a survey's "4" or "Spreadsheet" - is skipped):

1. Hard breaks: a blank line, or a line break before a bullet ("- ", "* ", "• ", "2. ").
2. Sentence ends: ". ! ? …" (with any closing quotes or brackets) followed by whitespace or
   the end, and "。！？।" anywhere. Not a sentence end:
   - a period after a known abbreviation ("e.g.", "Dr.", "etc.", "vs.", "Inc.", "Jan."), after
     initials ("U.S.", "a.m."), after a single letter other than I/A ("J. Smith"), or after
     a one- or two-digit list number at the start of a line ("1. First");
   - a number's decimal point ("3.5", "$4.50"), since no whitespace follows it;
   - an ellipsis followed by a lower-case word ("I was like... we need help");
   - "?" or "!" inside quotes followed by a lower-case word ("he asked "why?" and left").
3. Long sentences (more than 40 words) are split at clause boundaries - ";", " but ",
   " because ", " so " (not "so much", "so many", ...), dashes - choosing the boundary that
   leaves the two sides most even, and only when both sides keep at least 6 words; repeated
   until every part is short or has no such boundary. Beyond 80 words commas count as
   boundaries too, and beyond 120 words (unpunctuated speech-to-text) the part is cut at
   spaces into even chunks of at most 60 words, so no unit is unboundedly long.
4. Each unit is trimmed of whitespace and a leading bullet; units made only of fillers
   ("Yeah.", "Um, right.", "Mhm", "You know.", "Okay, thanks!") or with no letters or digits
   at all (an emoji) are dropped.

Pure regular expressions per utterance and per sentence; no per-character Python loops.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from jobstory.synthesis.sources import Parsed, Segment, Utterance

MAX_WORDS = 40
MIN_SIDE_WORDS = 6
COMMA_WORDS = 80
HARD_WORDS = 120
CHUNK_WORDS = 60

_NL = r"(?:\r\n|\r|\n)"
_BREAK = re.compile(
    rf"{_NL}[ \t]*{_NL}(?:[ \t]*{_NL})*|{_NL}(?=[ \t]*(?:[-*•‣–]|\d{{1,2}}[.)])[ \t])"
)
_CLOSERS = "\"'”’»)\\]"
# A sentence-end mark followed by whitespace or the end, or a CJK / Devanagari end mark,
# which needs no space after it.
_END = re.compile(rf"(?P<mark>[.!?…]+)[{_CLOSERS}]*(?=\s|$)|(?P<cjk>[。！？।]+)[{_CLOSERS}」』]*")
_LINE_START = re.compile(r"(?:^|[\r\n])[ \t]*$")
#: The space after a sentence's closing mark: a quick split of a turn into its sentences where
#: the full segmenter's offsets are not needed (what a question asks, how a turn opens).
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")
_NEXT_WORD = re.compile(r"\s*(\S)")
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt vs etc approx appt apt dept est inc ltd co corp llc cf
    al fig jan feb mar apr jun jul aug sep sept oct nov dec min max avg ca resp incl
    excl""".split()
)
_CLAUSE = re.compile(
    r";(?=\s)|\s(?:—|–|--|-)\s|(?<=\w)(?:—|--)(?=\w)"
    r"|\s(?=(?:but|because|so)\s(?!(?:much|many|far|long|bad|good|well|often|hard|easy|"
    r"little|few|sure|yeah|that)\b))",
    re.IGNORECASE,
)
_COMMA = re.compile(r"[,，、](?=\s)")
_WORD = re.compile(r"\S+")
_LEAD = re.compile(r"\s*(?:(?:[-*•‣–]|\d{1,2}[.)])[ \t]+)?")
_ALNUM_TOKEN = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
FILLERS = frozenset(
    """yeah yes yep yup yah ya no nope nah um uh umm uhm er erm ah oh hmm hm mm mhm mmhm
    mm-hmm mm-hm uh-huh uh-uh huh right okay ok okey alright sure so well like i mean you know
    totally exactly absolutely cool great true gotcha got it thanks thank sorry haha lol
    and but anyway definitely of course indeed fine good nice wow ah-ha aha see correct
    yeah-yeah bye goodbye cheers welcome you're worries bother thing take care lovely
    brilliant perfect awesome honestly basically really actually literally hello hi hey""".split()
)
_FILLER_TOKEN = re.compile(r"(?:u+h+|u+m+|e+r+m*|a+h+|o+h+|h+m+|m+h*m+|mh+m+|ye+a+h*)")


#: A unit this short is a reaction ("Mortifying."): it takes its exchange's meaning for coding,
#: but never stands alone as a timeline entry or a story's wording.
MIN_WORDS = 4


def is_filler(text: str) -> bool:
    """True for a unit with no content: only fillers and backchannels, or no words at all."""
    for m in _ALNUM_TOKEN.finditer(text.casefold()):
        word = m.group()
        if word not in FILLERS and not _FILLER_TOKEN.fullmatch(word):
            return False
    return True


def substantive(text: str) -> bool:
    """Whether a unit says something on its own (not a reaction, filler, a plain denial, or
    talk about the interview itself)."""
    return len(text.split()) >= MIN_WORDS and not is_filler(text) and \
        not text.rstrip().endswith("?") and not about_the_interview(text)


#: Talk about the conversation, said to the interviewer: "I think I understand what you are
#: asking", "I don't have any questions so far", "good question", "I hope that helps", "No,
#: that's all I have". It answers the interview, not its question: no moment, want or force of
#: the person's own (an AI moderator's closing "Any questions for me?" draws a dozen of these).
_ABOUT_THE_INTERVIEW = re.compile(
    r"\bwhat you(?:'re| are)? (?:asking|asked|getting at|mean|meant)\b"
    r"|\b(?:any|no|more|further|other) (?:other |more )?questions?(?: (?:so far|for (?:you|me)|"
    r"at the moment|right now))?\W*$"
    r"|\b(?:good|great|interesting|tough|hard|fair) question\b"
    r"|\bhope (?:that|this|it) (?:helps|answers(?: your question)?|makes sense)\W*$"
    r"|\b(?:does|did) (?:that|this) (?:make sense|answer)\b"
    r"|\b(?:that's|that is|that was) (?:all|about all|everything|about it)\b(?: (?:that )?i "
    r"(?:can|could) think of| from me| i have)?\W*$"
    r"|^(?:no,? )?(?:i (?:have|had|'ve got) |there's )?nothing (?:else|more)(?: to add| comes to "
    r"mind| i can think of)?\W*$",
    re.IGNORECASE)
#: Talk about the interview is short; a longer sentence with these words says more.
_ABOUT_THE_INTERVIEW_WORDS = 12


def about_the_interview(text: str) -> bool:
    """Whether a unit is talk about the interview itself, not an answer to its question."""
    return len(text.split()) <= _ABOUT_THE_INTERVIEW_WORDS and bool(
        _ABOUT_THE_INTERVIEW.search(text.replace("\u2019", "'")))


_QUOTE_WORD = re.compile(r"[a-z0-9']+")


def restarts(text: str) -> bool:
    """Whether a unit starts a phrase over ("People missed the support act, which, the support
    act were not happy."): a pair of words, one of them more than a function word, said twice.
    Verbatim, such a sentence reads as broken out of its conversation."""
    words = _QUOTE_WORD.findall(text.lower())
    pairs = [(a, b) for a, b in zip(words, words[1:])
             if a not in ENGLISH_STOP_WORDS or b not in ENGLISH_STOP_WORDS]
    return len(set(pairs)) < len(pairs)


def _next_is_lower(text: str, pos: int) -> bool:
    nxt = _NEXT_WORD.match(text, pos)
    return nxt is not None and nxt.group(1).islower()


def _is_end(text: str, m: re.Match[str]) -> bool:
    if m.group("cjk"):
        return True
    mark = m.group("mark")
    if mark == ".":
        end = m.start()
        start = max(text.rfind(c, 0, end) for c in " \n\t\r")
        token = text[start + 1 : end].lstrip("([\"“‘'")
        if token.casefold() in ABBREVIATIONS or _INITIALS.fullmatch(token):
            return False
        if len(token) == 1 and token.isalpha() and token not in "IAa":
            return False
        if token.isdigit() and len(token) <= 2:  # "2." opening a numbered line
            start = end - len(token)
            return not _LINE_START.search(text, max(0, start - 40), start)
        return True
    if set(mark) <= {".", "…"}:  # an ellipsis: a sentence ends only if a new one starts
        return not _next_is_lower(text, m.end())
    # "!", "?", "?!": inside quotes followed by a lower-case word, the sentence goes on.
    return m.end() == m.end("mark") or not _next_is_lower(text, m.end())


def _sentences(text: str) -> list[tuple[int, int]]:
    cuts = [(m.end(), m.end()) for m in _END.finditer(text) if _is_end(text, m)]
    if "\n" in text or "\r" in text:
        cuts += [(m.start(), m.end()) for m in _BREAK.finditer(text)]
        cuts.sort()
    spans = []
    pos = 0
    for left, right in cuts:
        if left > pos:
            spans.append((pos, left))
        pos = max(pos, right)
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _best_cut(
    text: str, start: int, end: int, pattern: re.Pattern[str], starts: list[int]
) -> tuple[int, int] | None:
    n = len(starts)
    best: tuple[int, int, int] | None = None
    for m in pattern.finditer(text, start, end):
        left_end = m.end() if text[m.start()] in ";,，、" else m.start()
        left = bisect_left(starts, left_end)
        right = n - bisect_left(starts, m.end())
        if left >= MIN_SIDE_WORDS and right >= MIN_SIDE_WORDS:
            score = abs(left - right)
            if best is None or score < best[0]:
                best = (score, left_end, m.end())
    return None if best is None else (best[1], best[2])


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= 2 * MAX_WORDS:  # too short to hold more than MAX_WORDS words
        return [(start, end)]
    starts = [m.start() for m in _WORD.finditer(text, start, end)]
    n = len(starts)
    if n <= MAX_WORDS:
        return [(start, end)]
    patterns = [_CLAUSE, _COMMA] if n > COMMA_WORDS else [_CLAUSE]
    for pattern in patterns:
        cut = _best_cut(text, start, end, pattern, starts)
        if cut is not None:
            return _split_long(text, start, cut[0]) + _split_long(text, cut[1], end)
    if n > HARD_WORDS:
        chunks = -(-n // CHUNK_WORDS)
        bounds = [start] + [starts[i * n // chunks] for i in range(1, chunks)] + [end]
        return list(zip(bounds, bounds[1:], strict=False))
    return [(start, end)]


def split_units(text: str) -> list[tuple[int, int]]:
    """(start, end) of each unit of `text`, relative to it, fillers dropped."""
    units = []
    for s, e in _sentences(text):
        for a, b in _split_long(text, s, e):
            a = _LEAD.match(text, a, b).end()
            unit = text[a:b].rstrip()
            if unit and not is_filler(unit):
                units.append((a, a + len(unit)))
    return units


def _structured_keys(parsed: Parsed) -> set[tuple[str, str, int]]:
    return {(s.participant, s.question_id, s.line) for s in parsed.structured}


def segment_utterance(utterance: Utterance) -> list[Segment]:
    out = []
    for a, b in split_units(utterance.text):
        start, end = utterance.start + a, utterance.start + b
        out.append(
            Segment(
                id=f"{utterance.source_id}#{start}-{end}",
                source_id=utterance.source_id,
                participant=utterance.participant or "",
                start=start,
                end=end,
                text=utterance.text[a:b],
                question_id=utterance.question_id,
                question_text=utterance.question_text,
            )
        )
    return out


def segment(parsed: Sequence[Parsed]) -> list[Segment]:
    """The participant units of every source, in source-id then text order."""
    segments: list[Segment] = []
    for item in sorted(parsed, key=lambda p: p.source.id):
        structured = _structured_keys(item)
        for utterance in item.utterances:
            if utterance.role != "participant":
                continue
            key = (utterance.participant, utterance.question_id, utterance.line)
            if structured and key in structured:
                continue
            segments.extend(segment_utterance(utterance))
    return segments
