"""Feedback text read for meaning, with the verbatim text kept for quotes.

Survey answers, reviews and support tweets carry things that say who was addressed or how a
message was sent, not what it is about: @handles, links, e-mail addresses, phone numbers,
hashtag marks, HTML entities (``&amp;``), runs of punctuation ("!!!!"), greetings ("Hi team,")
and sign-offs ("Thanks, Ann", "Sent from my iPhone"). Left in, they group comments by whom
they were sent to. :func:`clean` removes them for embedding, labelling and sentiment, and says
which span of the original is the part that means something (``span``), so a quote is always
``original[start:end]``, verbatim.

Hashtags keep their words ("#CustomerService" reads "Customer Service"); an HTML entity reads as
its character. Everything is regular expressions over one text; no lexicon of any domain.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_URL = r"(?:https?://|www\.)\S+"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_HANDLE = r"(?<![\w@])@\w{1,30}"
_PHONE = r"(?<![\w+])\+?\(?\d[\d ().-]{6,}\d(?!\w)"
_ENTITY = r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z]{2,8});"
_HASHTAG = r"(?<![\w#])#(?=[^\W\d_])(?P<tag>\w+)"
_NOISE = re.compile(
    rf"(?P<drop>{_URL}|{_EMAIL}|{_HANDLE}|{_PHONE})|(?P<entity>{_ENTITY})|{_HASHTAG}"
)
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_REPEAT = re.compile(r"([!?])[!?]+|([.,*~=_-])\2{2,}")
_SPACE = re.compile(r"\s+")

_GREETING_WORDS = r"(?:hi|hello|hey|hiya|dear|greetings|good\s+(?:morning|afternoon|evening))"
#: "Hi," / "Hello team," / "Dear Sir or Madam," / "Hey there!" at the start of a text.
_GREETING = re.compile(
    rf"\W*{_GREETING_WORDS}\b(?:[ \t]+(?!(?:i|we|my|our|the|it|this|you|your)\b)"
    r"[^\W\d_][\w'-]*){0,3}[ \t]*[,!:.\-—]+\s*",
    re.IGNORECASE,
)
_SIGN_OFF_WORDS = (r"(?:thanks?(?:\s+you)?(?:\s+(?:so|very)\s+much)?(?:\s+in\s+advance)?|"
                   r"many\s+thanks|cheers|regards|best(?:\s+(?:regards|wishes))?|"
                   r"kind\s+regards|sincerely|yours(?:\s+(?:truly|sincerely))?|thx|ty)")
#: "... Thanks, Ann" / "Regards\nBob Smith" / "Sent from my iPhone" at the end of a text.
_SIGN_OFF = re.compile(
    rf"(?:(?<=[\s.!?,])|^)(?:{_SIGN_OFF_WORDS}[ \t]*[,.!]*(?:\s+[A-Z][\w.'-]*(?:[ \t]+[A-Z][\w.'-]*)?"
    r")?[ \t]*[.!]*|sent\s+from\s+my\s+[\w ]{2,30})\W*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Cleaned:
    text: str  # for embedding, labels and sentiment; "" when nothing meaningful is left
    start: int  # original[start:end] is the meaningful part, verbatim (the quote)
    end: int


def clean(text: str) -> Cleaned:
    """The meaning of ``text`` (see the module docstring) and the span of it worth quoting."""
    body_start, body_end = _body(text)
    pieces: list[str] = []
    kept: list[tuple[int, int]] = []  # original spans that contributed words
    pos = body_start
    for m in _NOISE.finditer(text, body_start, body_end):
        if m.start() > pos:
            pieces.append(text[pos : m.start()])
            kept.append((pos, m.start()))
        if m.group("entity"):
            pieces.append(html.unescape(m.group("entity")))
            kept.append(m.span())
        elif m.group("tag") is not None:  # a hashtag: its words, CamelCase split
            pieces.append(_CAMEL.sub(" ", m.group("tag")).replace("_", " "))
            kept.append(m.span())
        else:
            pieces.append(" ")
        pos = m.end()
    if pos < body_end:
        pieces.append(text[pos:body_end])
        kept.append((pos, body_end))
    meaning = _REPEAT.sub(lambda r: r.group(1) or r.group(2), "".join(pieces))
    meaning = _SPACE.sub(" ", meaning).strip(" \t\n,;:-—")
    if not any(ch.isalnum() for ch in meaning):
        return Cleaned("", body_start, body_start)
    spans = [(a, b) for a, b in kept if text[a:b].strip()]
    start, end = spans[0][0], spans[-1][1]
    while start < end and (text[start].isspace() or text[start] in ",;:-—"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",:-—"):
        end -= 1  # not ";": it may close an entity ("&amp;")
    return Cleaned(meaning, start, end)


def _body(text: str) -> tuple[int, int]:
    """Offsets of ``text`` without a leading greeting and a trailing sign-off or signature."""
    start, end = 0, len(text)
    while True:  # "@united Hi there, ..." : handles may come before the greeting
        lead = re.match(rf"\s*(?:{_HANDLE}\s*)*", text[start:end])
        skip = lead.end() if lead else 0
        greeting = _GREETING.match(text, start + skip, end)
        if not greeting or greeting.end() >= end:
            break
        start = greeting.end()
    sign_off = _SIGN_OFF.search(text, start, end)
    if sign_off and text[start : sign_off.start()].strip():
        end = sign_off.start()
    return start, end


#: Where one comment turns from one topic to another: "the staff were kind but the wait was
#: long", "; ", "however", "although", "whereas", "on the other hand", "also".
_TURN = re.compile(
    r";\s|\s(?=(?:but|however|although|though|whereas|except|also|plus)\b[\s,])"
    r"|,\s(?=(?:and|yet)\s)",
    re.IGNORECASE,
)
#: Both sides of a turn keep at least this many words, so "thanks but no" stays whole.
MIN_TURN_WORDS = 3
#: The ";" that ends an HTML entity ("bag &amp; seat") is no turn.
_ENDS_ENTITY = re.compile(rf"{_ENTITY}$")


@dataclass(frozen=True)
class Unit:
    start: int  # original[start:end] is the unit's quote, verbatim
    end: int
    text: str  # its meaning (cleaned), never empty


def feedback_units(text: str) -> list[Unit]:
    """A comment's units, each cleaned for meaning (units with no meaning are dropped).

    A short comment (at most the segmenter's ``MAX_WORDS``, a long sentence) is one thought
    whose sentences lean on each other ("Flight cancelled. Worst airline ever."): it is cut
    only where it turns to another topic. A longer one is cut into sentences (the interview
    segmenter's) and each sentence again where it turns.
    """
    from jobstory.synthesis.segment import MAX_WORDS, split_units

    units: list[Unit] = []
    body_start, body_end = _body(text)
    body = text[body_start:body_end]
    if len(body.split()) <= MAX_WORDS:
        spans = [(len(body) - len(body.lstrip()), len(body.rstrip()))] if body.strip() else []
    else:
        spans = split_units(body)
    for start, end in ((body_start + a, body_start + b) for a, b in spans):
        for a, b in _turns(text, start, end):
            cleaned = clean(text[a:b])
            if cleaned.text:
                units.append(Unit(a + cleaned.start, a + cleaned.end, cleaned.text))
    return units


def _turns(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start]
    for m in _TURN.finditer(text, start, end):
        if text[m.start()] == ";" and _ENDS_ENTITY.search(text, max(start, m.start() - 10),
                                                          m.start() + 1):
            continue
        left = len(text[cuts[-1] : m.start()].split())
        right = len(text[m.end() : end].split())
        if left >= MIN_TURN_WORDS and right >= MIN_TURN_WORDS:
            cuts.append(m.end() if text[m.start()] == ";" else m.start() + 1)
    return list(zip(cuts, [*cuts[1:], end], strict=True))
