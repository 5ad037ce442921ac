"""Transcript CSVs: one whole conversation per row, as hosted AI-interview tools export them.

    transcript_id,text
    interview_0001,"AI: Hi! Thanks for joining.
    ...
    User: I run a small print shop..."

Recognised without a flag: a .csv without the survey columns is read as transcripts when one
column's values are mostly multi-line, speaker-labelled conversations (three or more lines
that start with "Name:", from at least two speakers). `--csv-columns ID,TEXT` names the two
columns outright. Without it the id column is the first other column whose header is "id" or
ends in "id" ("transcript_id", "Interview ID"), else the first other column of distinct
one-line values, else none (rows are then numbered).

Each row becomes its own Source:

- id "<file id>#<row id>": the id cell made safe for an id (letters, digits, "_", "-" and "."
  kept, anything else "-", at most 64 characters), "row<N>" (N the 1-based data row) when the
  cell is blank, "-2", "-3"... added to repeats, so ids are unique and stable.
- format "csv-transcript", and `text` the cell's value with the CSV quoting undone. That is not
  a slice of the file, so the format is a rendered one (`RENDERED_FORMATS`): analysis.json
  carries each row's text and every quote stays checkable against it.
- speakers and utterances exactly as for a .txt file (`ingest/text.py`).

A row whose text is blank is skipped; a row that cannot be read (too few cells, no speech) or
a malformed quote is damage: the file's other rows are kept and the first bad line is
reported (see `ingest/problems.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from jobstory.synthesis.ingest import text as text_reader
from jobstory.synthesis.ingest.common import LineIndex, ParseError, iter_lines, label_at
from jobstory.synthesis.ingest.problems import Problems
from jobstory.synthesis.ingest.survey_csv import DEFAULT_COLUMNS, Cell, has_columns, iter_rows
from jobstory.synthesis.sources import Parsed

FORMAT = "csv-transcript"
#: How many non-empty cells per column are looked at to recognise conversations.
SAMPLE = 40
_UNSAFE = re.compile(r"[^\w.-]+")
_ID_HEADER = re.compile(r"(?:.*[\s_-])?id", re.IGNORECASE)
_ID_LIMIT = 64


@dataclass(frozen=True)
class Layout:
    """Where the transcripts are in a CSV: the delimiter, its rows, the two columns."""

    delimiter: str
    rows: list[list[Cell]]
    text_column: int
    id_column: int | None
    error: ParseError | None  # a malformed row that ended reading early


def cell_text(text: str, cell: Cell) -> str:
    """A cell's value with CSV quoting undone, whitespace kept."""
    raw = text[cell[0] : cell[1]]
    return raw.replace('""', '"') if cell[2] else raw


def is_conversation(value: str) -> bool:
    """Three or more lines starting with a speaker label, from at least two speakers."""
    if "\n" not in value and "\r" not in value:
        return False
    names: list[str] = []
    for _, start, end in iter_lines(value):
        hit = label_at(value, start, end)
        if hit:
            names.append(hit[0])
    return len(names) >= 3 and len(set(names)) >= 2


def _read_rows(text: str, delimiter: str) -> tuple[list[list[Cell]], ParseError | None]:
    rows: list[list[Cell]] = []
    try:
        for row in iter_rows(text, delimiter):
            rows.append(row)  # noqa: PERF402 - one by one: the rows before a bad one are kept
    except ParseError as error:
        return rows, error
    return rows, None


def _conversation_column(text: str, rows: list[list[Cell]], width: int) -> int | None:
    """The column whose sampled non-empty cells are mostly conversations."""
    best, best_share = None, 0.5
    for column in range(width):
        values = []
        for row in rows[1:]:
            if column < len(row) and row[column][0] < row[column][1]:
                values.append(cell_text(text, row[column]))
                if len(values) == SAMPLE:
                    break
        if not values:
            continue
        share = sum(map(is_conversation, values)) / len(values)
        if share > best_share:
            best, best_share = column, share
    return best


def _id_column(text: str, rows: list[list[Cell]], header: list[str], skip: int) -> int | None:
    for column, name in enumerate(header):
        if column != skip and _ID_HEADER.fullmatch(name.strip()):
            return column
    for column in range(len(header)):
        if column == skip:
            continue
        values = [cell_text(text, row[column]).strip() for row in rows[1:] if column < len(row)]
        if values and all(v and "\n" not in v and "\r" not in v for v in values) and len(
            set(values)
        ) == len(values):
            return column
    return None


