"""The chat's index over an analysis (read by `jobstory.delivery.analysis_source`) and the
participant fields a researcher may add from a CSV. I/O at the edge; the index itself is
built by `index.build_index`."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from jobstory.delivery.analysis_source import AnalysisSourceError, load

#: A participant fields file is a small table, not a data set.
MAX_FIELDS_BYTES = 4 * 1024 * 1024


def read_fields(path: Path) -> dict[str, dict[str, str]]:
    """Participant fields from a CSV: the first column names the participant (as the
    analysis does), every other column is a field ("plan", "region" ...)."""
    try:
        if path.stat().st_size > MAX_FIELDS_BYTES:
            raise AnalysisSourceError(f"{path}: larger than {MAX_FIELDS_BYTES // 2**20} MB")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise AnalysisSourceError(f"{path}: cannot read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise AnalysisSourceError(f"{path}: not UTF-8 text") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or len(rows[0]) < 2:
        raise AnalysisSourceError(f"{path}:1: expected a header: participant,FIELD[,FIELD...]")
    header = [h.strip() for h in rows[0]]
    fields: dict[str, dict[str, str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or not row[0].strip():
            continue
        if len(row) > len(header):
            raise AnalysisSourceError(f"{path}:{number}: {len(row)} values for {len(header)} "
                                      "columns")
        fields[row[0].strip()] = {h: v.strip() for h, v in zip(header[1:], row[1:])
                                  if h and v.strip()}
    return fields


def open_index(target: str, *, db: str | None = None, fields_file: str | None = None,
               embedder: Any = None) -> Any:
    """The chat's index over TARGET: a folder with analysis.json (or the file), or a study id
    in the store at `db` (a study not analysed yet is analysed now). The sources' texts that
    are still as analysed let each quote be checked against the source itself."""
    from jobstory.delivery.ask.index import build_index

    loaded = load(target, db=db, analyse_missing=True)
    fields = dict(loaded.fields)
    if fields_file:
        fields.update(read_fields(Path(fields_file)))
    if embedder is None:
        from jobstory.synthesis.embed import default_embedder

        embedder = default_embedder()
    return build_index(loaded.analysis, embedder, fields=fields, texts=loaded.texts())
