"""`jobstory transcribe AUDIO... --out DIR [--json]`: recorded calls -> WebVTT, one per file.

This is how a folder of recorded calls gets in: the WebVTT it writes is what `analyze` reads
(and `analyze` also takes the recordings themselves, transcribing them the same way).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from jobstory.interview.voice.recording import AUDIO_EXTENSIONS

err = Console(stderr=True, soft_wrap=True)


def transcribe(
    audio: Annotated[list[Path], typer.Argument(
        help="Recordings: " + ", ".join(AUDIO_EXTENSIONS) + " (decoded without ffmpeg).")],
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for one .vtt per recording.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print every cue with its speaker "
                                                         "and confidence as JSON.")] = False,
) -> None:
    """Transcribe recorded interviews offline into timed WebVTT with a confidence per cue.

    A two-channel recording gives one speaker per channel (Speaker 1, Speaker 2); any other
    is labelled Speaker. Exits 3 when some recording could not be transcribed.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from jobstory.interview.voice import TranscriptionError
    from jobstory.interview.voice.config import transcriber_from_env, unavailable
    from jobstory.interview.voice.recording import transcribe_recording, webvtt

    try:
        transcriber = transcriber_from_env()
    except ValueError as error:
        err.print(f"[red]error:[/] {escape(str(error))}")
        raise typer.Exit(2) from None
    why = unavailable(transcriber)
    if why is not None or transcriber is None:
        err.print(f"[red]error:[/] cannot transcribe: {escape(str(why))}")
        raise typer.Exit(2)
    for path in audio:
        if path.suffix.lower() not in AUDIO_EXTENSIONS:
            err.print(f"[red]error:[/] {escape(str(path))}: unsupported file type "
                      f"{path.suffix or '(none)'!r}: expected " + ", ".join(AUDIO_EXTENSIONS))
            raise typer.Exit(2)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        err.print(f"[red]error:[/] cannot write to {escape(str(out_dir))}: {error.strerror}")
        raise typer.Exit(1) from None
    results: list[dict] = []
    failed = 0
    with Progress(TextColumn("{task.description}"), BarColumn(),
                  TextColumn("{task.completed:.0f}/{task.total:.0f} s"), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:
        for path in audio:
            task = bar.add_task(f"transcribing {path.name}", total=None)
            try:
                cues, duration, channels = transcribe_recording(
                    transcriber, path.read_bytes(), path.name,
                    progress=lambda done, total, task=task: bar.update(
                        task, completed=done, total=total))
            except (OSError, TranscriptionError) as error:
                failed += 1
                reason = error.strerror if isinstance(error, OSError) else str(error)
                err.print(f"[yellow]skipped[/] {escape(str(path))}: {escape(str(reason))}")
                continue
            finally:
                bar.remove_task(task)
            target = out_dir / (path.stem + ".vtt")
            target.write_text(webvtt(cues, source=transcriber.name), encoding="utf-8")
            results.append({"audio": str(path), "vtt": str(target), "channels": channels,
                            "duration": round(duration, 2),
                            "cues": [cue.as_json() for cue in cues]})
            if not as_json:
                print(f"{path} -> {target} ({len(cues)} cues, {duration:.1f} s)")
    if as_json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
    if failed:
        raise typer.Exit(3)
