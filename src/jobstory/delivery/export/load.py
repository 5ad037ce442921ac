"""What an export reads: an analysis (a folder `jobstory analyze` wrote, or a study in the
store) and, for the QDA project, each source's text exactly as the analysis indexed it.

I/O at the edge: the writers in this package are pure functions of what is loaded here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: analysis.json of a few thousand interviews is tens of megabytes, not gigabytes.
MAX_ANALYSIS_BYTES = 512 * 1024 * 1024


class ExportError(Exception):
    """What cannot be exported, in one line naming the file or study and why."""


@dataclass(frozen=True)
class Loaded:
    """An analysis and a way to read its sources' texts (only the QDA project needs them)."""

    analysis: dict[str, Any]
    name: str
    texts: Callable[[], dict[str, str]]


def load(target: str, *, db: str | None = None) -> Loaded:
    """TARGET is a folder with analysis.json (or the file), or a study id in the store."""
    path = Path(target)
    if path.exists() or not target.isdigit():
        return _from_folder(path)
    return _from_study(int(target), db)


def _from_folder(path: Path) -> Loaded:
    file = path / "analysis.json" if path.is_dir() else path
    try:
        if file.stat().st_size > MAX_ANALYSIS_BYTES:
            raise ExportError(f"{file}: larger than {MAX_ANALYSIS_BYTES // 2**20} MB")
        analysis = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ExportError(f"{file}: no analysis here (run `jobstory analyze ... --out "
                          f"{path}` first, or give a study id)") from None
    except OSError as error:
        raise ExportError(f"{file}: cannot read ({error.strerror or error})") from None
    except ValueError as error:
        raise ExportError(f"{file}: not valid JSON ({error})") from None
    if not isinstance(analysis, dict) or not isinstance(analysis.get("job_stories"), list):
        raise ExportError(f"{file}: not a jobstory analysis (no job_stories)")
    base = file.parent
    name = base.resolve().name or "jobstory"
    return Loaded(analysis, name, lambda: file_texts(analysis, base))


def _from_study(study_id: int, db: str | None) -> Loaded:
    from jobstory.analysis_runs.results import latest_analysis
    from jobstory.store.db import StoreError, open_store
    from jobstory.synthesis.ingest.store import read_store

    try:
        store = open_store(db)
    except StoreError as error:
        raise ExportError(str(error)) from None
    try:
        analysis = latest_analysis(store, study_id)
        parsed = read_store(store, study_id)
    finally:
        store.close()
    if analysis is None:
        raise ExportError(f"study {study_id}: no finished analysis yet (start one on the "
                          "study's Analysis page)")
    texts = {p.source.id: p.source.text for p in parsed}
    return Loaded(analysis, f"study-{study_id}", lambda: texts)


def file_texts(analysis: dict[str, Any], base: Path) -> dict[str, str]:
    """Each source's text as the analysis indexed it: its file read again by the same reader,
    found where it was (relative to here or to the analysis folder), and the same text (the
    SHA-256 the analysis recorded). A source that cannot be had that way is an error naming
    it: positions into a different text would point at the wrong words."""
    from jobstory.synthesis.ingest import read_paths

    interviewer = (analysis.get("inputs") or {}).get("interviewer")
    texts: dict[str, str] = {}
    for source in analysis.get("sources") or []:
        if not isinstance(source, dict):
            continue
        source_id, raw = str(source.get("id")), str(source.get("path") or "")
        for candidate in (Path(raw), base / raw, base.parent / raw) if raw else ():
            if not candidate.is_file():
                continue
            parsed, _ = read_paths([candidate], interviewer=interviewer)
            for item in parsed:
                # read alone, a file's id is its own name (plus "#row" for a transcript
                # CSV); in the analysis it may sit under a folder
                same_id = source_id == item.source.id or source_id.endswith(
                    "/" + item.source.id)
                digest = hashlib.sha256(item.source.text.encode("utf-8")).hexdigest()
                if same_id and digest == source.get("sha256"):
                    texts[source_id] = item.source.text
            if source_id in texts:
                break
        if source_id not in texts:
            raise ExportError(f"{raw or source_id}: the source is not where it was analysed, "
                              "or it changed since (export from the folder `jobstory "
                              "analyze` ran in, or analyse again)")
    return texts
