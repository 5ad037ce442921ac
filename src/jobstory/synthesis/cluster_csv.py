"""`jobstory cluster FILE.csv --column NAME [--k N] [--out FILE] [--report DIR]`: themes of a
column of open-ended answers (NPS comments, reviews, support messages).

Reads the CSV (UTF-8 with or without BOM, else Windows-1252 with a warning; comma, semicolon,
tab or pipe separated), finds the themes of the column's comments
(:func:`jobstory.synthesis.feedback_themes.feedback_themes`: comments cut into statements, read
for meaning, clustered, counted by respondent, with sentiment) and writes:

- ``out`` (default ``<input stem>.clustered.csv`` beside the input): every input row, in input
  order, plus ``theme_id``/``theme_label`` (the comment's main theme), ``theme_ids``/
  ``theme_labels`` (all its themes, main first, separated by " | ") and ``sentiment``
  (negative, neutral or positive). Empty cells get empty theme columns; a comment that fits no
  theme gets ``outlier`` / ``(unassigned)``. Existing columns of those names are replaced, so
  the output can be clustered again.
- ``<out stem>.themes.csv``: one row per theme (most respondents first): theme_id, label,
  respondents, main (respondents whose main theme it is), mentions (statements), the shares of
  negative/neutral/positive respondents, key_phrases ("; "), representative (verbatim).
- with ``report``: ``themes.html`` (self-contained) and ``themes.md`` in that folder.

Every file is replaced atomically (:mod:`jobstory.synthesis.outputs`): a reader sees the old
file or the new one, never half of one. A cell may be as long as the file. What looks wrong
but loses nothing is returned in ``warnings`` ("file:line: ..."): a quoted field never closed
(the rest of the file is read as one cell, as a spreadsheet would), ``k`` larger than the
number of distinct answers.

Theme ids are content-derived (see :mod:`jobstory.synthesis.theme_ids`): members are identified
by a hash of their text, so the same file, or the same rows in another order, gives the same ids.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jobstory.synthesis.embed import Embedder
from jobstory.synthesis.feedback_themes import feedback_themes
from jobstory.synthesis.outputs import write_files
from jobstory.text_files import NotText, decode_text

OUTLIER_ID = "outlier"
OUTLIER_LABEL = "(unassigned)"
THEME_COLUMNS = ("theme_id", "theme_label", "theme_ids", "theme_labels", "sentiment")
LIST_SEPARATOR = " | "

Progress = Callable[[str, float], None]


class ClusterCsvError(ValueError):
    """A problem with the input the user can fix (missing file or column, unreadable CSV)."""


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    size: int  # distinct respondents (rows) with a statement in the theme
    key_phrases: list[str]
    representative: str  # the most central statement, verbatim
    rows: list[int]  # 0-based data-row numbers (the header is not a row)
    main_rows: list[int] = field(default_factory=list)  # rows whose main theme it is
    mentions: int = 0  # statements (units) in the theme
    sentiment: dict[str, float] = field(default_factory=dict)  # label -> share of respondents


@dataclass(frozen=True)
class ClusterCsvResult:
    out: Path
    themes_out: Path
    rows: int  # data rows read
    clustered: int  # rows with a non-empty cell
    empty: list[int]  # rows whose cell was empty
    themes: list[Theme]
    outliers: list[int]  # rows left unassigned
    method: str
    columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # "file:line: what looked wrong"
    report: tuple[Path, Path] | None = None  # (themes.html, themes.md) when asked for
    units: int = 0  # statements clustered


def default_out(path: Path) -> Path:
    return path.with_name(f"{path.stem}.clustered.csv")


def themes_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.themes.csv")


def _read(path: Path, warnings: list[str]) -> tuple[list[str], list[list[str]]]:
    """Header and rows. Whatever the strict reading of the CSV rejects but the lenient one
    can read (a quote never closed, text after a closing quote) is read leniently - nothing
    is dropped - and named in `warnings` with the line where the record starts."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ClusterCsvError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise ClusterCsvError(f"{path} is a folder, not a CSV file") from None
    except OSError as exc:  # a symbolic link that loops, no permission...
        raise ClusterCsvError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        decoded = decode_text(raw)
    except NotText as exc:
        raise ClusterCsvError(f"{path.name}:{exc.line}: {exc}; save it as UTF-8 CSV and "
                              "try again") from None
    text = decoded.text
    if (note := decoded.note()) is not None:
        warnings.append(f"{path.name}:{decoded.windows_1252_line}: {note}")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:65536], delimiters=",;\t|"
        )
    except csv.Error:
        dialect = csv.excel
    # No cell can be longer than the file, which is already in memory: the csv module's
    # default limit (128 KiB) only turned a long answer into a traceback.
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        try:
            rows = _records(text, dialect, strict=True)
        except _CsvProblem as problem:
            warnings.append(f"{path.name}:{problem.line}: {problem.message}; read leniently")
            try:
                rows = _records(text, dialect, strict=False)
            except _CsvProblem as again:
                raise ClusterCsvError(
                    f"{path.name}:{again.line}: cannot read the CSV: {again.message}"
                ) from None
    finally:
        csv.field_size_limit(limit)
    if not rows:
        raise ClusterCsvError(f"{path.name} is empty: expected a header row")
    header = [h.strip() for h in rows[0]]
    return header, rows[1:]


