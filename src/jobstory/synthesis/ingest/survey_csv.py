"""Survey answers in CSV, one row per answer ("long" layout).

Columns `participant`, `question`, `answer` by default (names are matched case-insensitively
and can be changed); an optional `question_id` column names questions, otherwise the id is a
slug of the question text ("what-almost-stopped-you-from-switching"). The delimiter is
whichever of "," ";" or tab makes the header hold those columns. UTF-8 with or without BOM,
any newline style, RFC 4180 quoting.

Each non-empty answer is one participant utterance whose `question_text` is the question cell
and whose `participant` is the participant cell as written (a blank cell becomes
"<file stem>:<line>"). The offsets cover the answer cell's text; inside a quoted cell an
escaped quote stays doubled ("") in the utterance, because an utterance is a verbatim slice.

Structured questions (per file, per question), kept simple on purpose:
- "scale": every answer is a whole number between 0 and 10 (1-5, 1-7, 0-10 NPS...).
- "multiple_choice": some answers list several options separated by ";" or "|", and the
  options are short (<= 5 words) and few (<= 8 distinct, each used twice on average).
- "yes_no" / "single_choice": at least 3 answers, all short (<= 5 words), with at most 8
  distinct values (case-insensitive) and each used twice on average; yes/no/y/n/true/false
  answers are "yes_no" with value "yes" or "no".
Those answers are also recorded as StructuredAnswer (value: int, str or list[str]);
`segment()` leaves them out, so "4" or "Spreadsheet" never becomes a unit to code.

A CSV without these columns whose rows are whole conversations is a transcript CSV
(`ingest/transcript_csv.py`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence

from jobstory.synthesis.ingest.common import LineIndex, ParseError, stem_of, trim
from jobstory.synthesis.sources import Parsed, Source, StructuredAnswer, Utterance

DEFAULT_COLUMNS = ("participant", "question", "answer")
_QUOTED = re.compile(r'"((?:[^"]|"")*)"')
_UNQUOTED = {d: re.compile(rf"[^{re.escape(d)}\r\n]*") for d in (",", ";", "\t")}
_SLUG = re.compile(r"[^\w]+")
_INTEGER = re.compile(r"[+-]?\d+")
_LIST_SEPARATOR = re.compile(r"\s*[;|]\s*")
_YES = {"yes", "y", "true"}
_NO = {"no", "n", "false"}

Cell = tuple[int, int, bool]  # start, end (of the value, quotes excluded), quoted


def iter_rows(text: str, delimiter: str) -> Iterator[list[Cell]]:
    """The rows of `text` as cells with offsets, lazily, so a reader can keep the rows before
    a malformed one; raises ParseError naming the line where the malformed row goes wrong."""
    unquoted = _UNQUOTED[delimiter]
    row: list[Cell] = []
    pos, n = 0, len(text)
    lines: LineIndex | None = None
    while True:
        if text.startswith('"', pos):
            m = _QUOTED.match(text, pos)
            if m is None:
                lines = lines or LineIndex(text)
                raise ParseError(
                    lines.line_of(pos), 'unterminated quoted field: expected a closing "'
                )
            row.append((pos + 1, m.end() - 1, True))
        else:
            m = unquoted.match(text, pos)
            row.append((pos, m.end(), False))
        pos = m.end()
        if pos >= n:
            yield row
            return
        char = text[pos]
        if char == delimiter:
            pos += 1
            continue
        if char in "\r\n":
            yield row
            row = []
            pos += 2 if text.startswith("\r\n", pos) else 1
            if pos >= n:
                return
            continue
        lines = lines or LineIndex(text)
        raise ParseError(
            lines.line_of(pos),
            f"unexpected {char!r} after a quoted field: expected {delimiter!r} or a line break",
        )


def _rows(text: str, delimiter: str, *, first_only: bool = False) -> list[list[Cell]]:
    rows = iter_rows(text, delimiter)
    return [next(rows)] if first_only else list(rows)


def _value(text: str, cell: Cell) -> str:
    raw = text[cell[0] : cell[1]]
    return (raw.replace('""', '"') if cell[2] else raw).strip()


def slug(question: str) -> str:
    words = _SLUG.sub(" ", question.casefold()).split()
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > 60:
            break
        out = f"{out}-{word}" if out else word
    return out or "question"


def _find_columns(
    text: str, columns: Sequence[str]
) -> tuple[str, list[list[Cell]], list[int], int | None]:
    wanted = [c.strip().casefold() for c in columns]
    seen: list[str] = []
    for delimiter in (",", ";", "\t"):
        header = _rows(text, delimiter, first_only=True)[0]
        names = [_value(text, cell).casefold() for cell in header]
        if all(w in names for w in wanted):
            rows = _rows(text, delimiter)
            qid = names.index("question_id") if "question_id" in names else None
            return delimiter, rows, [names.index(w) for w in wanted], qid
        if not seen:
            seen = [_value(text, cell) for cell in header]
    raise ParseError(
        1,
        "expected columns "
        + ", ".join(repr(c) for c in columns)
        + " in the header, found "
        + ", ".join(repr(s) for s in seen)
        + (" (or, for one transcript per row, an id column and a column of 'Name: text' "
           "conversations: --csv-columns ID,TEXT)" if tuple(columns) == DEFAULT_COLUMNS else ""),
    )


def has_columns(text: str, columns: Sequence[str]) -> bool:
    """Whether the header row holds `columns` (case-insensitively) with some delimiter."""
    wanted = [c.strip().casefold() for c in columns]
    for delimiter in (",", ";", "\t"):
        try:
            header = _rows(text, delimiter, first_only=True)[0]
        except ParseError:
            continue
        names = [_value(text, cell).casefold() for cell in header]
        if all(w in names for w in wanted):
            return True
    return False


def _structured_kind(values: list[str]) -> str | None:
    if not values:
        return None
    if all(_INTEGER.fullmatch(v) and 0 <= int(v) <= 10 for v in values):
        return "scale"
    short = all(len(v) <= 60 and len(v.split()) <= 5 for v in values)
    if any(_LIST_SEPARATOR.search(v) for v in values):
        options = [o.casefold() for v in values for o in _LIST_SEPARATOR.split(v) if o]
        if (
            all(len(o.split()) <= 5 for o in options)
            and len(set(options)) <= 8
            and len(options) >= 2 * len(set(options))
        ):
            return "multiple_choice"
        return None
    distinct = {v.casefold() for v in values}
    if short and len(values) >= 3 and len(distinct) <= 8 and len(values) >= 2 * len(distinct):
        return "yes_no" if distinct <= _YES | _NO else "single_choice"
    return None


def _structured_value(kind: str, value: str) -> int | str | list[str]:
    if kind == "scale":
        return int(value)
    if kind == "multiple_choice":
        return [o for o in _LIST_SEPARATOR.split(value) if o]
    if kind == "yes_no":
        return "yes" if value.casefold() in _YES else "no"
    return value


def parse(
    source_id: str,
    path: str,
    text: str,
    *,
    columns: Sequence[str] = DEFAULT_COLUMNS,
) -> Parsed:
    source = Source(id=source_id, path=path, format="csv", text=text)
    _, rows, (p_col, q_col, a_col), qid_col = _find_columns(text, columns)
    lines = LineIndex(text)
    needed = max(p_col, q_col, a_col, qid_col or 0) + 1
    base = stem_of(source_id)
    question_ids: dict[str, str] = {}  # question text -> id
    answers: list[tuple[str, str, str, int, int, int]] = []  # pid, qid, qtext, start, end, line
    for row in rows[1:]:
        if all(c[0] == c[1] for c in row):
            continue  # blank line
        line = lines.line_of(row[0][0] - row[0][2])
        if len(row) < needed:
            raise ParseError(line, f"expected at least {needed} columns, found {len(row)}")
        start, end = trim(text, row[a_col][0], row[a_col][1])
        if start == end:
            continue
        question = _value(text, row[q_col])
        if qid_col is not None and _value(text, row[qid_col]):
            qid = _value(text, row[qid_col])
        else:
            qid = question_ids.get(question)
            if qid is None:
                qid = slug(question)
                if qid in question_ids.values():
                    qid = f"{qid}-{len(question_ids) + 1}"
                question_ids[question] = qid
        participant = _value(text, row[p_col]) or f"{base}:{line}"
        answers.append((participant, qid, question, start, end, line))
    if not answers:
        raise ParseError(1, "no answers found: expected rows under the header")

    by_question: dict[str, list[str]] = defaultdict(list)
    for _, qid, _, start, end, _ in answers:
        by_question[qid].append(text[start:end].replace('""', '"'))
    kinds = {qid: _structured_kind(values) for qid, values in by_question.items()}

    utterances: list[Utterance] = []
    structured: list[StructuredAnswer] = []
    for participant, qid, question, start, end, line in answers:
        utterances.append(
            Utterance(
                source_id=source_id,
                speaker=participant,
                role="participant",
                participant=participant,
                start=start,
                end=end,
                text=text[start:end],
                question_id=qid,
                question_text=question,
                line=lines.line_of(start),
            )
        )
        kind = kinds[qid]
        if kind:
            value = text[start:end].replace('""', '"')
            structured.append(
                StructuredAnswer(
                    source_id=source_id,
                    participant=participant,
                    question_id=qid,
                    question_text=question,
                    kind=kind,
                    value=_structured_value(kind, value),
                    line=lines.line_of(start),
                )
            )
    return Parsed(source=source, utterances=utterances, structured=structured)