def layout(content: str, columns: Sequence[str]) -> Layout | None:
    """How to read `content` as a transcript CSV, or None when it is a survey CSV.

    Two `columns` (id, text) name the columns and raise ParseError when the header lacks
    them; three are the survey's columns: a file holding them is a survey, any other file is
    transcripts if a column of conversations is found.
    """
    named = len(columns) == 2
    if not named and (tuple(columns) != DEFAULT_COLUMNS or has_columns(content, columns)):
        return None
    for delimiter in (",", ";", "\t"):
        try:
            first = next(iter_rows(content, delimiter))
        except ParseError:
            continue
        header = [cell_text(content, cell).strip() for cell in first]
        folded = [h.casefold() for h in header]
        if named:
            wanted = [c.strip().casefold() for c in columns]
            if not all(w in folded for w in wanted):
                continue
            rows, error = _read_rows(content, delimiter)
            return Layout(delimiter, rows, folded.index(wanted[1]), folded.index(wanted[0]),
                          error)
        if len(header) < 2 and delimiter != "\t":
            continue
        rows, error = _read_rows(content, delimiter)
        found = _conversation_column(content, rows, len(header))
        if found is not None:
            return Layout(delimiter, rows, found, _id_column(content, rows, header, found),
                          error)
    if named:
        try:
            header = [cell_text(content, c).strip() for c in next(iter_rows(content, ","))]
        except ParseError:
            header = []
        raise ParseError(
            1,
            f"expected columns {columns[0]!r} and {columns[1]!r} (--csv-columns ID,TEXT) in the "
            "header, found " + ", ".join(repr(h) for h in header),
        )
    return None


def _row_ids(values: list[str]) -> list[str]:
    """Safe, unique ids for the rows' id cells ("" for a row without one)."""
    seen: set[str] = set()
    ids = []
    for number, value in enumerate(values, 1):
        safe = _UNSAFE.sub("-", value.strip()).strip("-.")[:_ID_LIMIT] or f"row{number}"
        unique, n = safe, 1
        while unique in seen:
            n += 1
            unique = f"{safe}-{n}"
        seen.add(unique)
        ids.append(unique)
    return ids


def parse_row(file_id: str, path: str, row_id: str, content: str, *,
              interviewer: str | None = None) -> Parsed:
    """One row's transcript as a Source of its own; raises ParseError if it holds no speech.

    A generic participant label ("User") is named after the row ("export#int-7", see
    `stem_of`), so the rows of one file are never one person.
    """
    read = text_reader.parse(f"{file_id}#{row_id}", path, content, interviewer=interviewer)
    return replace(read, source=replace(read.source, format=FORMAT))


def parse(source_id: str, path: str, content: str, found: Layout, *,
          interviewer: str | None = None, problems: Problems | None = None) -> list[Parsed]:
    """Every readable row of a transcript CSV, one Parsed per row, in file order."""
    problems = problems if problems is not None else Problems()
    lines = LineIndex(content)
    needed = max(found.text_column, found.id_column or 0) + 1
    rows = [row for row in found.rows[1:] if not all(c[0] == c[1] for c in row)]
    ids = _row_ids([
        cell_text(content, row[found.id_column])
        if found.id_column is not None and found.id_column < len(row) else ""
        for row in rows
    ])
    out: list[Parsed] = []
    for row, row_id in zip(rows, ids, strict=True):
        line = lines.line_of(row[0][0] - row[0][2])
        if len(row) < needed:
            problems.damaged(line, f"row {row_id!r}: expected at least {needed} columns, "
                             f"found {len(row)}")
            continue
        value = cell_text(content, row[found.text_column])
        if not value.strip():
            continue
        try:
            out.append(parse_row(source_id, path, row_id, value, interviewer=interviewer))
        except ParseError as error:
            problems.damaged(line, f"row {row_id!r}: {error.message}")
    if found.error is not None:
        problems.damaged(found.error.line, found.error.message)
    if not out:
        if problems.damage:
            raise ParseError(*problems.damage[0])
        raise ParseError(1, "no transcripts found: expected rows under the header")
    return out
