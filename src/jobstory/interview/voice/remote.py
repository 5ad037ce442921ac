"""Any OpenAI-compatible `/v1/audio/transcriptions` server as the transcriber.

Asks for `verbose_json` with segment and word timestamps: segments carry `avg_logprob` (the
confidence), and servers built on faster-whisper also give each word a `probability`. A server
that gives neither still works; its answers simply have no confidence.
"""

from __future__ import annotations

from typing import Any

import httpx

from jobstory.interview.voice.transcript import (
    Progress,
    Segment,
    Transcript,
    TranscriptionError,
    Word,
)

TIMEOUT_SECONDS = 120.0


class RemoteTranscriber:
    name = "remote"

    def __init__(self, *, base_url: str, model: str, api_key: str = "not-needed",
                 language: str | None = None, timeout: float = TIMEOUT_SECONDS) -> None:
        self.url = base_url.rstrip("/") + "/audio/transcriptions"
        self.model = model
        self.api_key = api_key
        self.language = language
        self.timeout = timeout

    def transcribe(self, audio: bytes, *, filename: str = "audio.webm",
                   progress: Progress | None = None) -> Transcript:
        data: dict[str, str | list[str]] = {
            "model": self.model, "response_format": "verbose_json",
            "timestamp_granularities[]": ["segment", "word"]}
        if self.language:
            data["language"] = self.language
        try:
            response = httpx.post(
                self.url, data=data, timeout=self.timeout,
                files={"file": (filename, audio, "application/octet-stream")},
                headers={"Authorization": f"Bearer {self.api_key}"})
        except httpx.HTTPError as error:
            raise TranscriptionError(f"transcription server unreachable: {error}") from None
        if response.status_code != 200:
            raise TranscriptionError(
                f"transcription server answered {response.status_code}: {response.text[:200]}")
        try:
            transcript = parse(response.json(), source=self.name)
        except (ValueError, TypeError, KeyError) as error:
            raise TranscriptionError(f"transcription server sent an unreadable reply: {error}"
                                     ) from None
        if progress is not None:
            progress(transcript.duration, transcript.duration)
        return transcript


def _number(value: Any, default: float = 0.0) -> float:
    return float(value) if isinstance(value, int | float) else default


def parse(body: Any, *, source: str = "remote") -> Transcript:
    """A `verbose_json` (or plain `json`) transcription reply -> Transcript."""
    if not isinstance(body, dict) or not isinstance(body.get("text", ""), str):
        raise ValueError("expected a JSON object with 'text'")
    words = [Word(text=str(w.get("word", "")), start=_number(w.get("start")),
                  end=_number(w.get("end")),
                  probability=_number(w["probability"]) if isinstance(
                      w.get("probability"), int | float) else None)
             for w in body.get("words") or () if isinstance(w, dict)]
    segments: list[Segment] = []
    for raw in body.get("segments") or ():
        if not isinstance(raw, dict):
            continue
        start, end = _number(raw.get("start")), _number(raw.get("end"))
        inside = tuple(w for w in words if start <= w.start < end or (
            w.start == end == start))
        logprob = raw.get("avg_logprob")
        segments.append(Segment(start=start, end=end, text=str(raw.get("text", "")).strip(),
                                avg_logprob=float(logprob) if isinstance(
                                    logprob, int | float) else None, words=inside))
    if not segments and body.get("text", "").strip():
        duration = _number(body.get("duration"))
        segments.append(Segment(start=0.0, end=duration, text=body["text"].strip(),
                                avg_logprob=None, words=tuple(words)))
    return Transcript(segments=tuple(segments), duration=_number(body.get("duration")),
                      language=str(body.get("language") or "en"), source=source)