class _CsvProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _records(text: str, dialect: type[csv.Dialect] | csv.Dialect, *,
             strict: bool) -> list[list[str]]:
    """The CSV's rows; a csv.Error becomes _CsvProblem naming the line its record starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), dialect, strict=strict)
    rows: list[list[str]] = []
    ended = 0  # the line the last complete record ended on
    try:
        for row in reader:
            rows.append(row)
            ended = reader.line_num
    except csv.Error as error:
        message = str(error)
        if message == "unexpected end of data":
            message = ("a quoted field opened on this line is never closed, so the rest of "
                       "the file is one cell")
        raise _CsvProblem(ended + 1, message) from None
    return rows


def cluster_csv(
    path: Path,
    column: str,
    *,
    k: int | None = None,
    out: Path | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    report: Path | None = None,
) -> ClusterCsvResult:
    path = Path(path)

    def step(stage: str, fraction: float) -> None:
        if progress is not None:
            progress(stage, fraction)

    if k is not None and k < 1:
        raise ClusterCsvError(f"--k must be at least 1, got {k}")
    step("read", 0.0)
    warnings: list[str] = []
    header, rows = _read(path, warnings)
    if column not in header:
        listed = ", ".join(repr(h) for h in header) or "(none)"
        hint = [h for h in header if h.casefold() == column.strip().casefold()]
        extra = f" Did you mean {hint[0]!r}?" if hint else ""
        raise ClusterCsvError(
            f"column {column!r} not found in {path.name}. Columns are: {listed}.{extra}"
        )
    out = Path(out) if out is not None else default_out(path)
    if out.resolve() == path.resolve():
        raise ClusterCsvError("--out must not be the input file")
    col = header.index(column)
    cells = [(row[col] if col < len(row) else "") for row in rows]
    filled = [i for i, cell in enumerate(cells) if cell.strip()]
    empty = [i for i, cell in enumerate(cells) if not cell.strip()]
    step("read", 1.0)

    step("embed", 0.0)
    if embedder is None:
        from jobstory.synthesis.embed import default_embedder

        embedder = default_embedder()
    step("cluster", 0.0)
    found = feedback_themes(cells, embedder, k)
    distinct = len({" ".join(cells[i].split()) for i in filled})
    if k is not None and k > distinct:
        warnings.append(
            f"{path.name}: --k {k} asks for more themes than the {distinct} distinct "
            f"answers in column {column!r} ({len(filled)} non-empty rows); made "
            f"{len(found.themes)}"
        )
    step("embed", 1.0)
    step("cluster", 1.0)
    step("label", 0.0)
    themes = [
        Theme(t.id, t.label, len(t.rows), list(t.key_phrases), t.representative.text,
              list(t.rows), list(t.main_rows), t.mentions, dict(t.sentiment.shares))
        for t in found.themes
    ]
    step("label", 1.0)

    step("write", 0.0)
    summary = themes_path(out)
    keep = [i for i, h in enumerate(header) if h not in THEME_COLUMNS]
    out.parent.mkdir(parents=True, exist_ok=True)
    rows_csv = io.StringIO()
    writer = csv.writer(rows_csv, lineterminator="\n")
    writer.writerow([header[i] for i in keep] + list(THEME_COLUMNS))
    outliers = set(found.outliers)
    for r, row in enumerate(rows):
        padded = row + [""] * (len(header) - len(row))
        if r in outliers:
            extra = [OUTLIER_ID, OUTLIER_LABEL, OUTLIER_ID, OUTLIER_LABEL]
        elif found.memberships[r]:
            mine = [found.themes[c] for c in found.memberships[r]]
            extra = [mine[0].id, mine[0].label, LIST_SEPARATOR.join(t.id for t in mine),
                     LIST_SEPARATOR.join(t.label for t in mine)]
        else:
            extra = ["", "", "", ""]
        feeling = found.sentiments[r].label if cells[r].strip() else ""
        writer.writerow([padded[i] for i in keep] + extra + [feeling])
    themes_csv = io.StringIO()
    writer = csv.writer(themes_csv, lineterminator="\n")
    writer.writerow(["theme_id", "label", "respondents", "main", "mentions", "negative",
                     "neutral", "positive", "key_phrases", "representative"])
    for theme in themes:
        writer.writerow(
            [theme.id, theme.label, theme.size, len(theme.main_rows), theme.mentions,
             *(f"{theme.sentiment[s]:.3f}" for s in ("negative", "neutral", "positive")),
             "; ".join(theme.key_phrases), theme.representative]
        )
    write_files(out.parent, {summary.name: themes_csv.getvalue(), out.name: rows_csv.getvalue()})
    report_files: tuple[Path, Path] | None = None
    if report is not None:
        from jobstory.synthesis.feedback_report import context, write_report

        data = context(found, title=f"Themes in {path.name}", source=path.name,
                       column=column, rows=len(rows))
        report_files = write_report(Path(report), data)
    step("write", 1.0)
    return ClusterCsvResult(
        out=out,
        themes_out=summary,
        rows=len(rows),
        clustered=len(filled),
        empty=empty,
        themes=themes,
        outliers=sorted(outliers),
        method=found.clustering.method,
        columns=header,
        warnings=warnings,
        report=report_files,
        units=found.units,
    )
