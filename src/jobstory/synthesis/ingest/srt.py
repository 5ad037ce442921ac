"""SubRip (.srt) transcripts.

Cues are "<number>\\n00:00:01,000 --> 00:00:04,000\\n<text lines>" separated by blank lines
(the number may be missing; a "." before the milliseconds is accepted). A "Name: text" prefix
(optionally after "- " or ">> ") names the speaker; a cue without one continues the previous
speaker. Lines of one speaker inside one cue are one utterance spanning the newline verbatim;
each cue is a separate utterance. Formatting tags at the edges (<i>, {\\an8}) are trimmed.
"""

from __future__ import annotations

import re

from jobstory.synthesis.ingest.common import ParseError, iter_lines, parse_cues
from jobstory.synthesis.sources import Parsed, Source

_TIME = r"\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}"
TIMING = re.compile(rf"[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t].*)?$")
_NUMBER = re.compile(r"[ \t]*\d+[ \t]*$")
EXPECTED_TIMING = "expected a timing line like '00:01:02,500 --> 00:01:05,000'"


def cues(text: str) -> list[list[tuple[int, int, int]]]:
    found: list[list[tuple[int, int, int]]] = []
    state = "between"  # between | number | cue
    last = 0
    for number, start, end in iter_lines(text):
        last = number
        line = text[start:end]
        if not line.strip():
            if state == "number":
                raise ParseError(number, EXPECTED_TIMING + " after the cue number")
            state = "between"
            continue
        timing = "-->" in line
        if timing and not TIMING.match(text, start, end):
            raise ParseError(number, f"bad cue timing {line.strip()[:60]!r}: {EXPECTED_TIMING}")
        if state == "between":
            if timing:
                found.append([])
                state = "cue"
            elif _NUMBER.match(text, start, end):
                state = "number"
            else:
                raise ParseError(
                    number, f"expected a cue number or timing line, found {line.strip()[:40]!r}"
                )
        elif state == "number":
            if not timing:
                raise ParseError(number, EXPECTED_TIMING + " after the cue number")
            found.append([])
            state = "cue"
        elif timing:  # a cue that follows without a blank line
            found.append([])
        else:
            found[-1].append((number, start, end))
    if state == "number":
        raise ParseError(last, EXPECTED_TIMING + " after the cue number")
    if not found:
        raise ParseError(1, f"no cues found: {EXPECTED_TIMING}")
    return found


def parse(source_id: str, path: str, text: str, *, interviewer: str | None = None) -> Parsed:
    source = Source(id=source_id, path=path, format="srt", text=text)
    return parse_cues(source, cues(text), interviewer=interviewer)
