"""A recorded interview -> timed, speaker-labelled WebVTT with a confidence per cue.

A two-channel recording (a call recorder's usual "me left, them right") is split and each
channel transcribed on its own: each becomes one speaker, `Speaker 1` and `Speaker 2`, and
the interviewer among them is found later by the usual rules (who asks the questions). Any
other recording is one voice track: its cues are all labelled `Speaker`.
"""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from typing import Any

from jobstory.interview.voice.embedded import channels, decode
from jobstory.interview.voice.transcript import Progress, Transcriber

#: What `analyze` and `transcribe` accept as recordings (decoded by PyAV, no system ffmpeg).
AUDIO_EXTENSIONS = (".wav", ".mp3", ".m4a", ".ogg", ".webm")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    speaker: str
    text: str
    confidence: float | None

    def as_json(self) -> dict[str, Any]:
        return {"start": round(self.start, 3), "end": round(self.end, 3),
                "speaker": self.speaker, "text": self.text,
                "confidence": None if self.confidence is None else round(self.confidence, 3)}


def _wav(samples: Any) -> bytes:
    """16 kHz float samples -> a 16-bit mono WAV, to hand one channel to any transcriber."""
    import numpy as np

    pcm = (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
    out = io.BytesIO()
    with wave.open(out, "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(16000)
        writer.writeframes(pcm)
    return out.getvalue()


def transcribe_recording(transcriber: Transcriber, audio: bytes, filename: str, *,
                         progress: Progress | None = None) -> tuple[list[Cue], float, int]:
    """(cues in time order, duration in seconds, channel count) for one recording.

    `progress(done, total)` counts seconds of audio, both channels of a stereo file together.
    """
    count = channels(audio)
    if count == 2:
        left, right = decode(audio, split_stereo=True)
        total = 2 * len(left) / 16000

        def side_progress(offset: float) -> Progress | None:
            if progress is None:
                return None
            return lambda done, _total: progress(offset + done, total)

        parts = [(f"Speaker {n}", transcriber.transcribe(
            _wav(side), filename=f"channel{n}.wav", progress=side_progress(offset)))
            for n, side, offset in ((1, left, 0.0), (2, right, total / 2))]
    else:
        parts = [("Speaker", transcriber.transcribe(audio, filename=filename,
                                                    progress=progress))]
    cues = [Cue(s.start, s.end, speaker, s.text, s.confidence)
            for speaker, transcript in parts for s in transcript.segments if s.text.strip()]
    cues.sort(key=lambda c: (c.start, c.speaker))
    cues = [_clipped(cue, later) for cue, later in zip(cues, cues[1:] + [None], strict=True)]
    duration = max((t.duration for _, t in parts), default=0.0)
    return cues, duration, count


def _clipped(cue: Cue, later: Cue | None) -> Cue:
    """Whisper pads a segment's end into the silence after it; where the other channel speaks
    before that, the cue ends there, so cues stay in order without overlapping."""
    if later is None or not cue.start < later.start < cue.end:
        return cue
    return Cue(cue.start, later.start, cue.speaker, cue.text, cue.confidence)


def _clock(seconds: float) -> str:
    millis = round(max(0.0, seconds) * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def webvtt(cues: list[Cue], *, source: str) -> str:
    """The cues as WebVTT; each cue's confidence is in a NOTE just before it."""
    lines = ["WEBVTT", "", f"NOTE transcribed by jobstory ({source}); confidence per cue is "
             "the model's mean token probability", ""]
    for number, cue in enumerate(cues, start=1):
        if cue.confidence is not None:
            lines += [f"NOTE confidence {cue.confidence:.2f}", ""]
        text = " ".join(cue.text.replace("-->", "->").split())
        lines += [str(number), f"{_clock(cue.start)} --> {_clock(max(cue.end, cue.start))}",
                  f"<v {cue.speaker}>{text}", ""]
    return "\n".join(lines)

