"""Where every delivery tool (ask, export, lint, the MCP server, the web's insights and
downloads) gets an analysis: a folder `jobstory analyze` wrote, or a study's latest analysis
in the store; and the texts of its sources, exactly as the analysis indexed them.

One reader for all of them, so a size bound, an error message or a check made here holds
everywhere. I/O at the edge: what reads the loaded analysis is pure.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: analysis.json of a few thousand interviews is tens of megabytes, not gigabytes.
MAX_ANALYSIS_BYTES = 512 * 1024 * 1024


class AnalysisSourceError(Exception):
    """The analysis, study or a source cannot be had; one line naming the file or study and
    why."""


@dataclass(frozen=True)
class Loaded:
    """An analysis, its name (for file names and projects), the participants' own fields a
    store study holds, and a way to read its sources' texts (only some tools need them)."""

    analysis: dict[str, Any]
    name: str
    texts: Callable[[], dict[str, str]]
    fields: dict[str, dict[str, str]] = field(default_factory=dict)


def load(target: str, *, db: str | None = None, analyse_missing: bool = False) -> Loaded:
    """TARGET is a folder with analysis.json (or the file), or a study id in the store at
    `db`. `analyse_missing`: a study with no finished analysis is analysed now."""
    path = Path(target)
    if path.exists() or not target.isdigit():
        analysis = read_analysis(path)
        base = path if path.is_dir() else path.parent
        return Loaded(analysis, base.resolve().name or "jobstory",
                      lambda: source_texts(analysis, base))
    return load_study(int(target), db, analyse_missing=analyse_missing)


def load_study(study_id: int, db: str | None = None, *,
               analyse_missing: bool = False) -> Loaded:
    """A study in the store at `db`: its latest analysis and its participants' fields; the
    texts are read when asked for."""
    store = _open(db)
    try:
        analysis = study_analysis(store, study_id, analyse_missing=analyse_missing)
        fields = study_fields(store, study_id)
    finally:
        store.close()

    def texts() -> dict[str, str]:
        again = _open(db)
        try:
            return study_texts(again, study_id, analysis)
        finally:
            again.close()
    return Loaded(analysis, f"study-{study_id}", texts, fields)


def read_analysis(target: Path, *,
                  needs: tuple[str, ...] = ("job_stories", "segments")) -> dict[str, Any]:
    """analysis.json in `target` (a folder, or the file itself), bounded in size, with the
    lists a reader `needs` (the linter needs only the stories)."""
    file = target / "analysis.json" if target.is_dir() else target
    try:
        if file.stat().st_size > MAX_ANALYSIS_BYTES:
            raise AnalysisSourceError(f"{file}: larger than {MAX_ANALYSIS_BYTES // 2**20} MB")
        analysis = json.loads(file.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise AnalysisSourceError(f"{file}: no analysis here (run `jobstory analyze ... --out "
                                  f"{target}` first, or give a study id)") from None
    except OSError as error:
        raise AnalysisSourceError(f"{file}: cannot read ({error.strerror or error})") from None
    except ValueError as error:  # also bytes that are not UTF-8
        raise AnalysisSourceError(f"{file}: not valid JSON ({error})") from None
    for key in needs:
        if not isinstance(analysis, dict) or not isinstance(analysis.get(key), list):
            raise AnalysisSourceError(f"{file}: not a jobstory analysis (no {key})")
    return analysis


def study_analysis(store: Any, study_id: int, *,
                   analyse_missing: bool = False) -> dict[str, Any]:
    """The study's latest finished analysis (decisions applied). With none:
    `analyse_missing` makes one now from its completed interviews (the pipeline of `jobstory
    analyze --study`), else an error."""
    from jobstory.analysis_runs import latest_analysis

    found = latest_analysis(store, study_id)
    if found is not None:
        return found
    if not analyse_missing:
        raise AnalysisSourceError(f"study {study_id}: no finished analysis yet (start one on "
                                  "the study's Analysis page)")
    from jobstory.synthesis.ingest.store import read_store
    from jobstory.synthesis.pipeline import Inputs, analyse

    parsed = read_store(store, study_id)
    if not parsed:
        raise AnalysisSourceError(f"study {study_id}: no completed interviews to ask about")
    return analyse(Inputs(parsed, []), paths=[f"study:{study_id}"])


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


def source_texts(analysis: Mapping[str, Any], base: Path) -> dict[str, str]:
    """Each source's text as the analysis indexed it, where it can be had: the text the
    analysis carries (a rendered format), else its file read again by the same reader, found
    where it was (relative to here or to the analysis folder). Only a text with the SHA-256
    the analysis recorded counts: positions into another text point at other words."""
    from jobstory.synthesis.ingest import read_paths

    interviewer = (analysis.get("inputs") or {}).get("interviewer")

    def candidates(source: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
        source_id, raw = str(source.get("id")), str(source.get("path") or "")
        if isinstance(source.get("text"), str):
            yield source_id, source["text"]
        for place in (Path(raw), base / raw, base.parent / raw) if raw else ():
            if not place.is_file():
                continue
            parsed, _ = read_paths([place], interviewer=interviewer)
            for item in parsed:
                # read alone, a file's id is its own name (plus "#row" for a transcript
                # CSV); in the analysis it may sit under a folder
                if source_id == item.source.id or source_id.endswith("/" + item.source.id):
                    yield source_id, item.source.text

    return _verified(analysis, candidates)


def study_texts(store: Any, study_id: int, analysis: Mapping[str, Any]) -> dict[str, str]:
    """The texts of the study's analysed interviews as the store holds them now, where they
    are still the texts the analysis read (an interview edited or removed since is not)."""
    from jobstory.synthesis.ingest.store import read_store

    stored = {p.source.id: p.source.text for p in read_store(store, study_id)}

    def candidates(source: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
        source_id = str(source.get("id"))
        if source_id in stored:
            yield source_id, stored[source_id]

    return _verified(analysis, candidates)


def require_texts(analysis: Mapping[str, Any], texts: Mapping[str, str]) -> None:
    """An error naming the first source whose text is not at hand, for what needs them all."""
    for source in _sources(analysis):
        if str(source.get("id")) not in texts:
            raw = str(source.get("path") or "")
            raise AnalysisSourceError(
                f"{raw or source.get('id')}: the source is not where it was analysed, or it "
                "changed since (export from the folder `jobstory analyze` ran in, or analyse "
                "again)")


def _sources(analysis: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [s for s in analysis.get("sources") or [] if isinstance(s, dict)]


def _verified(analysis: Mapping[str, Any],
              candidates: Callable[[Mapping[str, Any]], Iterable[tuple[str, str]]]
              ) -> dict[str, str]:
    """The first candidate text of each source whose SHA-256 is the one the analysis
    recorded."""
    texts: dict[str, str] = {}
    for source in _sources(analysis):
        for source_id, text in candidates(source):
            if hashlib.sha256(text.encode("utf-8")).hexdigest() == source.get("sha256"):
                texts[source_id] = text
                break
    return texts


def _open(db: str | None) -> Any:
    from jobstory.store.db import StoreError, open_store

    try:
        return open_store(db)
    except StoreError as error:
        raise AnalysisSourceError(str(error)) from None
