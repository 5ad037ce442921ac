"""Where the chat's analysis comes from: a folder `jobstory analyze` wrote, or a study in
the store. I/O at the edge; the index itself is built by `index.build_index`."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

#: A participant fields file is a small table, not a data set.
MAX_FIELDS_BYTES = 4 * 1024 * 1024


class AskSourceError(Exception):
    """The analysis or study cannot be read; the message is one line naming what and why."""


def read_analysis_dir(target: Path) -> dict[str, Any]:
    """analysis.json in `target` (a folder, or the file itself)."""
    path = target / "analysis.json" if target.is_dir() else target
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AskSourceError(f"{path}: no analysis here (run `jobstory analyze ... --out "
                             f"{target}` first)") from None
    except OSError as error:
        raise AskSourceError(f"{path}: cannot read ({error.strerror or error})") from None
    except ValueError as error:
        raise AskSourceError(f"{path}: not valid JSON ({error})") from None
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list):
        raise AskSourceError(f"{path}: not a jobstory analysis (no segments)")
    return data


def source_texts(analysis: Mapping[str, Any], base: Path) -> dict[str, str]:
    """Each source's text, read from its file when the file is still there and unchanged
    (the SHA-256 of its text as analysed), so quotes can be checked against the source."""
    texts: dict[str, str] = {}
    for source in analysis.get("sources") or []:
        if not isinstance(source, dict) or not isinstance(source.get("path"), str):
            continue
        if isinstance(source.get("text"), str):
            texts[source["id"]] = source["text"]
            continue
        raw_path = Path(source["path"])
        for candidate in (raw_path, base / raw_path, base.parent / raw_path):
            try:
                text = candidate.read_bytes().decode("utf-8").removeprefix("\ufeff")
            except (OSError, UnicodeDecodeError):
                continue
            # analysis.json hashes the text it read; another text is another source.
            if hashlib.sha256(text.encode("utf-8")).hexdigest() == source.get("sha256"):
                texts[source["id"]] = text
                break
    return texts


def read_fields(path: Path) -> dict[str, dict[str, str]]:
    """Participant fields from a CSV: the first column names the participant (as the
    analysis does), every other column is a field ("plan", "region" ...)."""
    try:
        if path.stat().st_size > MAX_FIELDS_BYTES:
            raise AskSourceError(f"{path}: larger than {MAX_FIELDS_BYTES // 2**20} MB")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise AskSourceError(f"{path}: cannot read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise AskSourceError(f"{path}: not UTF-8 text") from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or len(rows[0]) < 2:
        raise AskSourceError(f"{path}:1: expected a header: participant,FIELD[,FIELD...]")
    header = [h.strip() for h in rows[0]]
    fields: dict[str, dict[str, str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or not row[0].strip():
            continue
        if len(row) > len(header):
            raise AskSourceError(f"{path}:{number}: {len(row)} values for {len(header)} "
                                 "columns")
        fields[row[0].strip()] = {h: v.strip() for h, v in zip(header[1:], row[1:])
                                  if h and v.strip()}
    return fields


def study_fields(store: Any, study_id: int) -> dict[str, dict[str, str]]:
    """The study's participants' own fields, keyed as the analysis names them (the name, else
    the external id, as the transcript reader does)."""
    from sqlalchemy import select

    from jobstory.store.tables import InterviewRow, ParticipantRow

    out: dict[str, dict[str, str]] = {}
    with store.read() as session:
        rows = session.execute(
            select(InterviewRow.participant, ParticipantRow.fields)
            .join(ParticipantRow, ParticipantRow.id == InterviewRow.participant_id)
            .where(InterviewRow.study_id == study_id))
        for participant, fields in rows:
            name = None
            if isinstance(participant, dict):
                name = participant.get("name") or participant.get("external_id")
            if name and isinstance(fields, dict):
                out[str(name).strip()] = {str(k): str(v) for k, v in fields.items()
                                          if v not in (None, "")}
    return out


def study_analysis(store: Any, study_id: int) -> dict[str, Any]:
    """The study's latest finished analysis; when the store holds none, one made now from
    its completed interviews (the same pipeline as `jobstory analyze --study`)."""
    from jobstory.synthesis.ingest.store import read_store
    from jobstory.synthesis.pipeline import Inputs, analyse

    from jobstory.analysis_runs.results import latest_analysis

    found = latest_analysis(store, study_id)
    if found:
        return found
    parsed = read_store(store, study_id)
    if not parsed:
        raise AskSourceError(f"study {study_id}: no completed interviews to ask about")
    return analyse(Inputs(parsed, []), paths=[f"study:{study_id}"])



def open_index(target: str, *, db: str | None = None, fields_file: str | None = None,
               embedder: Any = None) -> Any:
    """The chat's index over TARGET: a folder with analysis.json (or the file), or a study id
    in the store at `db`."""
    from jobstory.delivery.ask.index import build_index

    if embedder is None:
        from jobstory.synthesis.embed import default_embedder

        embedder = default_embedder()
    path = Path(target)
    fields: dict[str, dict[str, str]] = {}
    if path.exists() or not target.isdigit():
        analysis = read_analysis_dir(path)
        texts = source_texts(analysis, path if path.is_dir() else path.parent)
    else:
        from jobstory.store.db import StoreError, open_store

        try:
            store = open_store(db)
        except StoreError as error:
            raise AskSourceError(str(error)) from None
        try:
            analysis = study_analysis(store, int(target))
            fields = study_fields(store, int(target))
        finally:
            store.close()
        texts = {}
    if fields_file:
        fields.update(read_fields(Path(fields_file)))
    return build_index(analysis, embedder, fields=fields, texts=texts)
