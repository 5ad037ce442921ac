"""`jobstory cluster FILE.csv --column NAME [--k N] [--out FILE]`: themes for one CSV column.

Reads the CSV (UTF-8, with or without BOM; comma, semicolon, tab or pipe separated), embeds the
non-empty cells of the column, clusters them (:func:`jobstory.synthesis.cluster.cluster`),
names each theme by its key phrases, and writes two files:

- ``out`` (default ``<input stem>.clustered.csv`` beside the input): every input row, in input
  order, plus ``theme_id`` and ``theme_label``. Empty cells get empty theme columns; outliers get
  ``outlier`` / ``(unassigned)``. Existing ``theme_id``/``theme_label`` columns are replaced, so
  the output can be clustered again.
- ``<out stem>.themes.csv``: one row per theme (largest first): theme_id, label, size,
  key_phrases (separated by "; "), representative (the most central member's text verbatim).

Both files are replaced atomically (:mod:`jobstory.synthesis.outputs`): a reader sees the old
file or the new one, never half of one. A cell may be as long as the file. What looks wrong
but loses nothing is returned in ``warnings`` ("file:line: ..."): a quoted field never closed
(the rest of the file is read as one cell, as a spreadsheet would), ``k`` larger than the
number of distinct answers.

Theme ids are content-derived (see :mod:`jobstory.synthesis.theme_ids`): members are identified
by a hash of their text, so the same file, or the same rows in another order, gives the same ids.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from jobstory.synthesis.cluster import cluster
from jobstory.synthesis.embed import Embedder
from jobstory.synthesis.keyphrases import key_phrases, representative
from jobstory.synthesis.outputs import write_files
from jobstory.synthesis.theme_ids import theme_ids

OUTLIER_ID = "outlier"
OUTLIER_LABEL = "(unassigned)"
THEME_COLUMNS = ("theme_id", "theme_label")
LABEL_PHRASES = 3

Progress = Callable[[str, float], None]


class ClusterCsvError(ValueError):
    """A problem with the input the user can fix (missing file or column, unreadable CSV)."""


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    size: int
    key_phrases: list[str]
    representative: str
    rows: list[int]  # 0-based data-row numbers (the header is not a row)


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
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ClusterCsvError(
            f"{path.name} is not UTF-8 (byte {exc.start}); save it as UTF-8 CSV and try again"
        ) from None
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


def member_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def cluster_csv(
    path: Path,
    column: str,
    *,
    k: int | None = None,
    out: Path | None = None,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
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
    col = header.index(column)
    cells = [(row[col] if col < len(row) else "") for row in rows]
    filled = [i for i, cell in enumerate(cells) if cell.strip()]
    empty = [i for i, cell in enumerate(cells) if not cell.strip()]
    step("read", 1.0)

    # Embed each distinct text once; clustering sees every row (duplicates share a theme).
    texts = [cells[i].strip() for i in filled]
    distinct = list(dict.fromkeys(texts))
    step("embed", 0.0)
    if embedder is None:
        from jobstory.synthesis.embed import default_embedder

        embedder = default_embedder()
    vectors_distinct = embedder.encode(distinct) if distinct else np.zeros((0, 1), np.float32)
    where = {t: i for i, t in enumerate(distinct)}
    vectors = vectors_distinct[[where[t] for t in texts]] if texts else vectors_distinct
    step("embed", 1.0)

    step("cluster", 0.0)
    result = cluster(vectors, k)
    if k is not None and k > len(distinct):
        warnings.append(
            f"{path.name}: --k {k} asks for more themes than the {len(distinct)} distinct "
            f"answers in column {column!r} ({len(filled)} non-empty rows); made {result.k}"
        )
    step("cluster", 1.0)

    step("label", 0.0)
    members = [np.flatnonzero(result.labels == c) for c in range(result.k)]
    phrases = key_phrases([[texts[j] for j in m] for m in members])
    # Members most central first, so each theme's id rests on its core, not its fringe; ties
    # go by text hash, so the ids don't depend on row order.
    text_ids = [member_id(t) for t in texts]
    central_first = []
    for c, m in enumerate(members):
        sims = np.round(vectors[m] @ result.centroids[c], 6)
        central_first.append([j for _, _, j in sorted(zip(-sims, (text_ids[j] for j in m), m))])
    ids = theme_ids([[text_ids[j] for j in m] for m in central_first])
    themes: list[Theme] = []
    for c, m in enumerate(members):
        rep = texts[m[representative(vectors[m], result.centroids[c])]]
        label = ", ".join(phrases[c][:LABEL_PHRASES]) or _shorten(rep)
        themes.append(Theme(ids[c], label, len(m), phrases[c], rep, [filled[j] for j in m]))
    outliers = [filled[j] for j in np.flatnonzero(result.labels < 0)]
    step("label", 1.0)

    step("write", 0.0)
    out = Path(out) if out is not None else default_out(path)
    if out.resolve() == path.resolve():
        raise ClusterCsvError("--out must not be the input file")
    summary = themes_path(out)
    assignment: dict[int, tuple[str, str]] = {row: (OUTLIER_ID, OUTLIER_LABEL) for row in outliers}
    for theme in themes:
        for row in theme.rows:
            assignment[row] = (theme.id, theme.label)
    keep = [i for i, h in enumerate(header) if h not in THEME_COLUMNS]
    out.parent.mkdir(parents=True, exist_ok=True)
    rows_csv = io.StringIO()
    writer = csv.writer(rows_csv, lineterminator="\n")
    writer.writerow([header[i] for i in keep] + list(THEME_COLUMNS))
    for r, row in enumerate(rows):
        padded = row + [""] * (len(header) - len(row))
        writer.writerow([padded[i] for i in keep] + list(assignment.get(r, ("", ""))))
    themes_csv = io.StringIO()
    writer = csv.writer(themes_csv, lineterminator="\n")
    writer.writerow(["theme_id", "label", "size", "key_phrases", "representative"])
    for theme in themes:
        writer.writerow(
            [theme.id, theme.label, theme.size, "; ".join(theme.key_phrases),
             theme.representative]
        )
    write_files(out.parent, {summary.name: themes_csv.getvalue(), out.name: rows_csv.getvalue()})
    step("write", 1.0)
    return ClusterCsvResult(
        out=out,
        themes_out=summary,
        rows=len(rows),
        clustered=len(filled),
        empty=empty,
        themes=themes,
        outliers=outliers,
        method=result.method,
        columns=header,
        warnings=warnings,
    )


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
