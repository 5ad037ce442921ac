"""SubRip (.srt) transcripts.

Cues are "<number>\\n00:00:01,000 --> 00:00:04,000\\n<text lines>" separated by blank lines
(the number may be missing; a "." before the milliseconds is accepted). A "Name: text" prefix
(optionally after "- " or ">> ") names the speaker, and so does a bracketed name heading the
cue ("[Dana] text") where it is capitalised, heads two cues or more and is no sound note
("[laughs]", "[Music]" stay words; see `common.bracket_at`); a cue without one continues
the previous speaker. Lines of one speaker inside one cue are one utterance spanning the
newline verbatim; each cue is a separate utterance. Formatting tags at the edges (<i>,
{\\an8}) are trimmed.

A block that is not a readable cue (a broken timing line, a number without a timing line) is
skipped and named as damage; the other cues are still read (see ingest/problems.py). Cue
timings that run backwards or overlap, and cues of nothing but NUL characters, are warnings.
"""

from __future__ import annotations

import re

from jobstory.synthesis.ingest.common import found_cues, iter_lines, read_cues
from jobstory.synthesis.ingest.problems import CueClock, Problems
from jobstory.synthesis.sources import Parsed

_TIME = r"\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}"
TIMING = re.compile(rf"[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}(?:[ \t].*)?$")
_NUMBER = re.compile(r"[ \t]*\d+[ \t]*$")
EXPECTED_TIMING = "expected a timing line like '00:01:02,500 --> 00:01:05,000'"


def cues(text: str, problems: Problems | None = None) -> list[list[tuple[int, int, int]]]:
    """The payload lines of each readable cue, in order.

    A block that is not a cue (a broken timing line, a number without a timing line, stray
    text between cues) is skipped up to the next blank line (or valid timing line) and
    recorded as damage in `problems`; raises ParseError only when no cue can be read.
    """
    problems = problems if problems is not None else Problems()
    clock = CueClock(problems)
    found: list[list[tuple[int, int, int]]] = []
    state = "between"  # between | number | cue | damaged
    last = 0

    def begin(number: int, line: str) -> str:
        found.append([])
        clock.check(number, line)
        return "cue"

    for number, start, end in iter_lines(text):
        last = number
        line = text[start:end]
        if not line.strip():
            if state == "number":
                problems.damaged(number, EXPECTED_TIMING + " after the cue number")
            state = "between"
            continue
        timing = "-->" in line
        if timing and not TIMING.match(text, start, end):
            problems.damaged(number, f"bad cue timing {line.strip()[:60]!r}: {EXPECTED_TIMING}")
            state = "damaged"
        elif state == "damaged":
            if timing:  # a valid cue right after the damaged one, without a blank line
                state = begin(number, line)
        elif state == "between":
            if timing:
                state = begin(number, line)
            elif _NUMBER.match(text, start, end):
                state = "number"
            else:
                problems.damaged(
                    number, f"expected a cue number or timing line, found {line.strip()[:40]!r}"
                )
                state = "damaged"
        elif state == "number":
            if timing:
                state = begin(number, line)
            else:
                problems.damaged(number, EXPECTED_TIMING + " after the cue number")
                state = "damaged"
        elif timing:  # a cue that follows without a blank line
            state = begin(number, line)
        else:
            found[-1].append((number, start, end))
    if state == "number":
        problems.damaged(last, EXPECTED_TIMING + " after the cue number")
    return found_cues(found, problems, 1, EXPECTED_TIMING)


def parse(source_id: str, path: str, text: str, *, interviewer: str | None = None,
          problems: Problems | None = None) -> Parsed:
    return read_cues("srt", cues, source_id, path, text, interviewer=interviewer,
                     problems=problems)
