"""Plain-text and Markdown transcripts.

- "Name: text" lines name the speaker (also "**Name:** text", "- Name: text",
  "Name [00:01:02]: text"). Lines without a label continue the previous speaker's turn,
  across blank lines too, so one utterance may span newlines verbatim.
- Timestamps are optional: "[00:01:02] Name: text", "00:01:02 Name: text", "Name: [00:01:02]
  text", a line holding only a timestamp, or a header line followed by that speaker's text:
  "Name  0:02" (Otter), "[Name] 10:02:15" (Zoom's cloud recordings).
  A timestamp ends the current utterance (it is not speech).
- A file with no such labels may name each speaker alone on the line that opens a paragraph
  ("Interviewer", a blank line, "Mark", the next line his words). That reading is taken only
  when it is plainly the file's layout: two or more such names, each opening at least two
  paragraphs, together opening most of them, and none ending like a sentence ("Yes.").
- Lines starting with "#" followed by a space (Markdown headings, comments) and rules
  ("---", "***") are skipped.
- If the file has speaker labels, unlabelled lines before the first label are a preamble and
  skipped. A file with no labels at all is one participant's words.
"""

from __future__ import annotations

import re
from collections import Counter

from jobstory.synthesis.ingest.common import (
    TIMESTAMP,
    ParseError,
    Piece,
    build_utterances,
    iter_lines,
    label_at,
)
from jobstory.synthesis.ingest.speakers import accepted_labels, looks_like_name
from jobstory.synthesis.sources import Parsed, Source

_TS = rf"(?:\[{TIMESTAMP}\]|\({TIMESTAMP}\))"
_LEADING_TS = re.compile(rf"[ \t]*{_TS}[ \t]*")
_BARE_TS = re.compile(rf"[ \t]*{TIMESTAMP}[ \t]+(?:[-|\u2013][ \t]+)?")
_ONLY_TS = re.compile(rf"[ \t]*(?:{_TS}|{TIMESTAMP})[ \t]*$")
_HEADER = re.compile(
    rf"[ \t]*(?:\[(?P<bracketed>[^\W\d_][^:\r\n\]]{{0,40}}?)\]|(?P<name>[^\W\d_][^:\r\n]{{0,40}}?))"
    rf"[ \t]+{TIMESTAMP}(?:[ \t]*[AaPp]\.?[Mm]\.?)?[ \t]*$")
_SKIP = re.compile(r"[ \t]*(?:#+(?:[ \t].*)?|-{3,}|\*{3,}|_{3,}|={3,})[ \t]*$")


def _classify(text: str, start: int, end: int) -> tuple[str, str | None, int, int]:
    """(kind, label candidate, where the words start if it is a label, where they start if
    it is not) for one line."""
    if start == end or text[start:end].isspace():
        return "blank", None, end, end
    if _SKIP.match(text, start, end) or _ONLY_TS.match(text, start, end):
        return "skip", None, end, end
    header = _HEADER.match(text, start, end)
    if header:
        name = " ".join((header.group("bracketed") or header.group("name")).split())
        if looks_like_name(name):
            return "header", name, end, start
    lead = _LEADING_TS.match(text, start, end)
    if lead:
        start = lead.end()
    else:  # "00:00:05 Marta Ruiz: ..." (a bare time is words unless a label follows it)
        bare = _BARE_TS.match(text, start, end)
        if bare and label_at(text, bare.end(), end):
            start = bare.end()
    hit = label_at(text, start, end)
    if hit:
        after = _LEADING_TS.match(text, hit[1], end)
        return "label", hit[0], after.end() if after else hit[1], start
    return "line", None, start, start


_SENTENCE_END = re.compile(r"[.!?,;:]\s*$")


def _names_alone(text: str, rows: list[tuple[int, str, str | None, int, int]],
                 starts: list[int]) -> list[tuple[int, str, str | None, int, int]]:
    """`rows` with each line that names a speaker alone at a paragraph's start read as a
    header, when the file is laid out that way (see the module docstring); else as given."""
    openers = [i for i, row in enumerate(rows)  # rows that open a paragraph
               if row[1] == "line" and (i == 0 or rows[i - 1][1] in ("blank", "skip"))]
    names: dict[int, str] = {}
    for i in openers:
        end = rows[i][0]
        said = " ".join(text[starts[i]:end].split())
        if i + 1 < len(rows) and rows[i + 1][1] == "line" and looks_like_name(said) and \
                not _SENTENCE_END.search(said):
            names[i] = said
    # Each name once: a name is a speaker by its form ("Mark", "Interviewer"; not "Yes"),
    # and by opening two paragraphs or more.
    counts = Counter(names.values())
    speakers = {name for name in accepted_labels(set(names.values())) if counts[name] >= 2}
    opened = sum(1 for name in names.values() if name in speakers)
    if len(speakers) < 2 or 2 * opened <= len(openers):
        return rows
    return [(row[0], "header", names[i], row[0], starts[i]) if names.get(i) in speakers else row
            for i, row in enumerate(rows)]


def parse(source_id: str, path: str, text: str, *, interviewer: str | None = None) -> Parsed:
    source = Source(id=source_id, path=path, format="text", text=text)
    lines = list(iter_lines(text))
    rows = [(end, *_classify(text, start, end)) for _, start, end in lines]
    labels = accepted_labels(name for _, kind, name, _, _ in rows if name is not None)
    if not labels:
        rows = _names_alone(text, rows, [start for _, start, _ in lines])
        labels = accepted_labels(name for _, kind, name, _, _ in rows if name is not None)
    labelled = False
    speaker = ""
    pieces: list[Piece] = []
    # Each line is a piece; merge_pieces joins a speaker's lines when only whitespace lies
    # between them, so a label, heading or timestamp always starts a new utterance.
    for end, kind, name, words, plain in rows:
        if kind in ("blank", "skip"):
            continue
        if name is not None and name in labels:
            labelled, speaker = True, name
            pieces.append(Piece(speaker, words, end))
        elif not labels or labelled:  # else: a preamble before the first speaker
            pieces.append(Piece(speaker, plain, end))
    if not pieces:
        raise ParseError(1, "no speech found: expected lines like 'Name: what they said'")
    return build_utterances(source, pieces, interviewer=interviewer)
