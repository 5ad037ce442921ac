"""Read interview transcripts and survey answers into utterances with exact offsets.

`read_paths` takes files and folders. Folders are walked recursively in sorted order,
skipping hidden entries, README* files and unknown extensions; a file named explicitly with
an unknown extension is reported as an error. The format comes from the extension

    .vtt -> WebVTT   .srt -> SubRip   .sbv -> YouTube captions   .txt .md -> text
    .csv -> survey   .json -> jobstory JSON
    .docx -> a Word document, its paragraphs read as text (ingest/word.py)
    .wav .mp3 .m4a .ogg .webm -> a recording, transcribed to WebVTT first (ingest/audio.py)

except that a .txt/.md file that is really WebVTT ("WEBVTT" header) or SubRip (a cue number
then a timing line) is read as such.

Source ids are paths relative to the common folder of everything given (the folder itself
when one folder is given, a file's folder when one file is given), POSIX style, so they are
the same on every machine. Files are decoded as UTF-8 (a leading BOM dropped, newlines kept).
A file that cannot be read - undecodable bytes, empty, no readable cue, missing CSV
columns, invalid JSON, a symbolic link that loops - becomes an `IngestError` with the line
and what was expected; the other files are still read. A file read only in part (a damaged
cue in a VTT, SRT or SBV file, a bad row in a transcript CSV) gives its readable part *and* an
`IngestError` naming the first damaged line. Things that look wrong but lose nothing
(overlapping cue timings...) are warnings, passed to `warn` (see ingest/problems.py).
Results are sorted by source id.

A .csv file is a survey (participant, question, answer) unless it lacks those columns and
one column holds whole conversations: then each row is a transcript of its own
(ingest/transcript_csv.py). Two `csv_columns` (id, text) read it as transcripts outright.
Without either, a speaker column and a text column make it one conversation, a turn per row;
a .json file without jobstory's turns may be a speech-to-text export of utterances
(ingest/utterances.py).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Sequence
from pathlib import Path

from jobstory.synthesis.ingest import (
    audio,
    sbv,
    srt,
    survey_csv,
    text,
    transcript_csv,
    transcript_json,
    utterances,
    vtt,
    word,
)
from jobstory.synthesis.ingest.common import ParseError, iter_lines, resolve_corpus
from jobstory.synthesis.ingest.problems import Problems
from jobstory.synthesis.sources import IngestError, Parsed
from jobstory.text_files import NotText, decode_text

__all__ = ["EXTENSIONS", "detect_format", "read_file", "read_paths", "read_text"]

EXTENSIONS = {
    ".vtt": "vtt",
    ".srt": "srt",
    ".sbv": "sbv",
    ".txt": "text",
    ".md": "text",
    ".csv": "csv",
    ".json": "json",
    **word.EXTENSIONS,
    **audio.EXTENSIONS,
}


def detect_format(suffix: str, content: str) -> str | None:
    """The format for a file's extension, sniffing .txt/.md content for VTT or SRT."""
    fmt = EXTENSIONS.get(suffix.lower())
    if fmt != "text":
        return fmt
    if content.startswith("WEBVTT"):
        return "vtt"
    first: list[str] = []
    for _, start, end in iter_lines(content):
        if content[start:end].strip():
            first.append(content[start:end])
            if len(first) == 2:
                break
    if first and srt.TIMING.match(first[0]):
        return "srt"
    if len(first) == 2 and first[0].strip().isdigit() and srt.TIMING.match(first[1]):
        return "srt"
    return "text"


def _decode(data: bytes, problems: Problems) -> str:
    """The file's text (see `jobstory.text_files`); a Windows-1252 file is a warning."""
    try:
        decoded = decode_text(data)
    except NotText as exc:
        raise ParseError(exc.line, f"{exc}: expected a UTF-8 file") from None
    if (note := decoded.note()) is not None:
        problems.warn("encoding", decoded.windows_1252_line, note)
    return decoded.text


def read_text(
    source_id: str,
    path: str,
    content: str,
    fmt: str,
    *,
    interviewer: str | None = None,
    csv_columns: Sequence[str] = survey_csv.DEFAULT_COLUMNS,
    problems: Problems | None = None,
) -> Parsed:
    """Parse already-decoded `content` as `fmt`; raises ParseError when malformed.

    Damage and warnings in a file read in part go to `problems`."""
    if not content.strip():
        raise ParseError(1, "the file is empty: expected a transcript or survey answers")
    if fmt == "vtt":
        return vtt.parse(source_id, path, content, interviewer=interviewer, problems=problems)
    if fmt == "srt":
        return srt.parse(source_id, path, content, interviewer=interviewer, problems=problems)
    if fmt == "sbv":
        return sbv.parse(source_id, path, content, interviewer=interviewer, problems=problems)
    if fmt in ("text", "docx"):
        return text.parse(source_id, path, content, interviewer=interviewer, fmt=fmt)
    if fmt == "csv":
        return survey_csv.parse(source_id, path, content, columns=csv_columns)
    if fmt == "json":
        return transcript_json.parse(source_id, path, content, interviewer=interviewer)
    raise ValueError(f"unknown format {fmt!r}")


