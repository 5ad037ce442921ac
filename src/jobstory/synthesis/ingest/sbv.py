"""YouTube captions (.sbv, SubViewer).

Cues are "0:00:03.098,0:00:07.798\\n<text lines>" separated by blank lines: no cue numbers and
no "-->". The text is read as SubRip's is (`common.parse_cues`): "Name: text" names the speaker
and a cue without one continues the previous speaker.

A block whose first line is not a timing line is skipped and named as damage; the other cues
are still read (see ingest/problems.py). Timings that run backwards or overlap are warnings.
"""

from __future__ import annotations

import re

from jobstory.synthesis.ingest.common import found_cues, iter_lines, read_cues
from jobstory.synthesis.ingest.problems import CueClock, Problems
from jobstory.synthesis.sources import Parsed

_TIME = r"\d{1,2}:\d{2}:\d{2}\.\d{1,3}"
TIMING = re.compile(rf"[ \t]*{_TIME},{_TIME}[ \t]*$")
EXPECTED_TIMING = "expected a timing line like '0:01:02.500,0:01:05.000'"


def cues(text: str, problems: Problems | None = None) -> list[list[tuple[int, int, int]]]:
    """The payload lines of each readable cue, in order; raises ParseError only when no cue
    can be read."""
    problems = problems if problems is not None else Problems()
    clock = CueClock(problems)
    found: list[list[tuple[int, int, int]]] = []
    state = "between"  # between | cue | damaged
    for number, start, end in iter_lines(text):
        line = text[start:end]
        if not line.strip():
            state = "between"
        elif state == "between" and TIMING.match(line):
            found.append([])
            clock.check(number, line)
            state = "cue"
        elif state == "between":
            problems.damaged(number, f"{EXPECTED_TIMING}, found {line.strip()[:40]!r}")
            state = "damaged"
        elif state == "cue":
            found[-1].append((number, start, end))
    return found_cues(found, problems, 1, EXPECTED_TIMING)


def parse(source_id: str, path: str, text: str, *, interviewer: str | None = None,
          problems: Problems | None = None) -> Parsed:
    return read_cues("sbv", cues, source_id, path, text, interviewer=interviewer,
                     problems=problems)
