"""Check a quote someone (an LLM) claims a participant said against what they really said.

An LLM may phrase and propose, but a quote it cites enters a report only if it is verbatim in
that participant's own words. This module is the one check for that, shared by the report's
LLM-assisted synthesis and the insights chat:

    >>> turns = [Passage("a.txt", 10, 52, "I rang eleven numbers before half nine.")]
    >>> verify_quote("rang eleven numbers", turns)
    Citation(source='a.txt', start=12, end=31, text='rang eleven numbers', exact=True)
    >>> verify_quote("I rang “eleven”  numbers", turns) is None  # not what was said
    True

Matching, in order:

1. exact: the claim (trimmed, with one pair of wrapping quote marks and leading/trailing
   ellipses removed) is a substring of one passage;
2. normalised: both sides with curly quotes and apostrophes made straight, dashes made
   hyphens, "…" made "...", runs of whitespace made one space and letters lower-cased; the
   match is mapped back to exact offsets, so the returned `text` is always the participant's
   own characters (`source.text[start:end] == text`), never the claim's.

A match must start and end on word boundaries (no "ung eleven numb") and hold at least
`min_words` words, so a two-word claim such as "the app" cannot pass as evidence. A claim
that joins two places with an inner "..." is not one quote and is not matched. Passages are
tried in the order given; the first match wins, so the result is deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Fewer words than this is not evidence of anything (and matches almost anywhere).
MIN_WORDS = 3

_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
}
_WRAPPERS = {'"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019", "\u00ab": "\u00bb"}
_EDGE_ELLIPSIS = re.compile(r"^(?:\.\.\.|\u2026|\s)+|(?:\.\.\.|\u2026|\s)+$")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Passage:
    """A stretch of one participant's own words: `text` is `source.text[start:end]`."""

    source: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Citation:
    """Where a claimed quote really is. `text` is the participant's exact characters there;
    `exact` says whether the claim matched as typed (False: after normalising)."""

    source: str
    start: int
    end: int
    text: str
    exact: bool


def _normalise(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character
    it came from (so a match in the folded text maps back to exact offsets)."""
    out: list[str] = []
    origin: list[int] = []
    space = False
    for index, char in enumerate(text):
        if char.isspace():
            space = True
            continue
        if space and out:
            out.append(" ")
            origin.append(index - 1)
        space = False
        folded = _FOLD.get(char, char)
        lower = folded.lower()
        folded = lower if len(lower) == len(folded) else folded
        for piece in folded:
            out.append(piece)
            origin.append(index)
    return "".join(out), origin


def _clean_claim(claim: str) -> str:
    text = claim.strip()
    for _ in range(2):
        if len(text) >= 2 and _WRAPPERS.get(text[0]) == text[-1]:
            text = text[1:-1].strip()
        text = _EDGE_ELLIPSIS.sub("", text)
    return text


def _bounded(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] neither starts nor ends inside a word."""
    if start > 0 and text[start].isalnum() and text[start - 1].isalnum():
        return False
    return not (end < len(text) and text[end - 1].isalnum() and text[end].isalnum())


def _find(haystack: str, needle: str) -> Iterable[int]:
    start = haystack.find(needle)
    while start >= 0:
        yield start
        start = haystack.find(needle, start + 1)


def verify_quote(claim: str, passages: Sequence[Passage], *,
                 min_words: int = MIN_WORDS) -> Citation | None:
    """The location of `claim` in `passages` (one participant's own words), or None.

    Pure and deterministic; see the module docstring for the matching rules.
    """
    if not isinstance(claim, str):
        return None
    text = _clean_claim(claim)
    if len(_WORD.findall(text)) < min_words or "..." in text or "\u2026" in text:
        return None
    for passage in passages:
        for local in _find(passage.text, text):
            if _bounded(passage.text, local, local + len(text)):
                return Citation(passage.source, passage.start + local,
                                passage.start + local + len(text), text, exact=True)
    folded_claim, _ = _normalise(text)
    for passage in passages:
        folded, origin = _normalise(passage.text)
        for at in _find(folded, folded_claim):
            first = origin[at]
            last = origin[at + len(folded_claim) - 1] + 1
            if _bounded(passage.text, first, last):
                return Citation(passage.source, passage.start + first, passage.start + last,
                                passage.text[first:last], exact=False)
    return None


__all__ = ["MIN_WORDS", "Citation", "Passage", "verify_quote"]
