"""WebVTT transcripts (Zoom, Teams, Meet exports).

- The "WEBVTT" header (and its metadata lines up to the first blank line) is required.
- NOTE, STYLE and REGION blocks are skipped; a cue id line before the timing is optional.
- Speakers come from voice tags (`<v Dana>text</v>`, `<v.loud Dana>`; the closing tag is
  optional), a "Dana: text" prefix, or a bracketed name heading the cue ("[Dana] text",
  "[Interviewer]: text"; see `common.bracket_at`): a capitalised name that heads two cues
  or more and is no sound note, so "[laughs]", "[Music]" or a "[Dana]" said once stay
  words. A cue without any of these continues the previous speaker.
- One utterance per run of same-speaker lines within a cue (spanning the newline verbatim);
  consecutive cues by the same speaker are separate utterances, because the timing line between
  them is not speech. Markup at the edges of a span (<i>, <c>, inline timestamps) is trimmed;
  markup or entities inside a span stay, since quotes must be verbatim slices of the file.
- A damaged cue (a line with "-->" that is not a valid timing line, a cue id without a
  timing line) is skipped up to the next blank line and named as damage: the file's other
  cues are still read, and the run reports the first damaged line (see ingest/problems.py).
- Cues that end before they start or start before the previous one ends, and cues of
  nothing but NUL characters (skipped), are warnings.
"""

from __future__ import annotations

import re

from jobstory.synthesis.ingest.common import ParseError, found_cues, iter_lines, read_cues
from jobstory.synthesis.ingest.problems import CueClock, Problems
from jobstory.synthesis.sources import Parsed

_TIME = r"(?:\d+:)?\d{2}:\d{2}[.,]\d{3}"
TIMING = re.compile(rf"[ \t]*{_TIME}[ \t]+-->[ \t]+{_TIME}(?:[ \t].*)?$")
_HEADER = re.compile(r"WEBVTT(?:[ \t].*)?$")
_SKIPPED_BLOCK = re.compile(r"(?:NOTE|STYLE|REGION)(?:[ \t].*)?$")
EXPECTED_TIMING = "expected a cue timing line like '00:01:02.500 --> 00:01:05.000'"


def cues(text: str, problems: Problems | None = None) -> list[list[tuple[int, int, int]]]:
    """The payload lines of each readable cue, in order.

    A cue whose timing line is broken, or a cue id without a timing line, is skipped up to
    the next blank line (or valid timing line) and recorded as damage in `problems`; raises
    ParseError only when nothing at all can be read (no header, no readable cue).
    """
    problems = problems if problems is not None else Problems()
    clock = CueClock(problems)
    lines = list(iter_lines(text))
    number, start, end = lines[0]
    if not _HEADER.match(text, start, end):
        raise ParseError(1, f"expected the 'WEBVTT' header, found {text[start:end][:40]!r}")
    found: list[list[tuple[int, int, int]]] = []
    state = "header"  # header | between | skip (NOTE, STYLE, REGION) | damaged | id | cue

    def begin(number: int, line: str) -> str:
        found.append([])
        clock.check(number, line)
        return "cue"

    for number, start, end in lines[1:]:
        line = text[start:end]
        if not line.strip():
            if state == "id":
                problems.damaged(number, EXPECTED_TIMING + " after the cue id")
            state = "between"
            continue
        if state == "skip":
            continue
        timing = "-->" in line
        if timing and not TIMING.match(text, start, end):
            problems.damaged(number, f"bad cue timing {line.strip()[:60]!r}: {EXPECTED_TIMING}")
            state = "damaged"
        elif state == "damaged":
            if timing:  # a valid cue right after the damaged one, without a blank line
                state = begin(number, line)
        elif state == "header":
            if timing:  # no blank line after the header
                state = begin(number, line)
        elif state == "between":
            if _SKIPPED_BLOCK.match(text, start, end):
                state = "skip"
            elif timing:
                state = begin(number, line)
            else:
                state = "id"
        elif state == "id":
            if timing:
                state = begin(number, line)
            else:
                problems.damaged(number, EXPECTED_TIMING + " after the cue id")
                state = "damaged"
        elif timing:  # a cue that follows without a blank line
            state = begin(number, line)
        else:
            found[-1].append((number, start, end))
    if state == "id":
        problems.damaged(lines[-1][0], EXPECTED_TIMING + " after the cue id")
    return found_cues(found, problems, len(lines), EXPECTED_TIMING)


def parse(source_id: str, path: str, text: str, *, interviewer: str | None = None,
          problems: Problems | None = None) -> Parsed:
    return read_cues("vtt", cues, source_id, path, text, interviewer=interviewer,
                     problems=problems)
