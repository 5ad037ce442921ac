"""Recorded interviews (.wav .mp3 .m4a .ogg .webm): transcribed first, then read as WebVTT.

The recording is decoded by the PyAV wheels faster-whisper already depends on (no system
ffmpeg) and transcribed by the configured transcriber (the embedded Whisper model unless
JOBSTORY_STT_BASE_URL names a server; see interview/voice/config.py) into the WebVTT that
`jobstory transcribe` writes: a two-channel recording gives one speaker per channel, anything
else cues labelled `Speaker`. The source's text is that WebVTT, so every quote is a verbatim
slice of it, with its cue's time.

A transcript is cached by the SHA-256 of the recording and the transcriber, so analysing a
folder of calls again costs seconds, and the same recording always gives the same text.
Progress (seconds of audio transcribed) goes to stderr: a bar on a terminal, lines otherwise.
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

from jobstory.interview.voice.recording import AUDIO_EXTENSIONS
from jobstory.synthesis.ingest.common import ParseError

EXTENSIONS = dict.fromkeys(AUDIO_EXTENSIONS, "vtt")
CACHE_VERSION = "1"


def is_audio(suffix: str) -> bool:
    return suffix.lower() in EXTENSIONS


def _cache_file(audio: bytes, transcriber: str) -> Path:
    from jobstory.synthesis.embed import cache_root

    digest = hashlib.sha256(audio).hexdigest()
    return cache_root() / "transcripts" / f"{transcriber}-v{CACHE_VERSION}-{digest}.vtt"


def _reporter(name: str):  # noqa: ANN202 - a Progress callback
    """Print `transcribing NAME 12/340 s` on stderr, at most once a second (or a Rich bar)."""
    from rich.console import Console

    console = Console(stderr=True, soft_wrap=True)
    last = [0.0]

    def report(done: float, total: float) -> None:
        now = time.monotonic()
        if done < total and now - last[0] < 1.0:
            return
        last[0] = now
        console.print(f"transcribing {name} {done:.0f}/{total:.0f} s", highlight=False,
                      markup=False)

    return report


def read(path: str, shown: str) -> str:
    """The recording at `path` as WebVTT text; ParseError when it cannot be transcribed."""
    from jobstory.interview.voice import TranscriptionError
    from jobstory.interview.voice.config import transcriber_from_env, unavailable

    audio = Path(path).read_bytes()
    if not audio:
        raise ParseError(None, "the recording is empty")
    try:
        transcriber = transcriber_from_env()
    except ValueError as error:
        raise ParseError(None, str(error)) from None
    why = unavailable(transcriber)
    if why is not None or transcriber is None:
        raise ParseError(None, f"cannot transcribe recordings: {why}")
    cached = _cache_file(audio, transcriber.name)
    if transcriber.name == "embedded" and cached.exists():
        return cached.read_text(encoding="utf-8")
    from jobstory.interview.voice.recording import transcribe_recording, webvtt

    try:
        cues, _duration, _channels = transcribe_recording(
            transcriber, audio, Path(path).name, progress=_reporter(shown))
    except TranscriptionError as error:
        raise ParseError(None, str(error)) from None
    if not cues:
        raise ParseError(None, "no speech found in the recording")
    text = webvtt(cues, source=transcriber.name)
    if transcriber.name == "embedded":
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(text, encoding="utf-8")
        except OSError:
            print(f"warning: cannot cache the transcript of {shown}", file=sys.stderr)
    return text