def read_file(
    source_id: str,
    path: str,
    content: str,
    fmt: str,
    *,
    interviewer: str | None = None,
    csv_columns: Sequence[str] = survey_csv.DEFAULT_COLUMNS,
    problems: Problems | None = None,
) -> list[Parsed]:
    """The sources in one file: one, or one per row of a transcript CSV."""
    if fmt == "csv" and content.strip():
        found = transcript_csv.layout(content, csv_columns)
        if found is not None:
            return transcript_csv.parse(source_id, path, content, found,
                                        interviewer=interviewer, problems=problems)
        turns = (utterances.csv_columns(content)
                 if tuple(csv_columns) == survey_csv.DEFAULT_COLUMNS
                 and not survey_csv.has_columns(content, csv_columns) else None)
        if turns is not None:
            return [utterances.parse_csv(source_id, path, content, turns,
                                         interviewer=interviewer, problems=problems)]
    return [read_text(source_id, path, content, fmt, interviewer=interviewer,
                      csv_columns=csv_columns, problems=problems)]


def _cannot_read(exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "cannot read: a symbolic link that loops (too many levels of symbolic links)"
    reason = exc.strerror or str(exc)
    return f"cannot read: {reason[:1].lower()}{reason[1:]}"


def _unreadable(path: Path) -> str:
    """Why a path given to read is neither a file nor a folder."""
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ENOENT and not os.path.islink(path):
            return "no such file or directory"
        return _cannot_read(exc)
    return "cannot read: not a regular file or folder"


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(top: str) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if not _hidden(d))
        for name in sorted(files):
            if _hidden(name) or name.upper().startswith("README"):
                continue
            if os.path.splitext(name)[1].lower() in EXTENSIONS:
                found.append(os.path.join(folder, name))
    return found


def read_paths(
    paths: Sequence[Path | str],
    *,
    interviewer: str | None = None,
    csv_columns: Sequence[str] = survey_csv.DEFAULT_COLUMNS,
    exclude: Sequence[Path | str] = (),
    warn: Callable[[IngestError], None] | None = None,
) -> tuple[list[Parsed], list[IngestError]]:
    """Read every transcript and survey file under `paths`: (parsed sources, errors).

    Folders in `exclude` are not walked into: an analysis written inside its own input folder
    must not be read back as an input the next time. `warn` receives each warning ("file:line:
    what looks wrong") once reading is done, sorted like the errors.
    """
    skipped = [os.path.abspath(e) + os.sep for e in exclude]
    errors: list[IngestError] = []
    bases: list[str] = []
    files: list[tuple[str, str, bool]] = []  # absolute path, path as given/walked, explicit
    for given in paths:
        given = Path(given)
        absolute = os.path.abspath(given)
        if given.is_dir():
            bases.append(absolute)
            inside = [found for found in _walk(str(given))
                      if not any(os.path.abspath(found).startswith(p) for p in skipped)]
            if not inside:  # a mistyped folder must not give an empty report and exit 0
                errors.append(IngestError(given.as_posix(), None, "no transcript or survey "
                                          "files in this folder: expected "
                                          + ", ".join(EXTENSIONS)))
            files += [(os.path.abspath(found), Path(found).as_posix(), False)
                      for found in inside]
        elif given.is_file():
            bases.append(os.path.dirname(absolute))
            files.append((absolute, given.as_posix(), True))
        else:
            errors.append(IngestError(given.as_posix(), None, _unreadable(given)))
    root = os.path.commonpath(bases) if bases else ""

    parsed: list[Parsed] = []
    warnings: list[IngestError] = []
    seen: set[str] = set()
    for absolute, shown, explicit in files:
        if absolute in seen:
            continue
        seen.add(absolute)
        source_id = Path(os.path.relpath(absolute, root)).as_posix()
        suffix = os.path.splitext(absolute)[1]
        if suffix.lower() not in EXTENSIONS:
            if explicit:
                errors.append(
                    IngestError(
                        source_id,
                        None,
                        f"unsupported file type {suffix or '(none)'!r}: expected "
                        + ", ".join(EXTENSIONS),
                    )
                )
            continue
        problems = Problems()
        try:
            content = (audio.read(absolute, shown) if audio.is_audio(suffix)
                       else word.read(absolute) if word.is_word(suffix)
                       else _decode(Path(absolute).read_bytes(), problems))
            fmt = detect_format(suffix, content)
            parsed.extend(
                read_file(
                    source_id,
                    shown,
                    content,
                    fmt,
                    interviewer=interviewer,
                    csv_columns=csv_columns,
                    problems=problems,
                )
            )
        except ParseError as exc:
            errors.append(IngestError(source_id, exc.line, exc.message))
            continue
        except OSError as exc:
            errors.append(IngestError(source_id, None, _cannot_read(exc)))
            continue
        damage = problems.damage_error()
        if damage is not None:
            errors.append(IngestError(source_id, *damage))
        warnings += [IngestError(source_id, line, message)
                     for line, message in problems.warnings()]
    parsed = resolve_corpus(sorted(parsed, key=lambda p: p.source.id), interviewer)
    errors.sort(key=lambda e: (e.source_id, e.line or 0, e.message))
    if warn is not None:
        for warning in sorted(warnings, key=lambda e: (e.source_id, e.line or 0, e.message)):
            warn(warning)
    return parsed, errors

