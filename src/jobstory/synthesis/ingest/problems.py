"""What a reader meets in a file it can still read: damage, and things that look wrong.

A reader that raises `ParseError` gives up on the whole file. Some problems leave most of a
file readable - one cue with a broken timing line in an hour of captions - and giving up
would drop every other quote in it. A reader records those here instead and goes on:

- damage: a part of the file could not be read and was skipped (a cue whose timing line is
  broken). The readable rest is analysed *and* the first damaged line is reported as an
  error, so the run still exits 3 and nothing is lost silently.
- warnings: everything was read, but something looks wrong (cue timings that run backwards
  or overlap, a cue of nothing but NUL characters). Reported, never fatal.

Each kind of warning is reported once per file, naming its first line and how often it
occurred: 2,000 overlapping cues make one line, not 2,000.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# Any cue time: "01:02:03.456", "02:03,456", "1:02:03,4".
_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{1,3})")


@dataclass
class Problems:
    """Damage and warnings found in one file, in the order they were met."""

    damage: list[tuple[int | None, str]] = field(default_factory=list)
    _warnings: dict[str, list] = field(default_factory=dict)  # kind -> [line, message, count]

    def damaged(self, line: int | None, message: str) -> None:
        self.damage.append((line, message))

    def warn(self, kind: str, line: int | None, message: str) -> None:
        """Note a warning; only the first of each `kind` is named, the rest are counted."""
        if kind in self._warnings:
            self._warnings[kind][2] += 1
        else:
            self._warnings[kind] = [line, message, 1]

    def warnings(self) -> list[tuple[int | None, str]]:
        found = []
        for line, message, count in self._warnings.values():
            found.append((line, message if count == 1 else f"{message} ({count} times in all)"))
        return found

    def damage_error(self) -> tuple[int | None, str] | None:
        """The error for a file read in part: its first damaged line, and what was kept."""
        if not self.damage:
            return None
        line, message = self.damage[0]
        more = len(self.damage) - 1
        skipped = "skipped it"
        if more:
            skipped += f" and {more} more damaged part{'s' if more > 1 else ''}"
        return line, f"{message} ({skipped}; read the rest of the file)"

def cue_times(line: str) -> tuple[int, int] | None:
    """(start, end) in milliseconds of a valid cue timing line."""
    found = _TIME.findall(line)
    if len(found) < 2:
        return None
    times = []
    for hours, minutes, seconds, fraction in found[:2]:
        millis = int(fraction.ljust(3, "0"))
        times.append(((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + millis)
    return times[0], times[1]


class CueClock:
    """Warns about cues that end before they start, or start before the previous one ends."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.previous_end: int | None = None

    def check(self, number: int, line: str) -> None:
        times = cue_times(line)
        if times is None:
            return
        start, end = times
        shown = " ".join(line.split())[:60]
        if end < start:
            self.problems.warn("reversed", number, f"cue ends before it starts ({shown!r})")
        if self.previous_end is not None and start < self.previous_end:
            self.problems.warn(
                "overlap", number, f"cue starts before the previous cue ends ({shown!r})"
            )
        self.previous_end = end


Cue = Sequence[tuple[int, int, int]]  # payload lines: (line number, start, end)


def drop_nul_cues(text: str, cues: Sequence[Cue], problems: Problems) -> list[Cue]:
    """The cues without those holding nothing but NUL characters (and whitespace): a
    corrupted or zero-filled stretch of file is not speech, so it must not become a quote."""
    kept = []
    for cue in cues:
        payload = "".join(text[start:end] for _, start, end in cue)
        if "\x00" in payload and not payload.replace("\x00", "").strip():
            problems.warn("nul", cue[0][0], "cue holds only NUL characters: skipped")
            continue
        kept.append(cue)
    return kept
