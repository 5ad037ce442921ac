"""Speech made for tests by espeak-ng (a Debian package): WAV files of known sentences.

Nothing here is recorded from people; the sentences are illustrative.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import wave
from pathlib import Path

import numpy as np

from tests.conftest import missing

RATE = 16000


def espeak() -> str:
    found = shutil.which("espeak-ng")
    if found is None:
        missing("espeak-ng (apt-get install espeak-ng)")
    assert found is not None
    return found


def speak(text: str, *, speed: int = 150) -> np.ndarray:
    """espeak-ng's voice saying `text`, as 16 kHz mono float32 samples."""
    wav = subprocess.run([espeak(), "-s", str(speed), "--stdout", text], check=True,
                         capture_output=True).stdout
    with wave.open(io.BytesIO(wav)) as reader:
        rate = reader.getframerate()
        pcm = np.frombuffer(reader.readframes(reader.getnframes()), dtype="<i2")
    samples = pcm.astype(np.float32) / 32768.0
    if rate != RATE:  # espeak-ng speaks at 22050 Hz: resample linearly
        positions = np.arange(0, len(samples), rate / RATE)
        samples = np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
    return samples


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * RATE), dtype=np.float32)


def write_wav(path: Path, *channels: np.ndarray) -> Path:
    """Write one or two channels (padded to the same length) as a 16-bit WAV."""
    length = max(len(c) for c in channels)
    frames = np.stack([np.pad(c, (0, length - len(c))) for c in channels], axis=1)
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(len(channels))
        writer.setsampwidth(2)
        writer.setframerate(RATE)
        writer.writeframes((np.clip(frames, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def conversation(path: Path, turns: list[tuple[int, str]], *, gap: float = 0.6) -> Path:
    """A two-channel call: each (channel 1 or 2, sentence) spoken in turn on its channel."""
    sides: list[list[np.ndarray]] = [[], []]
    for channel, sentence in turns:
        voice = np.concatenate([speak(sentence), silence(gap)])
        sides[channel - 1].append(voice)
        sides[2 - channel].append(silence(len(voice) / RATE))
    return write_wav(path, np.concatenate(sides[0]), np.concatenate(sides[1]))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("-", " "))


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words, by edit distance."""
    ref, hyp = words(reference), words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[len(hyp)] / max(1, len(ref))
