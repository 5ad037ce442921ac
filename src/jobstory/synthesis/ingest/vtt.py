"""WebVTT transcripts (Zoom, Teams, Meet exports).

- The "WEBVTT" header (and its metadata lines up to the first blank line) is required.
- NOTE, STYLE and REGION blocks are skipped; a cue id line before the timing is optional.
- Speakers come from voice tags (`<v Dana>text</v>`, `<v.loud Dana>`; the closing tag is
  optional) or a "Dana: text" prefix; a cue without either continues the previous speaker.
- One utterance per run of same-speaker lines within a cue (spanning the newline verbatim);
  consecutive cues by the same speaker are separate utterances, because the timing line between
  them is not speech. Markup at the edges of a span (<i>, <c>, inline timestamps) is trimmed;
  markup or entities inside a span stay, since quotes must be verbatim slices of the file.
- A line with "-->" that is not a valid timing line is an error naming that line.
"""

from __future__ import annotations

import re

from jobstory.synthesis.ingest.common import ParseError, iter_lines, parse_cues
from jobstory.synthesis.sources import Parsed, Source

_TIME = r"(?:\d+:)?\d{2}:\d{2}[.,]\d{3}"
TIMING = re.compile(rf"[ \t]*{_TIME}[ \t]+-->[ \t]+{_TIME}(?:[ \t].*)?$")
_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?$")
_SKIPPED_BLOCK = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?$")
EXPECTED_TIMING = "expected a cue timing line like '00:01:02.500 --> 00:01:05.000'"


def cues(text: str) -> list[list[tuple[int, int, int]]]:
    """The payload lines of each cue, in order; raises ParseError on a malformed line."""
    lines = list(iter_lines(text))
    number, start, end = lines[0]
    if not _HEADER.match(text, start, end):
        raise ParseError(1, f"expected the 'WEBVTT' header, found {text[start:end][:40]!r}")
    found: list[list[tuple[int, int, int]]] = []
    state = "header"  # header | between | skip | id | cue
    for number, start, end in lines[1:]:
        line = text[start:end]
        if not line.strip():
            if state == "id":
                raise ParseError(number, EXPECTED_TIMING + " after the cue id")
            state = "between"
            continue
        if state == "skip":
            continue
        timing = "-->" in line
        if timing and not TIMING.match(text, start, end):
            raise ParseError(number, f"bad cue timing {line.strip()[:60]!r}: {EXPECTED_TIMING}")
        if state == "header":
            if timing:  # no blank line after the header
                found.append([])
                state = "cue"
        elif state == "between":
            if _SKIPPED_BLOCK.match(text, start, end):
                state = "skip"
            elif timing:
                found.append([])
                state = "cue"
            else:
                state = "id"
        elif state == "id":
            if not timing:
                raise ParseError(number, EXPECTED_TIMING + " after the cue id")
            found.append([])
            state = "cue"
        elif timing:  # a cue that follows without a blank line
            found.append([])
        else:
            found[-1].append((number, start, end))
    if state == "id":
        raise ParseError(lines[-1][0], EXPECTED_TIMING + " after the cue id")
    if not found:
        raise ParseError(len(lines), f"no cues found: {EXPECTED_TIMING}")
    return found


def parse(source_id: str, path: str, text: str, *, interviewer: str | None = None) -> Parsed:
    source = Source(id=source_id, path=path, format="vtt", text=text)
    return parse_cues(source, cues(text), interviewer=interviewer)
