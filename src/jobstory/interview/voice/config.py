"""Which transcriber and which voice: read from environment variables, like the LLM.

Speech to text (the embedded faster-whisper model unless a server is named):

    JOBSTORY_STT_BASE_URL   an OpenAI-compatible server, e.g. http://127.0.0.1:8000/v1
                            (faster-whisper-server, whisper.cpp server, vLLM, OpenAI)
    JOBSTORY_STT_MODEL      the model name it knows (default whisper-1)
    JOBSTORY_STT_API_KEY    optional
    JOBSTORY_STT_LANGUAGE   optional ISO code sent with each request (the embedded model is
                            English only; a study in another language needs a server)
    JOBSTORY_VOICE          "off" hides voice from participants altogether

Text to speech (the participant's browser's own `speechSynthesis` unless a server is named;
with it the page fetches each sentence from this server through jobstory):

    JOBSTORY_TTS_BASE_URL   an OpenAI-compatible server with /v1/audio/speech
    JOBSTORY_TTS_MODEL      default tts-1
    JOBSTORY_TTS_VOICE      default alloy
    JOBSTORY_TTS_API_KEY    optional
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from jobstory.interview.voice.embedded import EmbeddedTranscriber
from jobstory.interview.voice.remote import RemoteTranscriber
from jobstory.interview.voice.transcript import Transcriber

PLACEHOLDER_KEY = "not-needed"


def _url(name: str, value: str) -> str:
    if not re.match(r"^https?://[^\s/]+", value):
        raise ValueError(f"{name} must be an http(s) URL, got {value!r}")
    return value.rstrip("/")


@dataclass(frozen=True)
class SpeechConfig:
    """An OpenAI-compatible text-to-speech server."""

    base_url: str
    model: str = "tts-1"
    voice: str = "alloy"
    api_key: str = PLACEHOLDER_KEY

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> SpeechConfig | None:
        base = env.get("JOBSTORY_TTS_BASE_URL", "").strip()
        if not base:
            return None
        return cls(base_url=_url("JOBSTORY_TTS_BASE_URL", base),
                   model=env.get("JOBSTORY_TTS_MODEL", "").strip() or "tts-1",
                   voice=env.get("JOBSTORY_TTS_VOICE", "").strip() or "alloy",
                   api_key=env.get("JOBSTORY_TTS_API_KEY", "").strip() or PLACEHOLDER_KEY)


def transcriber_from_env(env: Mapping[str, str] = os.environ) -> Transcriber | None:
    """The configured transcriber; None when voice is switched off."""
    if env.get("JOBSTORY_VOICE", "").strip().lower() in {"off", "0", "false", "no"}:
        return None
    base = env.get("JOBSTORY_STT_BASE_URL", "").strip()
    if base:
        return RemoteTranscriber(
            base_url=_url("JOBSTORY_STT_BASE_URL", base),
            model=env.get("JOBSTORY_STT_MODEL", "").strip() or "whisper-1",
            api_key=env.get("JOBSTORY_STT_API_KEY", "").strip() or PLACEHOLDER_KEY,
            language=env.get("JOBSTORY_STT_LANGUAGE", "").strip() or None)
    return EmbeddedTranscriber()


def unavailable(transcriber: Transcriber | None) -> str | None:
    """Why participants cannot be offered voice here, or None when they can."""
    if transcriber is None:
        return "voice answers are switched off for this server"
    if isinstance(transcriber, EmbeddedTranscriber):
        from jobstory.interview.voice.embedded import available

        return available()
    return None
